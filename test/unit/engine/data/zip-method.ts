/** Zips whose entries claim a compression the lab does not read: for the unit and browser tests of its refusal. */

/** The archive with `entry` marked, in its local and central headers, as compressed by `method` (APPNOTE 4.4.5); its bytes stay as stored. */
export function withMethod(archive: Uint8Array, entry: string, method: number): Uint8Array {
  const out = archive.slice();
  const view = new DataView(out.buffer);
  const name = new TextEncoder().encode(entry);
  const named = (at: number) => name.every((byte, i) => out[at + i] === byte);
  for (let at = 0; at + 46 < out.length; at++) {
    const signature = view.getUint32(at, true);
    if (signature === 0x04034b50 && view.getUint16(at + 26, true) === name.length && named(at + 30))
      view.setUint16(at + 8, method, true);
    if (signature === 0x02014b50 && view.getUint16(at + 28, true) === name.length && named(at + 46))
      view.setUint16(at + 10, method, true);
  }
  return out;
}
