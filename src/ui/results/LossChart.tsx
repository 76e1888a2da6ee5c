/**
 * How a distillation's loss fell over its iterations: a small SVG line,
 * iteration across and loss up, each axis labelled at its ends. Scaled by
 * lossPlot (synthetic-data.ts); nothing shows without a recorded loss.
 */
import { createMemo, Show } from 'solid-js';
import { formatSignificant } from '../common/format';
import { lossPlot } from '../picks/synthetic-data';

const WIDTH = 360;
const HEIGHT = 170;
const PAD = { left: 52, right: 10, top: 12, bottom: 34 };
const BOX = {
  left: PAD.left,
  top: PAD.top,
  width: WIDTH - PAD.left - PAD.right,
  height: HEIGHT - PAD.top - PAD.bottom,
};

export function LossChart(props: { loss: [number, number][] }) {
  const plot = createMemo(() => lossPlot(props.loss, BOX));
  const bottom = BOX.top + BOX.height;
  const right = BOX.left + BOX.width;
  return (
    <Show when={plot()}>
      {(shown) => {
        const last = () => shown().points[shown().points.length - 1];
        return (
          <figure class="loss-chart" data-testid="distill-loss">
            <svg
              viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
              role="img"
              aria-label={`Distillation loss over iterations ${shown().iterations.join(' to ')}, between ${shown()
                .losses.map((loss) => formatSignificant(loss))
                .join(' and ')}.`}
            >
              <line class="axis" x1={BOX.left} x2={BOX.left} y1={BOX.top} y2={bottom} />
              <line class="axis" x1={BOX.left} x2={right} y1={bottom} y2={bottom} />
              <polyline
                class="loss-line"
                points={shown()
                  .points.map((point) => point.join(','))
                  .join(' ')}
              />
              {/* A lone point draws no line: the end marker keeps it visible. */}
              <circle class="loss-end" cx={last()[0]} cy={last()[1]} r={2.5} />
              <text x={BOX.left - 4} y={BOX.top + 4} text-anchor="end">
                {formatSignificant(shown().losses[1])}
              </text>
              <text x={BOX.left - 4} y={bottom} text-anchor="end">
                {formatSignificant(shown().losses[0])}
              </text>
              <text x={BOX.left} y={bottom + 14} text-anchor="start">
                {shown().iterations[0]}
              </text>
              <text x={right} y={bottom + 14} text-anchor="end">
                {shown().iterations[1]}
              </text>
              <text class="axis-name" x={BOX.left + BOX.width / 2} y={bottom + 28} text-anchor="middle">
                iteration
              </text>
            </svg>
            <figcaption class="muted">distillation loss</figcaption>
          </figure>
        );
      }}
    </Show>
  );
}
