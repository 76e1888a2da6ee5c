import { expect, test } from 'vitest';
import { fairGainText, hardLabelShareText, hasFair } from '../../../../src/core/results/fair-text';

test('the gain over matched random reads in accuracy points, with its spread over seeds; the hard-label share in percent', () => {
  const row = {
    runs: 3,
    fair: { gainMean: 0.1234, gainStd: 0.01, randomAccMean: 0.5, randomAccStd: 0, hardLabelShare: 0.642 },
  };
  expect(fairGainText(row)).toBe('+12.3 ± 1.0 pts');
  expect(fairGainText({ runs: 1, fair: { gainMean: -0.02, gainStd: 0, randomAccMean: 0.5, randomAccStd: 0 } })).toBe(
    '-2.0 pts',
  );
  expect(hardLabelShareText(row)).toBe('64%');
  // No controls, no soft labels, no gain to share: nothing to say.
  expect(fairGainText({ runs: 1 })).toBe('–');
  expect(hardLabelShareText({ fair: { gainMean: 0.1, gainStd: 0, randomAccMean: 0.5, randomAccStd: 0 } })).toBe('–');
  expect(
    hardLabelShareText({
      fair: { gainMean: -0.1, gainStd: 0, randomAccMean: 0.5, randomAccStd: 0, hardLabelShare: null },
    }),
  ).toBe('–');
  expect(hasFair([{}, row])).toBe(true);
  expect(hasFair([{}])).toBe(false);
});
