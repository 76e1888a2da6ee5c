/**
 * The values under the cursor: at the hovered (or keyboard-read) x, each
 * row's value nearest to it, in a tooltip beside the cursor. Screen readers
 * get the keyboard's reading instead (chart-keys.ts).
 */
import { For, Show } from 'solid-js';
import type uPlot from 'uplot';
import { formatX, valuesNear, type ChartData, type RowPoint, type XAxisKind } from './chart-data';
import { overOffset } from './chart-plot';

export interface Hover {
  /** The cursor, in the plot frame's CSS px. */
  left: number;
  top: number;
  /** In the frame's right half the tooltip opens to the cursor's left, so that it stays on the plot. */
  leftward: boolean;
  values: (RowPoint & { label: string; colour: string })[];
}

/** What the plot's cursor points at, or null where it is off the plot or near no value. */
export function hoverAt(u: uPlot, chart: ChartData, frame: HTMLElement): Hover | null {
  const { left, top } = u.cursor;
  if (left === undefined || top === undefined || left < 0 || top < 0) return null;
  const x = u.posToVal(left, 'x');
  const values = valuesNear(chart, x);
  if (values.length === 0) return null;
  const offset = overOffset(u, frame);
  const at = offset.left + left;
  return { left: at, top: offset.top + top, leftward: at > frame.clientWidth / 2, values };
}

interface ChartTooltipProps {
  hover: Hover | null;
  xAxis: XAxisKind;
  frame: HTMLElement;
}

export function ChartTooltip(props: ChartTooltipProps) {
  return (
    <Show when={props.hover}>
      {(shown) => (
        <div
          class="chart-tooltip"
          data-testid="chart-tooltip"
          aria-hidden="true"
          style={
            shown().leftward
              ? { right: `${props.frame.clientWidth - shown().left + 12}px`, top: `${shown().top + 12}px` }
              : { left: `${shown().left + 12}px`, top: `${shown().top + 12}px` }
          }
        >
          <For each={shown().values}>
            {(value) => (
              <div>
                <span class="swatch" style={{ background: value.colour }} />
                {value.label}: {value.acc.toFixed(1)}% at {formatX(value.x, props.xAxis)}
              </div>
            )}
          </For>
        </div>
      )}
    </Show>
  );
}
