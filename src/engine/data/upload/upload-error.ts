/** A refused upload. The message says what is wrong, for the person who chose the file. */
export class UploadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UploadError';
  }
}

export function fail(message: string): never {
  throw new UploadError(message);
}
