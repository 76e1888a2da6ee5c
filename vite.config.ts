import { defineConfig, type Plugin } from 'vite';
import solid from 'vite-plugin-solid';

/**
 * Cross-origin isolation (COOP + COEP) unlocks SharedArrayBuffer, which the
 * threaded wasm backend needs; both servers send it so dev and preview behave alike.
 */
export const CROSS_ORIGIN_ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The app's Content-Security-Policy: scripts, workers, styles and data only
 * from its own origin, no inline script and no eval. 'wasm-unsafe-eval' lets
 * the worker compile tfjs's WebAssembly; images may be data: or blob: URLs
 * (previews drawn in the page).
 * - `threads`: tfjs's threaded wasm starts each thread as a blob: worker that
 *   loads tfjs from a blob: script; refused those, the wasm backend waits for
 *   its threads forever.
 * - `inlineStyles`: the dev server adds each stylesheet as a <style> element.
 */
function contentSecurityPolicy(allow: { threads: boolean; inlineStyles: boolean }): string {
  const blob = allow.threads ? ' blob:' : '';
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval'${blob}`,
    `worker-src 'self'${blob}`,
    `style-src 'self'${allow.inlineStyles ? " 'unsafe-inline'" : ''}`,
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The page's policy, as a meta tag in the built page so that any static host keeps it. The page starts no threads. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy({ threads: false, inlineStyles: false });

/**
 * The policy a host sends as a header on every response (README, "Hosting").
 * A worker takes its policy from its own script's response, never from the
 * page's meta tag, so this header is what reaches the worker, which parses
 * every untrusted file; the page enforces both, so it keeps the stricter meta.
 */
export const CONTENT_SECURITY_POLICY_HEADER = contentSecurityPolicy({ threads: true, inlineStyles: false });

const contentSecurityPolicyMeta: Plugin = {
  name: 'content-security-policy',
  apply: 'build',
  transformIndexHtml: () => [
    {
      tag: 'meta',
      attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
      injectTo: 'head-prepend',
    },
  ],
};

export default defineConfig({
  plugins: [solid(), contentSecurityPolicyMeta],
  server: {
    headers: {
      ...CROSS_ORIGIN_ISOLATION,
      'Content-Security-Policy': contentSecurityPolicy({ threads: true, inlineStyles: true }),
    },
  },
  preview: { headers: { ...CROSS_ORIGIN_ISOLATION, 'Content-Security-Policy': CONTENT_SECURITY_POLICY_HEADER } },
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
