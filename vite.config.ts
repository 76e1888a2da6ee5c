import { defineConfig, type Plugin } from 'vite';
import solid from 'vite-plugin-solid';

/**
 * Cross-origin isolation (COOP + COEP) unlocks SharedArrayBuffer, which the
 * threaded wasm backend needs; both servers send it so dev and preview behave alike.
 */
const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The built app's Content-Security-Policy, as a meta tag so that any static
 * host keeps it: scripts, workers, styles and data only from the app's own
 * origin, no inline script and no eval. 'wasm-unsafe-eval' lets the worker
 * compile tfjs's WebAssembly; images may be data: or blob: URLs (previews
 * drawn in the page). The dev server goes without: its hot reload needs more.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const contentSecurityPolicy: Plugin = {
  name: 'content-security-policy',
  apply: 'build',
  transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }],
};

export default defineConfig({
  plugins: [solid(), contentSecurityPolicy],
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
