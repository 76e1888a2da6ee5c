/** The tfjs backends the lab can train on. */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
