/**
 * How a method's scores spread over the training set (picked examples in
 * colour, the rest grey) and where the subset's edge falls. SVG from the
 * bins that picks-data.ts computes.
 */
import { For, Show } from 'solid-js';
import { formatSignificant } from '../common/format';
import type { HistogramBin, ScoreHistogram as Histogram } from './picks-data';

const WIDTH = 520;
const HEIGHT = 170;
const PAD = { left: 8, right: 8, top: 22, bottom: 34 };
const PLOT_WIDTH = WIDTH - PAD.left - PAD.right;
const PLOT_HEIGHT = HEIGHT - PAD.top - PAD.bottom;

interface ScoreHistogramProps {
  histogram: Histogram;
  scoreName: string;
  keepsHighest: boolean;
  pickedCount: number;
}

export function ScoreHistogram(props: ScoreHistogramProps) {
  const xOf = (score: number) => {
    const { min, max } = props.histogram;
    return PAD.left + (max > min ? ((score - min) / (max - min)) * PLOT_WIDTH : PLOT_WIDTH / 2);
  };
  // Scores are often piled up at one end (most examples easy): a square-root
  // height keeps the thin tail, where subsets usually cut, visible.
  const heightOf = (count: number) => Math.sqrt(count / props.histogram.tallest) * PLOT_HEIGHT;
  const pickedHeight = (bin: HistogramBin) => (bin.count === 0 ? 0 : (heightOf(bin.count) * bin.picked) / bin.count);
  const baseline = PAD.top + PLOT_HEIGHT;
  const barWidth = () => PLOT_WIDTH / props.histogram.bins.length;
  /** The cut's line and label; the label goes on the side of the line with more room. */
  const cutMark = () => {
    const cut = props.histogram.cut;
    if (cut === null) return null;
    const x = xOf(cut);
    const labelLeft = x > PAD.left + PLOT_WIDTH / 2;
    return {
      x,
      labelX: labelLeft ? x - 4 : x + 4,
      anchor: labelLeft ? ('end' as const) : ('start' as const),
      text: `${props.keepsHighest ? 'lowest' : 'highest'} kept ${formatSignificant(cut)}`,
    };
  };
  const description = () => {
    const mark = cutMark();
    return (
      `Histogram of ${props.scoreName} over ${props.histogram.bins.reduce((a, b) => a + b.count, 0)} training examples; ` +
      `the ${props.pickedCount} picked ones keep the ${props.keepsHighest ? 'highest' : 'lowest'} scores${mark ? `, ${mark.text}` : ''}.`
    );
  };

  return (
    <figure class="histogram" data-testid="picks-histogram">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={description()}>
        <For each={props.histogram.bins}>
          {(bin, b) => {
            const x = () => PAD.left + b() * barWidth();
            const width = () => Math.max(1, barWidth() - 1);
            return (
              <g>
                <rect
                  class="bar-rest"
                  x={x()}
                  width={width()}
                  y={baseline - heightOf(bin.count)}
                  height={heightOf(bin.count)}
                />
                {/* The picked part is its exact share of the bar. */}
                <rect
                  class="bar-picked"
                  x={x()}
                  width={width()}
                  y={baseline - pickedHeight(bin)}
                  height={pickedHeight(bin)}
                />
              </g>
            );
          }}
        </For>
        <line class="axis" x1={PAD.left} x2={PAD.left + PLOT_WIDTH} y1={baseline} y2={baseline} />
        <text x={PAD.left} y={baseline + 14} text-anchor="start">
          {formatSignificant(props.histogram.min)}
        </text>
        <text x={PAD.left + PLOT_WIDTH} y={baseline + 14} text-anchor="end">
          {formatSignificant(props.histogram.max)}
        </text>
        <text class="axis-name" x={PAD.left + PLOT_WIDTH / 2} y={baseline + 28} text-anchor="middle">
          {props.scoreName}
        </text>
        <Show when={cutMark()}>
          {(mark) => (
            <g data-testid="picks-cut">
              <line class="cut" x1={mark().x} x2={mark().x} y1={PAD.top - 6} y2={baseline} />
              <text x={mark().labelX} y={PAD.top - 8} text-anchor={mark().anchor}>
                {mark().text}
              </text>
            </g>
          )}
        </Show>
      </svg>
      <figcaption class="legend">
        <span>
          <span class="swatch bar-picked" />
          picked ({props.pickedCount})
        </span>
        <span>
          <span class="swatch bar-rest" />
          not picked
        </span>
        <span class="muted">bar height: square root of the count</span>
      </figcaption>
    </figure>
  );
}
