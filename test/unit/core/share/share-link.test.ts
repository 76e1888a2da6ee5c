/** Share links: a config survives the trip, and every broken or hostile link is refused with a message. */
import { deflateSync } from 'fflate';
import { knownWith } from '../../../../src/engine/known';
import { describe, expect, test } from 'vitest';
import { defaultConfig, requireConfig } from '../../../../src/engine/config';
import {
  LINK_VERSION,
  classroomView,
  MAX_LESSON_STORY,
  MAX_LINK_CHARS,
  readShareLink,
  shareFragment,
  shareLink,
} from '../../../../src/core/share/share-link';
import { OpenDatasets } from '../../../../src/engine/data/open-datasets';

/** Only the bundled datasets: no test here adds one. */
const bundled = new OpenDatasets();

const config = requireConfig(bundled, {
  ...defaultConfig(),
  methods: [
    { name: 'full' },
    { name: 'random', augment: { name: 'mixup', alpha: 0.2 } },
    { name: 'rs2', replacement: true },
  ],
  seeds: [3, 4],
});

/** A fragment holding `text` as its config, with a correct check: what a hand-made link could be. */
function craftedFragment(text: string): string {
  const honest = shareFragment({ config });
  const bytes = deflateSync(new TextEncoder().encode(text));
  const payload = Buffer.from(bytes).toString('base64url');
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return `${honest.split('.')[0]}.${payload}.${(hash >>> 0).toString(16).padStart(8, '0')}`;
}

const refusal = (link: string) => {
  const reading = readShareLink(link, knownWith(bundled));
  expect(reading.ok).toBe(false);
  return reading.ok ? '' : reading.message;
};

describe('share links', () => {
  test('a config goes into a link and comes back the same, defaults filled', () => {
    const link = shareLink({ config }, 'https://lab.example/app/');
    expect(link.startsWith(`https://lab.example/app/#lab=${LINK_VERSION}.`)).toBe(true);
    expect(link.length).toBeLessThan(600);
    const reading = readShareLink(link, knownWith(bundled));
    expect(reading).toEqual({ ok: true, config });
    // The fragment alone reads the same.
    expect(readShareLink(shareFragment({ config }), knownWith(bundled))).toEqual({ ok: true, config });
    // A classroom view travels with it.
    const lesson = { config, classroom: { hide: ['model' as const, 'train' as const] } };
    expect(readShareLink(shareFragment(lesson), knownWith(bundled))).toEqual({ ok: true, ...lesson });
    // A sweep's budgets travel as they are.
    const { budget: _, ...rest } = config;
    const sweep = requireConfig(bundled, { ...rest, budgets: [{ ipc: 1 }, { ipc: 10 }, { ipc: 50 }] });
    expect(readShareLink(shareLink({ config: sweep }, 'https://lab.example/'), knownWith(bundled))).toEqual({
      ok: true,
      config: sweep,
    });
  });

  test('a link cut short or with a character changed is refused, never run', () => {
    const link = shareLink({ config }, 'https://lab.example/');
    for (const cut of [link.length - 3, link.length - 12, Math.floor(link.length / 2), link.indexOf('#') + 8]) {
      expect(refusal(link.slice(0, cut))).toMatch(/damaged|cut short|changed/);
    }
    const payloadAt = link.indexOf('.', link.indexOf('#')) + 20;
    const swapped = link[payloadAt] === 'A' ? 'B' : 'A';
    expect(refusal(link.slice(0, payloadAt) + swapped + link.slice(payloadAt + 1))).toMatch(/damaged|changed/);
    const check = link.slice(-8);
    expect(refusal(link.slice(0, -8) + (check === '00000000' ? '11111111' : '00000000'))).toBe(
      'the link was changed or damaged: its check does not match its configuration',
    );
  });

  test('a link from a newer lab, an oversized one and one that is no lab link say so', () => {
    const fragment = shareFragment({ config });
    expect(refusal(fragment.replace(`lab=${LINK_VERSION}.`, 'lab=7.'))).toBe(
      'the link was made by a newer version of the lab (link version 7; this lab reads version 1)',
    );
    expect(refusal(`https://lab.example/#lab=1.${'A'.repeat(MAX_LINK_CHARS)}.00000000`)).toMatch(
      /^the link is too long \(\d+ characters; a lab link has at most 8000\)$/,
    );
    expect(refusal('https://lab.example/#results')).toMatch(/holds no lab configuration/);
    expect(refusal('lab=x.abc.00000000')).toMatch(/does not say which version/);
  });

  test('a small link that inflates past the limit stops there', () => {
    const bomb = craftedFragment(' '.repeat(4 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(MAX_LINK_CHARS);
    expect(refusal(bomb)).toBe("the link's configuration is too large (over 64 KiB once decompressed)");
  });

  test('a well-formed link whose config the schema refuses names each problem; markup stays text', () => {
    const hostile = { ...config, dataset: '<img src=x onerror=alert(1)>', train: { ...config.train, lr: 1e9 } };
    const reading = readShareLink(craftedFragment(JSON.stringify({ config: hostile })), knownWith(bundled));
    expect(reading.ok).toBe(false);
    if (reading.ok) return;
    expect(reading.problems?.map((p) => p.path)).toEqual(['dataset', 'train.lr']);
    expect(reading.message).toContain('dataset: unknown dataset "<img src=x onerror=alert(1)>"');
    expect(refusal(craftedFragment('{"config": {"version": 1, "dataset"'))).toBe(
      'the link is damaged: its configuration is not JSON',
    );
    expect(refusal(craftedFragment(JSON.stringify({ config, classroom: { hide: ['<b>'] } })))).toMatch(
      /^the link's content is not what a lab link holds: classroom.hide.0: unknown control "<b>"/,
    );
    expect(refusal(craftedFragment(JSON.stringify({ config, extra: 1 })))).toMatch(/not what a lab link holds/);
  });

  test("a lesson's title and story travel as plain text, trimmed, within their lengths", () => {
    const lesson = {
      config,
      classroom: { hide: ['train' as const], title: '  Which curve gets there first? ', story: '<b>Watch</b> RS2.' },
    };
    expect(readShareLink(shareFragment(lesson), knownWith(bundled))).toEqual({
      ok: true,
      config,
      classroom: { hide: ['train'], title: 'Which curve gets there first?', story: '<b>Watch</b> RS2.' },
    });
    // Blank words are no title.
    const blank = readShareLink(shareFragment({ config, classroom: { hide: [], title: '   ' } }), knownWith(bundled));
    expect(blank).toEqual({ ok: true, config, classroom: { hide: [] } });
    expect(classroomView({ hide: ['train', 'train'], title: ' ', story: ' Look. ' })).toEqual({
      hide: ['train'],
      story: 'Look.',
    });
    const long = { config, classroom: { hide: [], story: 'x'.repeat(MAX_LESSON_STORY + 1) } };
    expect(refusal(craftedFragment(JSON.stringify(long)))).toMatch(
      `classroom.story: must be at most ${MAX_LESSON_STORY} characters`,
    );
    expect(refusal(craftedFragment(JSON.stringify({ config, classroom: { hide: [], title: 7 } })))).toMatch(
      'classroom.title: must be text',
    );
  });
});
