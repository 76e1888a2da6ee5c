/**
 * The worker's upload session: an upload read is held under a fresh token
 * until confirmed or discarded, one at a time; a stale token is refused; a
 * failed save holds the upload still; a Cancel stops the reading under way,
 * and a failed or cancelled reading holds nothing.
 */
import { describe, expect, test } from 'vitest';
import { UploadSession } from '../../../workers/upload-session';

const STALE = /no longer waiting to be confirmed/;

/** A reading that polls `shouldStop` until `finish` is called, and fails if told to stop. */
function slowReading(upload: string) {
  let finish!: () => void;
  let polled!: () => boolean;
  const read = (shouldStop: () => boolean) => {
    polled = shouldStop;
    return new Promise<string>((resolve, reject) => {
      finish = () => (polled() ? reject(new Error('cancelled')) : resolve(upload));
    });
  };
  return { read, finish: () => finish(), stopped: () => polled() };
}

describe('the held upload', () => {
  test('is confirmed once, under its token', async () => {
    const session = new UploadSession<string>();
    const { token, upload } = await session.read(async () => 'iris.csv');
    expect(upload).toBe('iris.csv');
    const kept: string[] = [];
    const keep = async (held: string) => {
      kept.push(held);
      return `kept ${held}`;
    };
    expect(await session.confirm(token, keep)).toBe('kept iris.csv');
    await expect(session.confirm(token, keep)).rejects.toThrow(STALE);
    expect(kept).toEqual(['iris.csv']);
  });

  test('a stale token is refused: a newer upload replaced it', async () => {
    const session = new UploadSession<string>();
    const first = await session.read(async () => 'first.csv');
    const second = await session.read(async () => 'second.csv');
    expect(second.token).not.toBe(first.token);
    await expect(session.confirm(first.token, async (held) => held)).rejects.toThrow(STALE);
    expect(await session.confirm(second.token, async (held) => held)).toBe('second.csv');
  });

  test('a discarded upload can no longer be confirmed', async () => {
    const session = new UploadSession<string>();
    const { token } = await session.read(async () => 'iris.csv');
    session.discard();
    await expect(session.confirm(token, async (held) => held)).rejects.toThrow(STALE);
  });

  test('a failed save (a full quota) holds the upload still, to be confirmed again', async () => {
    const session = new UploadSession<string>();
    const { token } = await session.read(async () => 'iris.csv');
    await expect(session.confirm(token, () => Promise.reject(new Error('quota exceeded')))).rejects.toThrow(
      'quota exceeded',
    );
    expect(await session.confirm(token, async (held) => held)).toBe('iris.csv');
  });

  test('a new reading drops the held upload, even when it fails', async () => {
    const session = new UploadSession<string>();
    const { token } = await session.read(async () => 'iris.csv');
    await expect(session.read(() => Promise.reject(new Error('not a CSV')))).rejects.toThrow('not a CSV');
    await expect(session.confirm(token, async (held) => held)).rejects.toThrow(STALE);
  });
});

describe('the reading under way', () => {
  test('a Cancel stops it at its next check, and it holds nothing', async () => {
    const session = new UploadSession<string>();
    const reading = slowReading('photos.zip');
    const read = session.read(reading.read);
    expect(reading.stopped()).toBe(false);
    session.cancelReading();
    expect(reading.stopped()).toBe(true);
    reading.finish();
    await expect(read).rejects.toThrow('cancelled');
  });

  test('a Cancel reaches only the latest reading, and none once it has ended', async () => {
    const session = new UploadSession<string>();
    const older = slowReading('older.zip');
    const newer = slowReading('newer.zip');
    const olderRead = session.read(older.read);
    const newerRead = session.read(newer.read);
    session.cancelReading();
    expect(older.stopped()).toBe(false);
    expect(newer.stopped()).toBe(true);
    older.finish();
    newer.finish();
    expect((await olderRead).upload).toBe('older.zip');
    await expect(newerRead).rejects.toThrow('cancelled');

    const done = slowReading('done.zip');
    const doneRead = session.read(done.read);
    done.finish();
    await doneRead;
    session.cancelReading();
    expect(done.stopped()).toBe(false);
  });
});
