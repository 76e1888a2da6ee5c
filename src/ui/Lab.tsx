/**
 * The lab page once the worker is up, laid out: settings on the left;
 * status, chart, results, what the methods picked and the data preview on
 * the right. What they show and do is the session's (lab-session.ts). In
 * presentation mode (share/presentation.ts) what is marked `not-presented`
 * steps aside: hidden, not unmounted, so that nothing typed or under way is lost.
 */
import { lazy } from 'solid-js';
import { unwrap } from 'solid-js/store';
import type { PicksProps } from './picks/Picks';
import type { Catalog } from '../core/settings/catalog';
import type { LabConfig } from '../core/settings/config';
import { limitsNotice, type BrowserLimits } from './browser-limits';
import { DatasetPreview } from './data/DatasetPreview';
import { History } from './history/History';
import type { KeptOnOpen } from './history/history-keeper';
import { HistoryNotice } from './history/HistoryNotice';
import { createLabSession } from './lab-session';
import type { BackendChoice, LabClient } from './lab-client';
import { Chart } from './results/Chart';
import { ChartExports, ResultExports } from './results/Exports';
import { ResultsTable } from './results/ResultsTable';
import { StatusLine } from './results/StatusLine';
import { WallTime } from './results/WallTime';
import { Controls } from './settings/Controls';
import { augmentationsFor } from './settings/form-choices';
import { augmentationsInUse, mixPreviewRequest } from './settings/form-state';
import { MixPreviewPanel } from './settings/MixPreview';
import { ClassroomBar } from './share/ClassroomBar';
import { ClassroomPlayback } from './share/ClassroomPlayback';
import { PresentationBar } from './share/PresentationBar';
import type { Presentation } from './share/presentation';
import { Takeaway } from './results/Takeaway';
import { Presets } from './share/Presets';
import { ShareLink } from './share/ShareLink';
import { ShareNotice } from './share/ShareNotice';

interface LabProps {
  client: LabClient;
  catalog: Catalog;
  defaults: LabConfig;
  /** What the browser kept from earlier visits: the form starts from the settings last run, the results from the latest experiment. */
  kept: KeptOnOpen;
  /** What the browser refuses the page (storage, Web Locks), said once at the top. */
  limits: BrowserLimits;
  setBackend: (choice: BackendChoice) => void;
  /** An uncaught error of the worker, if any. */
  workerError: () => string | null;
  presentation: Presentation;
}

// Panels that show only after a run (or a sweep): their code loads beside the first screen's, not in it.
const Picks = lazy(() => import('./picks/Picks').then((m) => ({ default: m.Picks })));
const Boundaries = lazy(() => import('./picks/Boundaries').then((m) => ({ default: m.Boundaries })));
const LiveDistillationView = lazy(() =>
  import('./picks/LiveDistillation').then((m) => ({ default: m.LiveDistillationView })),
);
const ClassAccuracy = lazy(() => import('./results/ClassAccuracy').then((m) => ({ default: m.ClassAccuracy })));
const SweepFigure = lazy(() => import('./results/SweepFigure').then((m) => ({ default: m.SweepFigure })));

export function Lab(props: LabProps) {
  const session = createLabSession(props);
  const { form, results, playback } = session;
  const api = props.client.api;
  const selection: PicksProps['load'] = (data, indices) => api.selection(data, indices);

  return (
    <div class="layout">
      <aside class="sidebar not-presented">
        <div class="share-bar">
          <Presets load={() => api.presets()} onOpen={session.share.open} />
          <ShareLink link={session.copyLink} />
        </div>
        <Controls
          catalog={session.catalog()}
          loadDatasetFile={session.loadDatasetFile}
          uploads={session.uploads}
          form={form}
          setForm={session.setForm}
          problemsOf={session.problemsOf}
          classCounts={session.classCounts}
          fitWarnings={session.fitWarnings}
          sweepNote={session.sweepNote}
          running={session.busy()}
          onRun={() => void session.run()}
          classroom={session.classroom}
          onCancel={session.cancel}
        />
      </aside>
      <main class="content">
        <PresentationBar presentation={session.presentation} lesson={session.classroom} />
        <div class="not-presented">
          <ShareNotice
            notice={session.linkNotice}
            onReopen={session.share.reopen}
            onDismiss={session.dismissLinkNotice}
          />
          <ClassroomBar classroom={session.classroom} onShowAll={session.showAllControls} />
        </div>
        <ClassroomPlayback
          playback={playback}
          always={() => session.classroom() !== null || session.presentation.on()}
          running={session.busy}
          distilling={() => session.busy() && results.read().live?.distilling === true}
          onPlay={(start) => void session.run(start)}
          onReset={() => void session.reset()}
        />
        <StatusLine status={session.status} presenting={session.presentation.on} ref={session.setStatusElement} />
        <div class="not-presented">
          <HistoryNotice
            shown={results.shown}
            problem={session.storeProblem}
            limits={limitsNotice(props.limits)}
            datasetName={session.datasetName}
            otherSettings={session.otherSettings}
            onLoadSettings={session.loadShownSettings}
          />
        </div>
        <Chart
          runs={results.chartRuns}
          version={results.version}
          overlay={{ name: () => results.overlay()?.name ?? null, remove: () => results.overlayKept(null) }}
          targetAcc={results.targetAcc}
          onTarget={results.setChartTarget}
          large={session.presentation.on}
          exports={(chart) => <ChartExports shown={results.shown} chart={chart} datasetName={session.datasetName} />}
        />
        <Takeaway rows={results.summaryRows} targetAcc={results.targetAcc} running={session.busy} />
        <SweepFigure rows={results.summaryRows} colourOf={(label) => results.colours().get(label)} />
        <div class="not-presented">
          <WallTime timing={results.timing} />
        </div>
        <LiveDistillationView
          live={() => results.read().live}
          data={() => results.read().data}
          load={selection}
          pauseAsked={playback.paused}
          evaluationAsked={session.evaluationAsked}
          onPause={playback.pause}
          onResume={playback.resume}
          onEvaluate={session.evaluateNow}
        />
        <ResultsTable
          rows={results.summaryRows}
          targetAcc={results.targetAcc}
          targetRule={results.targetRule}
          onResetTarget={() => results.setChartTarget(null)}
          colourOf={(label) => results.colours().get(label)}
          actions={<ResultExports shown={results.shown} datasetName={session.datasetName} />}
        />
        <Boundaries boundaries={() => results.read().boundaries} data={() => results.read().data} load={selection} />
        <ClassAccuracy runs={() => results.read().classes} />
        <Picks
          picks={() => results.read().picks}
          data={() => results.read().data}
          model={() => results.read().model}
          load={selection}
          datasetOf={session.datasetOf}
        />
        <div class="not-presented">
          <History
            store={props.kept.store}
            version={session.historyVersion}
            busy={session.busy}
            datasetName={session.datasetName}
            onOpen={results.showKept}
            onOverlay={results.overlayKept}
            readResults={(text) => api.readResults(text)}
          />
          <DatasetPreview
            datasetId={() => form.dataset}
            load={async (id, onProgress) => {
              const preview = await props.client.preview(id, onProgress);
              session.countedClasses(id, preview.counts);
              return preview;
            }}
          />
          <MixPreviewPanel
            augmentations={() => augmentationsFor(session.catalog(), form.dataset)}
            inUse={() => augmentationsInUse(form, session.catalog().augmentations)}
            context={() => `${form.dataset} ${form.model}`}
            request={(augmentation, seed) => mixPreviewRequest(unwrap(form), session.base(), augmentation, seed)}
            load={(request) => api.mixPreview(request)}
            running={session.busy}
          />
        </div>
      </main>
    </div>
  );
}
