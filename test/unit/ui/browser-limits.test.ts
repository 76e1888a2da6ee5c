/** The notice of what a browser's refusals turn off: nothing when it refuses nothing, and each refusal said once. */
import { describe, expect, test } from 'vitest';
import { limitsNotice } from '../../../src/ui/browser-limits';

describe('browser limits notice', () => {
  test('says nothing where the browser gives storage and Web Locks', () => {
    expect(limitsNotice({ storage: true, watchesSilentEnds: true })).toBeNull();
  });

  test('names what is off for each refusal, and that the rest works', () => {
    const both = limitsNotice({ storage: false, watchesSilentEnds: false })!;
    expect(both).toMatch(
      /^This browser gives the page no storage .* History, your uploads and dataset files, the settings last run, and cached teachers and expert buffers\. It refuses Web Locks, .* reload the page\. Everything else works\.$/,
    );
    expect(limitsNotice({ storage: false, watchesSilentEnds: true })).not.toMatch(/Web Locks/);
    expect(limitsNotice({ storage: true, watchesSilentEnds: false })).toMatch(
      /^This browser refuses Web Locks, .* Everything else works\.$/,
    );
  });
});
