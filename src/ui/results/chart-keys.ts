/**
 * The plot read from the keyboard: focused, left and right step through its
 * x columns and Home and End jump to the ends; Escape, leaving the plot or
 * moving the pointer over it stops. The cursor goes to the column, so that
 * the tooltip shows its values as on hover, and a live region says them.
 */
import { createSignal } from 'solid-js';
import type uPlot from 'uplot';
import { formatX, valuesNear, type ChartData, type XAxisKind } from './chart-data';
import type { Hover } from './ChartTooltip';

/** The column a key reads next, from column `at` (null: none read yet) of `count`; undefined for a key that reads none. */
export function nextColumn(key: string, at: number | null, count: number): number | undefined {
  if (count === 0) return undefined;
  const next = { ArrowRight: (at ?? -1) + 1, ArrowLeft: (at ?? count) - 1, Home: 0, End: count - 1 }[key];
  return next === undefined ? undefined : Math.min(count - 1, Math.max(0, next));
}

interface KeyReadingOptions {
  chart: () => ChartData;
  xAxis: () => XAxisKind;
  plot: () => uPlot | null;
  hover: () => Hover | null;
  setHover: (hover: Hover | null) => void;
}

export function createKeyReading(options: KeyReadingOptions) {
  /** The x column the keyboard reads, or null while the pointer reads. */
  const [column, setColumn] = createSignal<number | null>(null);

  const stop = () => {
    setColumn(null);
    options.setHover(null);
  };

  /** Puts the cursor on x column `index`, at the first row's value there: the plot's cursor hook shows its values as hovering does. */
  const read = (index: number) => {
    const plot = options.plot();
    if (!plot) return;
    const x = (options.chart().columns[0] as number[])[index];
    const first = valuesNear(options.chart(), x)[0];
    setColumn(index);
    plot.setCursor({ left: plot.valToPos(x, 'x'), top: plot.valToPos(first?.acc ?? 0, 'y') });
  };

  return {
    onKeyDown(event: KeyboardEvent) {
      if (event.key === 'Escape') return stop();
      const next = nextColumn(event.key, column(), (options.chart().columns[0] as number[]).length);
      if (next === undefined) return;
      event.preventDefault();
      read(next);
    },
    onBlur() {
      if (column() !== null) stop();
    },
    /** The pointer reads now, not the keyboard. */
    release: () => setColumn(null),
    /** What the keyboard's column says, for screen readers (the tooltip itself is hidden from them). */
    text(): string {
      const shown = options.hover();
      if (column() === null || !shown) return '';
      return shown.values
        .map((value) => `${value.label}: ${value.acc.toFixed(1)}% at ${formatX(value.x, options.xAxis())}`)
        .join('; ');
    },
  };
}
