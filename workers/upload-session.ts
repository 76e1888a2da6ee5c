/**
 * The upload between reading and confirming: the one being read, which a
 * Cancel stops at its next image (or stage), and the one read but not yet
 * confirmed, held under a token. One is held at a time, so an abandoned
 * upload holds at most one file's examples.
 */

/** An upload read and held: `token` confirms it. */
export interface HeldUpload<U> {
  token: number;
  upload: U;
}

export class UploadSession<U> {
  private held: HeldUpload<U> | undefined;
  private tokens = 0;
  private reading: { stop: boolean } | undefined;

  /**
   * Reads an upload with `read` (which polls `shouldStop`) and holds it,
   * replacing any upload held; a failed or cancelled reading holds nothing.
   */
  async read(read: (shouldStop: () => boolean) => Promise<U>): Promise<HeldUpload<U>> {
    this.held = undefined;
    const reading = { stop: false };
    this.reading = reading;
    try {
      const upload = await read(() => reading.stop);
      this.held = { token: ++this.tokens, upload };
      return this.held;
    } finally {
      if (this.reading === reading) this.reading = undefined;
    }
  }

  /** Stops the upload being read, if any, at its next check. */
  cancelReading(): void {
    if (this.reading) this.reading.stop = true;
  }

  /**
   * Gives the upload held under `token` to `keep`, and lets it go once kept;
   * refuses a token no longer held. A failed `keep` holds the upload still.
   */
  async confirm<T>(token: number, keep: (upload: U) => Promise<T>): Promise<T> {
    const held = this.held;
    if (held?.token !== token)
      throw new Error('This upload is no longer waiting to be confirmed; choose the file again.');
    const kept = await keep(held.upload);
    if (this.held === held) this.held = undefined;
    return kept;
  }

  /** Drops the upload held (the person cancelled it). */
  discard(): void {
    this.held = undefined;
  }
}
