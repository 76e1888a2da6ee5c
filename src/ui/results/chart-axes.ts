/**
 * The chart's axes, shared by the page's plot (chart-plot.ts), its PNG and
 * its SVG (chart-svg.ts), so that all three show the same ranges and ticks:
 * the x axis from 0 to a round end, ticks evenly spaced at 1, 2 or 5 × 10^k,
 * labels with just enough decimals that no two read the same, and the
 * accuracy axis fitted to the data. Pure, so it can be tested alone.
 */

/** About how many CSS pixels apart the x ticks stand in the page's plot. */
export const X_TICK_SPACING_PX = 90;

/** The round step (1, 2 or 5 × 10^k, at least `minStep`) that cuts `span` into about `count` parts. */
export function niceStep(span: number, count: number, minStep = 0): number {
  const raw = span / Math.max(1, count);
  if (!(raw > 0) || !Number.isFinite(raw)) return Math.max(1, minStep);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw * (1 - 1e-9))!;
  return Math.max(step, minStep);
}

/** Round, evenly spaced ticks covering [min, max]: about `count` of them (steps of at least `minStep`). */
export function niceTicks(min: number, max: number, count = 6, minStep = 0): number[] {
  if (!(max > min)) return [min];
  const step = niceStep(max - min, count, minStep);
  const ticks: number[] = [];
  const first = Math.ceil(min / step - 1e-9);
  for (let i = first; i * step <= max + step * 1e-9; i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

/**
 * Where the x axis ends: the largest x rounded up to the next tick, so that
 * the axis runs from 0 to a round number (1 where nothing is past 0).
 */
export function xAxisEnd(max: number | null | undefined, count = 6, minStep = 0): number {
  if (max === null || max === undefined || !(max > 0) || !Number.isFinite(max)) return Math.max(1, minStep);
  const step = niceStep(max, count, minStep);
  return Number((Math.ceil(max / step - 1e-9) * step).toPrecision(12));
}

/** The smallest step an x axis of this kind may take: whole steps and samples, any fraction of a second. */
export function xMinStep(xAxis: string): number {
  return xAxis === 'time' ? 0 : 1;
}

/**
 * Tick labels with one number of decimals for all, the fewest that tell
 * every tick apart and read each exactly: "0, 0.5, 1.0" becomes
 * "0.0, 0.5, 1.0"; "0, 0.001, 0.002" keeps three places.
 */
export function tickLabels(ticks: readonly number[]): string[] {
  for (let decimals = 0; decimals <= 12; decimals++) {
    const labels = ticks.map((tick) => (Object.is(tick, -0) ? 0 : tick).toFixed(decimals));
    const exact = ticks.every((tick, i) => Math.abs(Number(labels[i]) - tick) <= Math.abs(tick) * 1e-9 + 1e-12);
    if (exact && new Set(labels).size === labels.length) return labels.map((label) => (label === '-0' ? '0' : label));
  }
  return ticks.map(String);
}

/** The accuracy axis (in %): the data's range with some air, on multiples of 5, within 0..100; 0..100 without data. */
export function accuracyRange(min: number | null, max: number | null): [number, number] {
  if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max)) return [0, 100];
  return [Math.max(0, Math.floor((min - 5) / 5) * 5), Math.min(100, Math.ceil((max + 2) / 5) * 5)];
}
