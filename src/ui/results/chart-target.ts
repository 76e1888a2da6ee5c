/**
 * The target line moved by hand: dragged with the pointer from a press on
 * the line or on its handle, or nudged with the keys on the handle.
 */
import type uPlot from 'uplot';
import { overOffset } from './chart-plot';

/** How near the target line (CSS px) a press starts dragging it. */
const GRAB_PX = 6;

/** The chart's target, as its props give it. */
export interface Target {
  targetAcc: () => number | null;
  /** Sets the target (0..1), dragged on the chart or moved with the keys; without it the line stays put. */
  onTarget?: (acc: number) => void;
}

/** The accuracy (0..1) at a pointer's height over the plot, within the axis. */
function accAt(u: uPlot, clientY: number): number {
  const y = clientY - u.over.getBoundingClientRect().top;
  const percent = u.posToVal(y, 'y');
  const min = u.scales.y.min ?? 0;
  const max = u.scales.y.max ?? 100;
  return Math.min(max, Math.max(min, percent)) / 100;
}

function nearLine(u: uPlot, target: Target, clientY: number): boolean {
  const acc = target.targetAcc();
  if (acc === null) return false;
  return Math.abs(clientY - u.over.getBoundingClientRect().top - u.valToPos(acc * 100, 'y')) <= GRAB_PX;
}

/** Drags the target with the pointer from a press on the line or its handle until release. */
export function startDrag(event: PointerEvent, u: uPlot, target: Target): void {
  if (!target.onTarget || event.button !== 0) return;
  event.preventDefault();
  const move = (e: PointerEvent) => target.onTarget?.(accAt(u, e.clientY));
  const end = () => {
    window.removeEventListener('pointermove', move);
    window.removeEventListener('pointerup', end);
    window.removeEventListener('pointercancel', end);
  };
  window.addEventListener('pointermove', move);
  window.addEventListener('pointerup', end);
  window.addEventListener('pointercancel', end);
  move(event);
}

/** The pointer on the plot: a press near the line grabs it; near it, the cursor says it can be dragged. */
export function attachDrag(u: uPlot, target: Target): void {
  u.over.addEventListener('pointerdown', (event) => {
    if (nearLine(u, target, event.clientY)) startDrag(event, u, target);
  });
  u.over.addEventListener('pointermove', (event) => {
    u.over.style.cursor = target.onTarget && nearLine(u, target, event.clientY) ? 'ns-resize' : '';
  });
}

/** The handle's top in the plot's frame (CSS px), or null when the line is off the plot. */
export function handleTop(u: uPlot, acc: number | null, frame: HTMLElement): number | null {
  if (acc === null) return null;
  const y = u.valToPos(acc * 100, 'y');
  return y < 0 || y > u.over.clientHeight ? null : overOffset(u, frame).top + y;
}

const NUDGES: Record<string, number> = {
  ArrowUp: 0.1,
  ArrowRight: 0.1,
  ArrowDown: -0.1,
  ArrowLeft: -0.1,
  PageUp: 1,
  PageDown: -1,
};

/** Where a key on the handle moves the target (0..1): a tenth of a point, or a point by the page; undefined for any other key. */
export function nudged(acc: number, key: string): number | undefined {
  const step = NUDGES[key];
  if (step === undefined) return undefined;
  return Math.min(100, Math.max(0, Math.round(acc * 1000 + step * 10) / 10)) / 100;
}
