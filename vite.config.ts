import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

/**
 * Cross-origin isolation (COOP + COEP) unlocks SharedArrayBuffer, which the
 * threaded wasm backend needs; both servers send it so dev and preview behave alike.
 */
const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [solid()],
  server: { headers: crossOriginIsolation },
  preview: { headers: crossOriginIsolation },
  // Module workers let the worker chunk import tfjs on its own; the page's chunk never does.
  worker: {
    format: 'es',
    // The threaded wasm backend starts its threads from the source text of
    // its own factory function; renamed identifiers break it ("e is not
    // defined" in every thread), so the worker is minified without mangling.
    rolldownOptions: { output: { minify: { mangle: false, compress: false } } },
  },
  build: {
    target: 'es2022',
    // The worker chunk carries tfjs (several MB); the page's own chunk stays small.
    chunkSizeWarningLimit: 2048,
  },
});
