/**
 * The chart as a standalone SVG file: the mean line of every row, the
 * min–max band where several seeds ran, the target line, axes and a legend,
 * drawn from the same ChartData the page's chart shows. Every text (labels
 * come from method rows, never trusted as markup) is escaped.
 */
import { rowPoints, X_AXIS_LABELS, type ChartData, type XAxisKind } from './chart-data';
import { accuracyRange, niceTicks, tickLabels, xAxisEnd, xMinStep } from './chart-axes';

export { niceTicks } from './chart-axes';

const WIDTH = 800;
const HEIGHT = 480;
const MARGIN = { left: 60, right: 20, top: 20, bottom: 50 };
const LEGEND_LINE = 18;

/** Text safe inside SVG elements and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

/** The title line's height, above the plot. */
const TITLE_HEIGHT = 26;

/** `target`: an accuracy in [0, 1], drawn as a dashed line, or null. `title`: a line above the plot (see chartTitle). */
export function chartSvg(chart: ChartData, xAxis: XAxisKind, target: number | null, title?: string): string {
  const xs = chart.columns[0].filter((x): x is number => x !== null);
  const ys = chart.columns
    .slice(1)
    .flat()
    .filter((y): y is number => y !== null);
  // The page's ranges (and so the PNG's): x from 0 to a round end, accuracy fitted to the data.
  const minStep = xMinStep(xAxis);
  const xMax = xAxisEnd(xs.length > 0 ? Math.max(...xs) : null, 6, minStep);
  const [yMin, yMax] = accuracyRange(ys.length > 0 ? Math.min(...ys) : null, ys.length > 0 ? Math.max(...ys) : null);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const legendHeight = chart.rows.length * LEGEND_LINE + 10;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const px = (x: number) => MARGIN.left + (x / xMax) * plotWidth;
  const py = (acc: number) => MARGIN.top + (1 - (acc - yMin) / (yMax - yMin || 1)) * plotHeight;
  const f = (n: number) => n.toFixed(1);

  const parts: string[] = [];
  const xTicks = niceTicks(0, xMax, 6, minStep);
  const xLabels = tickLabels(xTicks);
  xTicks.forEach((tick, i) => {
    parts.push(
      `<line x1="${f(px(tick))}" y1="${MARGIN.top}" x2="${f(px(tick))}" y2="${MARGIN.top + plotHeight}" stroke="#e5e5e5"/>`,
    );
    parts.push(
      `<text x="${f(px(tick))}" y="${MARGIN.top + plotHeight + 16}" text-anchor="middle">${escapeXml(xLabels[i])}</text>`,
    );
  });
  for (const tick of niceTicks(yMin, yMax, 5)) {
    parts.push(
      `<line x1="${MARGIN.left}" y1="${f(py(tick))}" x2="${MARGIN.left + plotWidth}" y2="${f(py(tick))}" stroke="#e5e5e5"/>`,
    );
    parts.push(`<text x="${MARGIN.left - 6}" y="${f(py(tick) + 4)}" text-anchor="end">${tick}%</text>`);
  }
  parts.push(
    `<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 12}" text-anchor="middle">${escapeXml(X_AXIS_LABELS[xAxis])}</text>`,
  );
  parts.push(
    `<text transform="translate(14 ${MARGIN.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">Test accuracy</text>`,
  );

  for (const row of chart.rows) {
    if (row.band) {
      const [upper, lower] = row.band.map((column) =>
        chart.columns[0].flatMap((x, i) =>
          x === null || chart.columns[column][i] === null ? [] : [[x, chart.columns[column][i]!]],
        ),
      );
      const outline = [...upper, ...[...lower].reverse()].map(([x, acc]) => `${f(px(x))},${f(py(acc))}`).join(' ');
      parts.push(`<polygon points="${outline}" fill="${row.colour}" fill-opacity="0.15" stroke="none"/>`);
    }
    const line = rowPoints(chart, row)
      .map((p) => `${f(px(p.x))},${f(py(p.acc))}`)
      .join(' ');
    const dots = row.dotted ? ' stroke-dasharray="3 3"' : '';
    parts.push(`<polyline points="${line}" fill="none" stroke="${row.colour}" stroke-width="2"${dots}/>`);
  }
  // As on the page, the target shows where it falls on the accuracy axis.
  if (target !== null && target * 100 >= yMin && target * 100 <= yMax) {
    parts.push(
      `<line x1="${MARGIN.left}" y1="${f(py(target * 100))}" x2="${MARGIN.left + plotWidth}" y2="${f(py(target * 100))}" stroke="#333" stroke-dasharray="6 4"/>`,
    );
    parts.push(
      `<text x="${MARGIN.left + plotWidth - 4}" y="${f(py(target * 100) - 5)}" text-anchor="end">target ${(target * 100).toFixed(1)}%</text>`,
    );
  }
  chart.rows.forEach((row, i) => {
    const y = HEIGHT + 10 + i * LEGEND_LINE;
    parts.push(
      `<line x1="${MARGIN.left}" y1="${y}" x2="${MARGIN.left + 24}" y2="${y}" stroke="${row.colour}" stroke-width="3"${row.dotted ? ' stroke-dasharray="3 3"' : ''}/>`,
    );
    parts.push(`<text x="${MARGIN.left + 32}" y="${y + 4}">${escapeXml(row.label)}</text>`);
  });

  const top = title ? TITLE_HEIGHT : 0;
  const height = top + HEIGHT + legendHeight;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    ...(title
      ? [
          `<text x="${MARGIN.left}" y="${TITLE_HEIGHT - 6}" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
        ]
      : []),
    ...(top ? [`<g transform="translate(0 ${top})">`, ...parts, '</g>'] : parts),
    '</svg>',
  ].join('\n');
}
