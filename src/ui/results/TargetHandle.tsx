/**
 * The target line's handle, at the plot's edge: a slider that the pointer
 * drags and the arrow keys (and Page Up and Down) move, for those who cannot
 * drag the line itself.
 */
import { Show } from 'solid-js';
import type uPlot from 'uplot';
import { formatPercent } from '../common/format';
import { nudged, startDrag, type Target } from './chart-target';

interface TargetHandleProps {
  target: Target;
  /** Its top in the plot's frame (CSS px), or null while the line is off the plot. */
  top: number | null;
  plot: () => uPlot | null;
}

export function TargetHandle(props: TargetHandleProps) {
  const nudge = (event: KeyboardEvent) => {
    const acc = props.target.targetAcc();
    if (acc === null || !props.target.onTarget) return;
    const next = nudged(acc, event.key);
    if (next === undefined) return;
    event.preventDefault();
    props.target.onTarget(next);
  };

  return (
    <Show when={props.target.onTarget && props.top !== null && props.target.targetAcc() !== null}>
      {/* biome-ignore lint/a11y/useFocusableInteractive: it has tabindex="0"; the rule does not see Solid's lowercase attribute */}
      <div
        class="target-handle"
        role="slider"
        tabindex="0"
        aria-label="Target accuracy"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Number((props.target.targetAcc()! * 100).toFixed(1))}
        aria-valuetext={`target ${formatPercent(props.target.targetAcc()!)}`}
        title="Drag, or use the arrow keys, to move the target"
        data-testid="target-handle"
        style={{ top: `${props.top}px` }}
        onPointerDown={(event) => {
          const plot = props.plot();
          if (plot) startDrag(event, plot, props.target);
        }}
        onKeyDown={nudge}
      >
        {formatPercent(props.target.targetAcc()!)}
      </div>
    </Show>
  );
}
