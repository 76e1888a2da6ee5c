/**
 * Every point of a 2-D set, coloured by class. With `picked`, the picked
 * points are drawn on top, larger and outlined, and the rest fade; with
 * `overlay` (a distilled set), its points are drawn over them all as
 * outlined crosses; with `background` (a decision boundary), its class map
 * is drawn under them, pale, in the classes' colours.
 */
import { createEffect } from 'solid-js';
import type { PreviewPoints } from '../../core/data/preview';
import type { DecisionBoundary } from '../../core/results/types';
import { classColour } from '../common/class-colours';
import { type PlotRange, rangeOf } from './plot-range';

/** The canvas's size in CSS pixels, as settings/mix-preview.css sets it for .scatter. */
const SCATTER_SIZE = 320;
const MARGIN = 8;
/** Half the width of an overlay cross. */
const CROSS = 4.5;

/** "#0072B2" as [0, 114, 178]. */
function rgb(hex: string): [number, number, number] {
  const value = parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

interface ScatterProps {
  points: PreviewPoints;
  /** 1 at each picked point (see pickedMask). */
  picked?: Uint8Array;
  /** Points of another set drawn over the others (see syntheticPoints). */
  overlay?: PreviewPoints;
  /** A class map drawn under the points; the axes take in its range. */
  background?: DecisionBoundary;
  /** Axes shared with other plots (the boundary panels); else the range its own points and layers take in. */
  range?: PlotRange;
  /** The drawing's size in CSS pixels (the stylesheet may scale it); 320 unless told. */
  size?: number;
  testId: string;
  /** What the plot shows, for screen readers. */
  label: string;
}

export function Scatter(props: ScatterProps) {
  let canvas!: HTMLCanvasElement;
  createEffect(() => {
    const { x, y, label } = props.points;
    const picked = props.picked;
    const overlay = props.overlay;
    const background = props.background;
    const size = props.size ?? SCATTER_SIZE;
    const scale = window.devicePixelRatio || 1;
    // Setting the size clears the canvas and its transform.
    canvas.width = size * scale;
    canvas.height = size * scale;
    const ctx = canvas.getContext('2d')!;
    ctx.scale(scale, scale);
    // Distilled points may leave the real data's range: the axes hold both.
    const {
      x: [minX, maxX],
      y: [minY, maxY],
    } = props.range ?? rangeOf(props.points, overlay, background ? [background] : []);
    const span = size - 2 * MARGIN;
    const across = (v: number) => MARGIN + ((v - minX) / (maxX - minX || 1)) * span;
    const up = (v: number) => size - MARGIN - ((v - minY) / (maxY - minY || 1)) * span;
    const dot = (i: number, radius: number) => {
      ctx.fillStyle = classColour(label[i]);
      ctx.beginPath();
      ctx.arc(across(x[i]), up(y[i]), radius, 0, 2 * Math.PI);
      ctx.fill();
    };
    if (background) {
      // One pixel a cell, scaled up unsmoothed; row 0 of the image is the top (y1).
      const { size, classes } = background;
      const image = new ImageData(size, size);
      for (let j = 0; j < size; j++) {
        for (let i = 0; i < size; i++) {
          const [r, g, b] = rgb(classColour(classes[j * size + i]));
          const at = 4 * ((size - 1 - j) * size + i);
          image.data.set([r, g, b, 255], at);
        }
      }
      const cells = document.createElement('canvas');
      cells.width = size;
      cells.height = size;
      cells.getContext('2d')!.putImageData(image, 0, 0);
      ctx.save();
      ctx.imageSmoothingEnabled = false;
      ctx.globalAlpha = 0.3;
      const left = across(background.x0);
      const top = up(background.y1);
      ctx.drawImage(cells, left, top, across(background.x1) - left, up(background.y0) - top);
      ctx.restore();
    }
    ctx.globalAlpha = picked || overlay ? 0.25 : background ? 0.85 : 0.7;
    for (let i = 0; i < x.length; i++) if (!picked?.[i]) dot(i, 2.5);
    ctx.globalAlpha = 1;
    if (picked) {
      ctx.strokeStyle = '#1d2330';
      ctx.lineWidth = 1.25;
      for (let i = 0; i < x.length; i++) {
        if (!picked[i]) continue;
        dot(i, 4.5);
        ctx.stroke();
      }
    }
    if (overlay) {
      ctx.lineCap = 'round';
      for (let i = 0; i < overlay.x.length; i++) {
        const px = across(overlay.x[i]);
        const py = up(overlay.y[i]);
        ctx.beginPath();
        ctx.moveTo(px - CROSS, py - CROSS);
        ctx.lineTo(px + CROSS, py + CROSS);
        ctx.moveTo(px - CROSS, py + CROSS);
        ctx.lineTo(px + CROSS, py - CROSS);
        // A dark outline under the class colour keeps each cross apart from the dots beneath.
        ctx.strokeStyle = '#1d2330';
        ctx.lineWidth = 4.5;
        ctx.stroke();
        ctx.strokeStyle = classColour(overlay.label[i]);
        ctx.lineWidth = 2.5;
        ctx.stroke();
      }
    }
  });
  return <canvas ref={canvas} class="scatter" role="img" aria-label={props.label} data-testid={props.testId} />;
}
