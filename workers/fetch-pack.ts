/** The worker's source of data packs: the site's data folder. */
import type { PackSource } from '../src/engine/data/registry';

/** Reads a pack from the site's data folder, reporting download progress. */
export const fetchPack: PackSource = async (file, onProgress) => {
  const url = `${import.meta.env.BASE_URL}data/${file}`;
  // Asking for binary keeps a single-page-app server from answering with index.html.
  const response = await fetch(url, { headers: { Accept: 'application/octet-stream' } });
  const isHtml = response.headers.get('content-type')?.includes('text/html') ?? false;
  if (response.status === 404 || (response.ok && isHtml)) {
    throw new Error(`The data pack "${file}" is missing from the server. Run \`npm run prepare-data\` to build it.`);
  }
  if (!response.ok || !response.body) {
    throw new Error(`Could not download the data pack "${file}" (HTTP ${response.status}).`);
  }
  const total = Number(response.headers.get('content-length')) || 0;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    onProgress?.(loaded, total);
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes.buffer;
};
