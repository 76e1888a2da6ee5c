/**
 * The training loss under the chart, on the same x axis and in the same
 * colours (training-loss.ts): a small SVG, each row's line, the axes
 * labelled at their ends. Nothing shows before a run has a training loss.
 */
import { For, Show } from 'solid-js';
import { formatSignificant } from '../common/format';
import { X_AXIS_LABELS, type XAxisKind } from './chart-data';
import type { TrainingLossPlot } from './training-loss';

export const TRAINING_LOSS_SIZE = { width: 640, height: 180 };
const PAD = { left: 56, right: 12, top: 10, bottom: 34 };
export const TRAINING_LOSS_BOX = {
  left: PAD.left,
  top: PAD.top,
  width: TRAINING_LOSS_SIZE.width - PAD.left - PAD.right,
  height: TRAINING_LOSS_SIZE.height - PAD.top - PAD.bottom,
};

export function TrainingLoss(props: { plot: TrainingLossPlot | null; xAxis: XAxisKind }) {
  const box = TRAINING_LOSS_BOX;
  const bottom = box.top + box.height;
  const right = box.left + box.width;
  const x = (value: number) => formatSignificant(value);
  return (
    <Show when={props.plot}>
      {(plot) => (
        <figure class="training-loss" data-testid="training-loss">
          <svg
            viewBox={`0 0 ${TRAINING_LOSS_SIZE.width} ${TRAINING_LOSS_SIZE.height}`}
            role="img"
            aria-label={`Training loss of ${plot()
              .lines.map((line) => line.label)
              .join(
                ', ',
              )}, between ${formatSignificant(plot().loss[0])} and ${formatSignificant(plot().loss[1])} (log scale), over ${X_AXIS_LABELS[props.xAxis]} ${x(plot().x[0])} to ${x(plot().x[1])}.`}
          >
            <line class="axis" x1={box.left} x2={box.left} y1={box.top} y2={bottom} />
            <line class="axis" x1={box.left} x2={right} y1={bottom} y2={bottom} />
            <For each={plot().lines}>
              {(line) => (
                <polyline
                  class="loss-line"
                  data-testid="training-loss-line"
                  style={{ stroke: line.colour }}
                  points={line.points.map((point) => point.join(',')).join(' ')}
                />
              )}
            </For>
            <text x={box.left - 4} y={box.top + 8} text-anchor="end">
              {formatSignificant(plot().loss[1])}
            </text>
            <text x={box.left - 4} y={bottom} text-anchor="end">
              {formatSignificant(plot().loss[0])}
            </text>
            <text x={box.left} y={bottom + 14} text-anchor="start">
              {x(plot().x[0])}
            </text>
            <text x={right} y={bottom + 14} text-anchor="end">
              {x(plot().x[1])}
            </text>
            <text class="axis-name" x={box.left + box.width / 2} y={bottom + 28} text-anchor="middle">
              {X_AXIS_LABELS[props.xAxis]}
            </text>
          </svg>
          <figcaption class="muted">
            Training loss (log scale): at each point, the mean over the steps since the point before, averaged over
            seeds.
          </figcaption>
        </figure>
      )}
    </Show>
  );
}
