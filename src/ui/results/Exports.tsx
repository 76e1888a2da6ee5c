/**
 * Buttons that save the results on show, whether run in this visit or
 * opened from History: the result as JSON and its tables as CSV (by the
 * results table), the chart as PNG and SVG (under the chart).
 */
import { createSignal, Show, type JSX } from 'solid-js';
import { curvesCsv, summaryCsv } from '../../core/results/csv';
import type { ChartOnShow } from './Chart';
import { chartSvg } from './chart-svg';
import { downloadBlob, downloadJson, downloadText } from '../common/download';
import { chartTitle, exportFileName, resultsFile, type ExportPart } from './export-files';
import { chartPng } from './export-png';
import type { ShownResults } from '../history/history-data';
import { describeError } from '../lab-client';

function ExportGroup(props: { label: string; testId: string; children: JSX.Element }) {
  return (
    <div class="exports" role="group" aria-label={props.label} data-testid={props.testId}>
      {props.children}
    </div>
  );
}

/** The catalog's display name of a dataset (an upload's file name, not its hash id), where it has one. */
type DatasetName = (id: string) => string | undefined;

export function ResultExports(props: { shown: () => ShownResults | null; datasetName?: DatasetName }) {
  const fileName = (shown: ShownResults, part: ExportPart) =>
    exportFileName(shown, part, props.datasetName?.(shown.result.config.dataset));
  return (
    <Show when={props.shown()}>
      {(shown) => (
        <ExportGroup label="Save the results" testId="result-exports">
          <button
            type="button"
            data-testid="export-json"
            onClick={() => downloadJson(fileName(shown(), 'results.json'), resultsFile(shown()))}
          >
            Save JSON
          </button>
          <button
            type="button"
            data-testid="export-summary-csv"
            onClick={() => downloadText(fileName(shown(), 'summary.csv'), summaryCsv(shown().result), 'text/csv')}
          >
            Save summary CSV
          </button>
          <button
            type="button"
            data-testid="export-curves-csv"
            onClick={() => downloadText(fileName(shown(), 'curves.csv'), curvesCsv(shown().result), 'text/csv')}
          >
            Save curves CSV
          </button>
        </ExportGroup>
      )}
    </Show>
  );
}

export function ChartExports(props: {
  shown: () => ShownResults | null;
  chart: ChartOnShow;
  datasetName?: DatasetName;
}) {
  const [problem, setProblem] = createSignal<string | null>(null);
  const nameOf = (shown: ShownResults) => props.datasetName?.(shown.result.config.dataset);
  const fileName = (shown: ShownResults, part: ExportPart) => exportFileName(shown, part, nameOf(shown));
  const title = (shown: ShownResults) => chartTitle(shown.result.config, nameOf(shown));
  const savePng = async (shown: ShownResults) => {
    setProblem(null);
    try {
      const canvas = props.chart.canvas();
      if (!canvas) throw new Error('the chart is not drawn');
      downloadBlob(
        fileName(shown, 'chart.png'),
        await chartPng(canvas, props.chart.data().rows, props.chart.target(), title(shown)),
      );
    } catch (error) {
      setProblem(`Could not save the PNG: ${describeError(error)}`);
    }
  };
  const saveSvg = (shown: ShownResults) =>
    downloadText(
      fileName(shown, 'chart.svg'),
      chartSvg(props.chart.data(), props.chart.xAxis(), props.chart.target(), title(shown)),
      'image/svg+xml',
    );
  return (
    <Show when={props.shown()}>
      {(shown) => (
        <>
          <ExportGroup label="Save the chart" testId="chart-exports">
            <button type="button" data-testid="export-png" onClick={() => void savePng(shown())}>
              Save PNG
            </button>
            <button type="button" data-testid="export-svg" onClick={() => saveSvg(shown())}>
              Save SVG
            </button>
          </ExportGroup>
          <Show when={problem()}>
            {(message) => (
              <p class="problem" role="alert" data-testid="chart-export-problem">
                {message()}
              </p>
            )}
          </Show>
        </>
      )}
    </Show>
  );
}
