/**
 * How the browser tests and the bench start Debian's Chromium: headless, as
 * root, with WebGPU enabled (a software adapter on machines without a GPU)
 * and without the background traffic a closed network refuses.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
