/** How far the reading of an upload has got: the reader (in the worker) reports it, the page shows it. */

/** What a reading's progress counts: images decoded, or how far through the file it is (bytes or characters). */
export type ProgressUnit = 'images' | 'file';

/** How far a reader has got, for a progress bar and the time left. */
export type UploadProgress = (done: number, total: number, unit: ProgressUnit) => void;
