/**
 * The bundled-data pack: one binary file per dataset, written by
 * scripts/prepare-data.ts and read by the engine in the browser and in Node.
 *
 *   bytes 0..3   ASCII "LABP"
 *   bytes 4..7   header length in bytes, uint32 little-endian
 *   then         the UTF-8 JSON header, zero-padded to a multiple of 4
 *   then         the sections; each `byteOffset` counts from the first byte
 *                after the padded header and is a multiple of 4, so typed
 *                arrays can be viewed in place without a copy.
 */
import * as v from 'valibot';

export const PACK_FORMAT = 1;
const MAGIC = 'LABP';
const PREFIX_BYTES = 8;

export type SectionDtype = 'uint8' | 'int32' | 'float32' | 'json';

/** What `section(name, dtype)` returns for each dtype. */
export interface SectionTypes {
  uint8: Uint8Array;
  int32: Int32Array;
  float32: Float32Array;
  json: unknown;
}

const count = v.pipe(v.number(), v.integer(), v.minValue(0));

const HeaderSchema = v.object({
  format: v.literal(PACK_FORMAT),
  id: v.pipe(v.string(), v.minLength(1)),
  name: v.string(),
  classes: v.pipe(v.array(v.string()), v.minLength(2)),
  input: v.variant('kind', [
    v.object({ kind: v.literal('image'), height: count, width: count, channels: count }),
    v.object({ kind: v.literal('vector'), length: count }),
    // Text packs store raw strings; the engine tokenizes them on load.
    v.object({ kind: v.literal('text') }),
  ]),
  trainCount: count,
  testCount: count,
  source: v.object({ package: v.string(), version: v.string() }),
  sections: v.array(
    v.object({
      name: v.string(),
      dtype: v.picklist(['uint8', 'int32', 'float32', 'json']),
      byteOffset: count,
      byteLength: count,
    }),
  ),
});

export type PackHeader = v.InferOutput<typeof HeaderSchema>;
export type PackSection = PackHeader['sections'][number];
/** The header a pack is written from; the format and the section table are filled in. */
export type PackMeta = Omit<PackHeader, 'format' | 'sections'>;

export interface DecodedPack {
  header: PackHeader;
  /** A section's data; throws if the pack has no such section or it has another dtype. */
  section<D extends SectionDtype>(name: string, dtype: D): SectionTypes[D];
}

// Typed arrays are read and written in host byte order; the format is little-endian.
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const align4 = (n: number) => (n + 3) & ~3;

export function encodePack(
  meta: PackMeta,
  sections: Record<string, Uint8Array | Int32Array | Float32Array | unknown>,
): Uint8Array {
  if (!HOST_IS_LITTLE_ENDIAN) throw new Error('pack: big-endian hosts are not supported');
  const table: PackSection[] = [];
  const blobs: Uint8Array[] = [];
  let offset = 0;
  for (const [name, value] of Object.entries(sections)) {
    const { dtype, bytes } = sectionBytes(name, value);
    table.push({ name, dtype, byteOffset: offset, byteLength: bytes.byteLength });
    blobs.push(bytes);
    offset = align4(offset + bytes.byteLength);
  }
  const header: PackHeader = { format: PACK_FORMAT, ...meta, sections: table };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const dataStart = align4(PREFIX_BYTES + headerBytes.byteLength);

  const out = new Uint8Array(dataStart + offset);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(4, headerBytes.byteLength, true);
  out.set(headerBytes, PREFIX_BYTES);
  table.forEach((s, i) => out.set(blobs[i], dataStart + s.byteOffset));
  return out;
}

function sectionBytes(name: string, value: unknown): { dtype: SectionDtype; bytes: Uint8Array } {
  const view = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (value instanceof Uint8Array) return { dtype: 'uint8', bytes: view(value) };
  if (value instanceof Int32Array) return { dtype: 'int32', bytes: view(value) };
  if (value instanceof Float32Array) return { dtype: 'float32', bytes: view(value) };
  if (ArrayBuffer.isView(value))
    throw new Error(
      `pack: section "${name}" is a ${value.constructor.name}; use Uint8Array, Int32Array or Float32Array`,
    );
  return { dtype: 'json', bytes: new TextEncoder().encode(JSON.stringify(value)) };
}

/**
 * Reads and checks the header from the start of a pack. `bytes` may be just
 * a prefix of the file (enough to hold the header); section bounds are not
 * checked here. `file` names the pack in error messages.
 */
export function decodePackHeader(bytes: Uint8Array, file = 'pack'): { header: PackHeader; dataStart: number } {
  if (bytes.byteLength < PREFIX_BYTES) throw new Error(`${file}: truncated (${bytes.byteLength} bytes, no header)`);
  if (new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC)
    throw new Error(`${file}: not a data pack (wrong magic bytes)`);
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, PREFIX_BYTES).getUint32(4, true);
  if (PREFIX_BYTES + headerLength > bytes.byteLength) {
    throw new Error(
      `${file}: truncated (header needs ${PREFIX_BYTES + headerLength} bytes, file has ${bytes.byteLength})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength)));
  } catch {
    throw new Error(`${file}: header is not valid JSON`);
  }
  const parsed = v.safeParse(HeaderSchema, json);
  if (!parsed.success) {
    const format = (json as { format?: unknown } | null)?.format;
    if (format !== undefined && format !== PACK_FORMAT) {
      throw new Error(
        `${file}: pack format ${JSON.stringify(format)} is not supported (expected ${PACK_FORMAT}); run \`npm run prepare-data -- --force\``,
      );
    }
    throw new Error(`${file}: malformed header: ${v.summarize(parsed.issues)}`);
  }
  return { header: parsed.output, dataStart: align4(PREFIX_BYTES + headerLength) };
}

export function decodePack(buf: ArrayBuffer, file = 'pack'): DecodedPack {
  if (!HOST_IS_LITTLE_ENDIAN) throw new Error('pack: big-endian hosts are not supported');
  const { header, dataStart } = decodePackHeader(new Uint8Array(buf), file);
  for (const s of header.sections) {
    if (s.byteOffset % 4 !== 0) throw new Error(`${file}: section "${s.name}" is not 4-byte aligned`);
    if (dataStart + s.byteOffset + s.byteLength > buf.byteLength) {
      throw new Error(`${file}: truncated (section "${s.name}" ends past the end of the file)`);
    }
  }
  return {
    header,
    section<D extends SectionDtype>(name: string, dtype: D): SectionTypes[D] {
      const s = header.sections.find((x) => x.name === name);
      if (!s) throw new Error(`${file}: no section "${name}" (has: ${header.sections.map((x) => x.name).join(', ')})`);
      if (s.dtype !== dtype) throw new Error(`${file}: section "${name}" is ${s.dtype}, expected ${dtype}`);
      const start = dataStart + s.byteOffset;
      return readSection(buf, start, s, file) as SectionTypes[D];
    },
  };
}

function readSection(buf: ArrayBuffer, start: number, s: PackSection, file: string): SectionTypes[SectionDtype] {
  const whole = (size: number) => {
    if (s.byteLength % size !== 0) throw new Error(`${file}: section "${s.name}" length is not a multiple of ${size}`);
    return s.byteLength / size;
  };
  switch (s.dtype) {
    case 'uint8':
      return new Uint8Array(buf, start, s.byteLength);
    case 'int32':
      return new Int32Array(buf, start, whole(4));
    case 'float32':
      return new Float32Array(buf, start, whole(4));
    case 'json':
      try {
        return JSON.parse(new TextDecoder().decode(new Uint8Array(buf, start, s.byteLength)));
      } catch {
        throw new Error(`${file}: section "${s.name}" is not valid JSON`);
      }
  }
}
