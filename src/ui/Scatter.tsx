/**
 * Every point of a 2-D set, coloured by class. With `picked`, the picked
 * points are drawn on top, larger and outlined, and the rest fade.
 */
import { createEffect } from 'solid-js';
import type { PreviewPoints } from '../engine/data/preview';
import { classColour } from './class-colours';

const SCATTER_SIZE = 320;
const MARGIN = 8;

function extent(values: Float32Array): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

interface ScatterProps {
  points: PreviewPoints;
  /** 1 at each picked point (see pickedMask). */
  picked?: Uint8Array;
  testId: string;
  /** What the plot shows, for screen readers. */
  label: string;
}

export function Scatter(props: ScatterProps) {
  let canvas!: HTMLCanvasElement;
  createEffect(() => {
    const { x, y, label } = props.points;
    const picked = props.picked;
    const scale = window.devicePixelRatio || 1;
    // Setting the size clears the canvas and its transform.
    canvas.width = SCATTER_SIZE * scale;
    canvas.height = SCATTER_SIZE * scale;
    const ctx = canvas.getContext('2d')!;
    ctx.scale(scale, scale);
    const [minX, maxX] = extent(x);
    const [minY, maxY] = extent(y);
    const span = SCATTER_SIZE - 2 * MARGIN;
    const dot = (i: number, radius: number) => {
      const px = MARGIN + ((x[i] - minX) / (maxX - minX || 1)) * span;
      const py = SCATTER_SIZE - MARGIN - ((y[i] - minY) / (maxY - minY || 1)) * span;
      ctx.fillStyle = classColour(label[i]);
      ctx.beginPath();
      ctx.arc(px, py, radius, 0, 2 * Math.PI);
      ctx.fill();
    };
    ctx.globalAlpha = picked ? 0.25 : 0.7;
    for (let i = 0; i < x.length; i++) if (!picked?.[i]) dot(i, 2.5);
    if (!picked) return;
    ctx.globalAlpha = 1;
    ctx.strokeStyle = '#1d2330';
    ctx.lineWidth = 1.25;
    for (let i = 0; i < x.length; i++) {
      if (!picked[i]) continue;
      dot(i, 4.5);
      ctx.stroke();
    }
  });
  return (
    <canvas
      ref={canvas}
      class="scatter"
      role="img"
      aria-label={props.label}
      style={{ width: `${SCATTER_SIZE}px`, height: `${SCATTER_SIZE}px` }}
      data-testid={props.testId}
    />
  );
}
