/**
 * A comparison as a link: the whole config in the URL's fragment (which the
 * browser never sends to a server), versioned, compressed and checked. The
 * page, `npm run lab -- url` and `npm run lab -- run --url` all read and
 * write links through this module, and every link read is validated with
 * the config schema, so a link can only ever describe what a config file
 * could.
 *
 * Fragment: `lab=<version>.<payload>.<check>`, where payload is the JSON of
 * `{ config, classroom? }`, deflated and base64url-encoded, and check is the FNV-1a hash of that
 * JSON (8 hex digits): a truncated or edited link is refused instead of
 * running something its sender never wrote.
 */
import { deflateSync, Inflate } from 'fflate';
import * as v from 'valibot';
import { type ConfigProblem, type Known, type LabConfig, parseConfigWith } from '../settings/config';
import { oneOf, settings } from '../settings/fields';

export const LINK_VERSION = 1;
/** The longest fragment read: far above any real config (about 300 characters), far below what a browser allows. */
export const MAX_LINK_CHARS = 8000;
/** The most bytes a payload may inflate to: a link cannot make the page allocate more. */
export const MAX_CONFIG_BYTES = 64 * 1024;
/** Where `npm run lab -- url` points by default: the page as `npm run dev` serves it. */
export const DEFAULT_LINK_BASE = 'http://localhost:5173/';

const PREFIX = 'lab=';
/** Bytes of compressed payload inflated at a time. */
const PIECE = 64;

/** The parts of the form a classroom link hides, so that a class sees only what the lesson is about. */
export const CLASSROOM_CONTROLS = [
  'dataset',
  'model',
  'budget',
  'train',
  'methods',
  'seeds',
  'backend',
  'target',
] as const;
export type ClassroomControl = (typeof CLASSROOM_CONTROLS)[number];

/** The longest lesson title and story a link carries: a heading and a paragraph, not a document. */
export const MAX_LESSON_TITLE = 120;
export const MAX_LESSON_STORY = 1000;

/**
 * How the page shows a shared comparison: in classroom mode, with some
 * controls hidden, and the lesson's title and story (what the class should
 * look for) over the chart.
 */
export interface ClassroomView {
  hide: ClassroomControl[];
  title?: string;
  story?: string;
}

/** What a link carries: the comparison and, for a lesson, the classroom view. */
export interface SharedState {
  config: LabConfig;
  classroom?: ClassroomView;
}

/** A lesson's title or story: plain text, shown as text (never as markup). */
function lessonText(maxLength: number) {
  return v.pipe(v.string('must be text'), v.maxLength(maxLength, `must be at most ${maxLength} characters`));
}

const LinkSchema = settings({
  config: v.unknown(),
  classroom: v.optional(
    settings({
      hide: v.pipe(
        v.array(oneOf('control', CLASSROOM_CONTROLS), `must be a list of controls: ${CLASSROOM_CONTROLS.join(', ')}`),
        v.maxLength(CLASSROOM_CONTROLS.length, 'names a control twice'),
      ),
      title: v.optional(lessonText(MAX_LESSON_TITLE)),
      story: v.optional(lessonText(MAX_LESSON_STORY)),
    }),
  ),
});

export type LinkReading =
  | ({ ok: true } & SharedState)
  /**
   * `problems`: the schema's, where the link decoded but its config is not
   * valid; `dataset` then names the dataset it asks for (one uploaded on the
   * sender's machine, perhaps), for the receiver to be told which one.
   */
  | { ok: false; message: string; problems?: ConfigProblem[]; dataset?: string };

/** The fragment (without '#') that holds `state`. */
export function shareFragment(state: SharedState): string {
  const json = JSON.stringify(
    state.classroom ? { config: state.config, classroom: state.classroom } : { config: state.config },
  );
  const payload = base64UrlEncode(deflateSync(new TextEncoder().encode(json), { level: 9 }));
  return `${PREFIX}${LINK_VERSION}.${payload}.${fnv1a(json)}`;
}

/** A full link: `base` (an origin and path) with the state's fragment. */
export function shareLink(state: SharedState, base: string): string {
  const url = new URL(base);
  url.hash = shareFragment(state);
  return url.toString();
}

/** Whether a URL's fragment (with or without '#') is meant to be a lab link at all. */
export function isShareFragment(fragment: string): boolean {
  return fragment.replace(/^#/, '').startsWith(PREFIX);
}

/** Reads a link, or just its fragment, and checks its config against what `known` offers. Never throws: every failure is a message for the user. */
export function readShareLink(link: string, known: Known): LinkReading {
  const hashAt = link.indexOf('#');
  const fragment = hashAt === -1 ? link : link.slice(hashAt + 1);
  if (fragment.length > MAX_LINK_CHARS)
    return refuse(`the link is too long (${fragment.length} characters; a lab link has at most ${MAX_LINK_CHARS})`);
  if (!fragment.startsWith(PREFIX))
    return refuse('the link holds no lab configuration (its part after "#" should start with "lab=")');
  const parts = fragment.slice(PREFIX.length).split('.');
  const version = Number(parts[0]);
  if (!/^\d+$/.test(parts[0] ?? ''))
    return refuse('the link is damaged: it does not say which version of the lab wrote it');
  if (version > LINK_VERSION)
    return refuse(
      `the link was made by a newer version of the lab (link version ${version}; this lab reads version ${LINK_VERSION})`,
    );
  if (version !== LINK_VERSION)
    return refuse(`the link's version ${version} is not one this lab reads (it reads version ${LINK_VERSION})`);
  if (parts.length !== 3 || !/^[A-Za-z0-9_-]+$/.test(parts[1]) || !/^[0-9a-f]{8}$/.test(parts[2])) {
    return refuse('the link is damaged or cut short (it should end with an 8-digit check after the configuration)');
  }
  const json = inflateText(parts[1]);
  if (json === null) return refuse('the link is damaged or cut short: its configuration does not decompress');
  if (json === undefined)
    return refuse(`the link's configuration is too large (over ${MAX_CONFIG_BYTES / 1024} KiB once decompressed)`);
  if (fnv1a(json) !== parts[2])
    return refuse('the link was changed or damaged: its check does not match its configuration');
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return refuse('the link is damaged: its configuration is not JSON');
  }
  const shape = v.safeParse(LinkSchema, raw);
  if (!shape.success) {
    const list = shape.issues
      .map((issue) => `${issue.path?.map((p) => String(p.key)).join('.') ?? '(link)'}: ${issue.message}`)
      .join('; ');
    return refuse(`the link's content is not what a lab link holds: ${list}`);
  }
  const parsed = parseConfigWith(shape.output.config, known);
  if (!parsed.ok) {
    const list = parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; ');
    const dataset = (shape.output.config as { dataset?: unknown } | null)?.dataset;
    return {
      ok: false,
      message: `the link's configuration is not valid here: ${list}`,
      problems: parsed.problems,
      ...(typeof dataset === 'string' ? { dataset } : {}),
    };
  }
  const classroom = shape.output.classroom && classroomView(shape.output.classroom);
  return classroom ? { ok: true, config: parsed.config, classroom } : { ok: true, config: parsed.config };
}

/** A classroom view as the page keeps it: each control once, a title or story only where it has words. */
export function classroomView(view: ClassroomView): ClassroomView {
  const title = view.title?.trim();
  const story = view.story?.trim();
  return { hide: [...new Set(view.hide)], ...(title ? { title } : {}), ...(story ? { story } : {}) };
}

function refuse(message: string): LinkReading {
  return { ok: false, message };
}

/** The payload's text; null when it does not inflate, undefined when it inflates past MAX_CONFIG_BYTES. */
function inflateText(payload: string): string | null | undefined {
  const bytes = base64UrlDecode(payload);
  if (!bytes) return null;
  const chunks: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  let tooLarge = false;
  // Streamed in small pieces (deflate expands a byte at most about a thousandfold),
  // so that a link made to inflate hugely stops at the limit instead of filling memory.
  const inflater = new Inflate((chunk, final) => {
    size += chunk.length;
    if (size > MAX_CONFIG_BYTES) {
      tooLarge = true;
      throw new Error('too large');
    }
    chunks.push(chunk);
    if (final) ended = true;
  });
  try {
    for (let at = 0; at < bytes.length; at += PIECE)
      inflater.push(bytes.subarray(at, at + PIECE), at + PIECE >= bytes.length);
  } catch {
    return tooLarge ? undefined : null;
  }
  if (!ended) return null;
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.length;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(all);
  } catch {
    return null;
  }
}

/** FNV-1a over the string's UTF-16 code units, as 8 hex digits. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function base64UrlEncode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let c = 0; c < chars; c++) out += ALPHABET[(n >> (18 - 6 * c)) & 63];
  }
  return out;
}

/** The bytes of unpadded base64url text; null where the text cannot be such (a length of 1 mod 4). */
function base64UrlDecode(text: string): Uint8Array | null {
  if (text.length % 4 === 1) return null;
  const bytes = new Uint8Array(Math.floor((text.length * 6) / 8));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const char of text) {
    value = (value << 6) | ALPHABET.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[at++] = (value >> bits) & 255;
    }
  }
  return bytes;
}
