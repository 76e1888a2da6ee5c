/** Child processes of the bench: each measurement runs in a process of its own, so that nothing it loads stays behind. */
import { execFile, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Debian's python3 with python3-torch. */
export const PYTHON = '/usr/bin/python3';
/** One OpenBLAS thread inside each of torch's threads; more would oversubscribe the cores. */
export const TORCH_ENV: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: '1' };
/**
 * TORCH_ENV with glibc's malloc told to keep what PyTorch frees instead of
 * handing it back to the system: blocks up to 32 MiB (glibc's largest
 * mmap threshold) come from the heap, which is neither trimmed nor grown by
 * less than 1 GiB. By default every large activation is mapped afresh and
 * faulted in page by page, which slows PyTorch 1.13 several-fold on
 * batches of 28x28x32 activations; the lab's wasm memory only grows, so
 * this is the like-for-like PyTorch where the two differ.
 */
export const TORCH_KEPT_MEMORY_ENV: NodeJS.ProcessEnv = {
  ...TORCH_ENV,
  MALLOC_MMAP_THRESHOLD_: String(32 * 2 ** 20),
  MALLOC_TRIM_THRESHOLD_: String(2 ** 40),
  MALLOC_TOP_PAD_: String(2 ** 30),
};

export interface Child {
  ok: boolean;
  stdout: string;
  /** The failure, in one line: the last line of stderr or the signal. */
  error: string;
}

/** `echo`: pass the child's stderr (its progress) through as it comes, for the long runs. */
export function runChild(
  command: string,
  args: string[],
  timeoutS: number,
  env: NodeJS.ProcessEnv = process.env,
  echo = false,
): Promise<Child> {
  return new Promise((resolve) => {
    const child = execFile(
      command,
      args,
      { cwd: ROOT, env, timeout: timeoutS * 1000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const last = stderr.trim().split('\n').pop() ?? '';
        const why = error?.killed ? `no result within ${timeoutS} s` : last || error?.message || '';
        resolve({ ok: !error, stdout, error: why });
      },
    );
    if (echo) child.stderr?.on('data', (chunk: Buffer | string) => process.stderr.write(chunk));
  });
}

/** The JSON lines a child printed (one object per line). */
export function jsonLines<T>(stdout: string): T[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim().startsWith('{'))
    .map((line) => JSON.parse(line) as T);
}

/**
 * A long child whose every JSON line counts as it comes (`onLine`), so that
 * what finished before a failure or an interruption is kept; its stderr
 * (progress) is passed through. Resolves with its exit, never rejects.
 */
export function streamChild(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  onLine: (line: string) => void,
): Promise<Child> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let last = '';
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.trim().startsWith('{')) onLine(line);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      last = chunk.toString().trim().split('\n').pop() || last;
    });
    child.on('close', (code, signal) => resolve({ ok: code === 0, stdout: '', error: signal ?? last }));
  });
}
