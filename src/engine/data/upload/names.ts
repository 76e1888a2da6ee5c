/**
 * Names that come from a file (archive entries, folders, labels). They are
 * only ever shown as text and never used as paths, but a name that climbs
 * out of a folder or carries markup is refused all the same: no honest
 * dataset needs one, and a refusal is clearer than a silent rewrite.
 */
import { fail } from './upload-error';
import type { UploadLimits } from '../../../core/upload/limits';

/** A name as messages show it: quoted, with control characters escaped. */
export const quoted = (name: string): string => JSON.stringify(name);

const CONTROL = /[\u0000-\u001f\u007f]/;
const MARKUP = /[<>"&]/;

/** Why a name (a label, a folder) cannot be used, or null. */
function nameProblem(name: string): string | null {
  if (CONTROL.test(name)) return 'holds control characters';
  if (MARKUP.test(name)) return 'holds markup characters (< > " &)';
  return null;
}

/** Refuses an archive entry's name that is a path out of the archive or holds markup. */
export function checkEntryName(name: string): void {
  const problem =
    nameProblem(name) ??
    (name.includes('\\') ? 'holds a backslash' : null) ??
    (name.startsWith('/') || /^[A-Za-z]:/.test(name) ? 'is an absolute path' : null) ??
    (name.split('/').includes('..') ? 'climbs out of its folder ("..")' : null);
  if (problem) fail(`the archive entry ${quoted(name)} ${problem}; rename it and zip the folder again`);
}

/** Refuses a class name that is empty, too long, or not plain text; `where` says where it came from. */
export function checkClassName(name: string, where: string, limits: UploadLimits): void {
  if (name.trim() === '') fail(`${where}: the label is empty`);
  if (name.length > limits.classNameLength)
    fail(
      `${where}: the label is ${name.length} characters long; a class name may be at most ${limits.classNameLength}`,
    );
  const problem = nameProblem(name);
  if (problem) fail(`${where}: the label ${quoted(name)} ${problem}`);
}

/** Files an operating system adds to folders and archives (hidden files, resource forks, thumbnails): never examples. `parts`: the path's folders and file name. */
export function isJunk(parts: readonly string[]): boolean {
  return (
    parts.some((part) => part === '__MACOSX' || part.startsWith('.')) ||
    /^(thumbs\.db|desktop\.ini)$/i.test(parts[parts.length - 1])
  );
}
