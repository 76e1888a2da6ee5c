/**
 * The run's wall clock: counts overhead and training, pauses for evaluation.
 * Callers stop it only after awaiting a value that depends on the work done,
 * since GPU backends return before the work finishes.
 */
export class Clock {
  private accumulated = 0;
  private since: number | null = null;

  start(): void {
    if (this.since === null) this.since = performance.now();
  }

  pause(): void {
    if (this.since !== null) {
      this.accumulated += performance.now() - this.since;
      this.since = null;
    }
  }

  /** Counts `ms` of work done elsewhere (a cached artifact charged at its recorded cost). */
  add(ms: number): void {
    this.accumulated += ms;
  }

  /** Milliseconds counted so far. */
  elapsed(): number {
    return this.accumulated + (this.since === null ? 0 : performance.now() - this.since);
  }
}
