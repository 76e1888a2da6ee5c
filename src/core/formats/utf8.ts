/** Decodes UTF-8 strictly: null where the bytes are not UTF-8 (a file saved in another encoding). A leading byte-order mark is dropped. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}
