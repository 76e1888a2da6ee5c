/**
 * The chart as a PNG file: the plot's own canvas (curves, axes, the target
 * line; its ranges are the SVG's, chart-axes.ts) on white, under a title
 * line (dataset, model, budget, as the SVG's) and over the legend, which the
 * page draws as HTML, so that the picture reads on its own.
 */
import type { ChartRow } from './chart-data';
import { formatPercent } from '../common/format';

const LEGEND_LINE_PX = 20;
const LEGEND_PAD_PX = 12;
const SWATCH_PX = 24;

/** The title line's height, in CSS pixels, above the plot. */
const TITLE_PX = 28;

/**
 * `target`: an accuracy in [0, 1] for the legend's dashed line, or null.
 * `title`: the line above the plot (see chartTitle).
 */
export function chartPng(
  plot: HTMLCanvasElement,
  rows: readonly Pick<ChartRow, 'label' | 'colour'>[],
  target: number | null,
  title?: string,
): Promise<Blob> {
  // The canvas is drawn at the screen's pixel ratio; the title and legend follow it.
  const scale = plot.width / (plot.clientWidth || plot.width);
  const lines = rows.length + (target === null ? 0 : 1);
  const top = title ? Math.ceil(TITLE_PX * scale) : 0;
  const canvas = document.createElement('canvas');
  canvas.width = plot.width;
  canvas.height = Math.ceil(top + plot.height + (lines * LEGEND_LINE_PX + 2 * LEGEND_PAD_PX) * scale);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  if (title) {
    ctx.font = `bold ${14 * scale}px sans-serif`;
    ctx.textBaseline = 'middle';
    ctx.fillStyle = '#222';
    ctx.fillText(title, LEGEND_PAD_PX * 4 * scale, top / 2, canvas.width - LEGEND_PAD_PX * 5 * scale);
  }
  ctx.drawImage(plot, 0, top);

  ctx.font = `${12 * scale}px sans-serif`;
  ctx.textBaseline = 'middle';
  ctx.lineWidth = 3 * scale;
  const left = LEGEND_PAD_PX * 4 * scale;
  const entry = (i: number, colour: string, text: string, dash: number[]) => {
    const y = top + plot.height + (LEGEND_PAD_PX + (i + 0.5) * LEGEND_LINE_PX) * scale;
    ctx.strokeStyle = colour;
    ctx.setLineDash(dash.map((d) => d * scale));
    ctx.beginPath();
    ctx.moveTo(left, y);
    ctx.lineTo(left + SWATCH_PX * scale, y);
    ctx.stroke();
    ctx.fillStyle = '#222';
    ctx.fillText(text, left + (SWATCH_PX + 8) * scale, y);
  };
  rows.forEach((row, i) => entry(i, row.colour, row.label, []));
  if (target !== null) entry(rows.length, '#555', `target ${formatPercent(target)}`, [6, 4]);

  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('the browser could not encode the PNG'))),
      'image/png',
    ),
  );
}
