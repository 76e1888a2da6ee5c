/**
 * The CLI's output files. Their paths are checked before a run, so that a
 * mistyped folder does not cost the training; a write that fails anyway
 * (a full disk, a folder removed meanwhile) keeps the text in a fresh
 * folder under the system's temporary folder and says where.
 */
import { access, constants, mkdtemp, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** An output a command writes: the flag that named it, its path, and a file name for a kept copy. */
export interface Output {
  flag: string;
  path: string;
  /** "results", "summary (CSV)": what the messages call it. */
  what: string;
  /** The kept copy's file name, should the write fail. */
  fileName: string;
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
};

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return (code && REASONS[code]) ?? (error as Error).message;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/** Why `path` cannot be written, or null where it can: a file that takes writes, or a new one in a folder that does. */
export async function unwritable(path: string): Promise<string | null> {
  try {
    if ((await stat(path)).isDirectory()) return 'it is a folder';
    await access(path, constants.W_OK);
    return null;
  } catch (error) {
    if (!isMissing(error)) return reasonOf(error);
  }
  const folder = dirname(path);
  try {
    if (!(await stat(folder)).isDirectory()) return `${folder} is not a folder`;
    await access(folder, constants.W_OK | constants.X_OK);
    return null;
  } catch (error) {
    return isMissing(error) ? `the folder ${folder} does not exist` : reasonOf(error);
  }
}

/** One line per output that cannot be written, naming its flag and path; none where all can. */
export async function unwritableOutputs(outputs: readonly Pick<Output, 'flag' | 'path'>[]): Promise<string[]> {
  const lines = await Promise.all(
    outputs.map(async ({ flag, path }) => {
      const reason = await unwritable(path);
      return reason === null ? [] : [`${flag} ${path} cannot be written: ${reason}`];
    }),
  );
  return lines.flat();
}

/**
 * Writes `text` to the output's path and says so; where that fails, keeps
 * it in a new temporary folder and says where. Whether it reached its path.
 */
export async function writeOutput(output: Output, text: string, log: (line: string) => void): Promise<boolean> {
  try {
    await writeFile(output.path, text);
    log(`${output.what} written to ${output.path}`);
    return true;
  } catch (error) {
    const failed = `${output.what} could not be written to ${output.path} (${reasonOf(error)})`;
    try {
      const kept = join(await mkdtemp(join(tmpdir(), 'lab-')), output.fileName);
      await writeFile(kept, text);
      log(`${failed}; kept in ${kept}`);
    } catch (keepError) {
      log(`${failed}, nor kept in the temporary folder (${reasonOf(keepError)})`);
    }
    return false;
  }
}
