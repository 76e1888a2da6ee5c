/**
 * A distilled set: its examples by class (on 2-D sets, crosses over the real
 * points) and its loss curve. Shows a finished run's set in the picks panel
 * and a distillation's set as it learns in the live view.
 */
import { createMemo, Show } from 'solid-js';
import type { SelectionPreview } from '../../core/data/preview';
import type { SyntheticResult } from '../../core/results/types';
import { ExampleGallery } from '../data/ExampleGallery';
import { LossChart } from '../results/LossChart';
import { classCaption } from './picks-data';
import { Scatter } from './Scatter';
import { classCounts, pixelRangeNote, syntheticImages, syntheticPoints, syntheticTexts } from './synthetic-data';

/** Synthetic images per class on show, as many as the worker sends of picked ones. */
const SYNTHETIC_PER_CLASS = 12;

interface SyntheticSetViewProps {
  synthetic: SyntheticResult;
  /** The real data's classes and, on 2-D sets, its points. */
  preview: SelectionPreview;
  /** The sentence that opens the description, e.g. "dm 10% distilled 30 synthetic examples (seed 0)." */
  summary: string;
}

export function SyntheticSetView(props: SyntheticSetViewProps) {
  const synthetic = () => props.synthetic;
  const classCount = () => props.preview.classes.length;
  const counts = createMemo(() => classCounts(synthetic().classes, classCount()));
  // 2-D points show in the scatter, not the gallery.
  const images = createMemo(() =>
    props.preview.kind === 'image'
      ? syntheticImages(synthetic(), classCount(), SYNTHETIC_PER_CLASS)
      : props.preview.kind === 'tokens'
        ? syntheticTexts(synthetic(), classCount(), SYNTHETIC_PER_CLASS)
        : counts().map(() => []),
  );
  const overlay = createMemo(() => (props.preview.points ? syntheticPoints(synthetic()) : undefined));
  // Read in the JSX (not in a `<Show>` child function, which runs once): the note follows the set on show.
  const pixelNote = createMemo(() => pixelRangeNote(synthetic(), props.preview.kind));
  return (
    <div class="picks-body">
      <p class="muted">
        {props.summary}
        <Show when={overlay()}> The scatter draws them as crosses over every real training point.</Show>
        <Show when={props.preview.kind === 'tokens'}>
          {' '}
          Each is a sequence of embedding vectors, not words. The gallery lists the words (of those at least five
          training texts use) whose vectors point most nearly along it, in the text model's embedding table (random at
          the start and held fixed, so the words tell only where each text lies), and, once it moves, the words along
          its move from where it started: what the method wrote in.
        </Show>
        {pixelNote()}
      </p>
      <div class="picks-plots">
        <Show when={props.preview.points}>
          {(points) => (
            <Scatter
              points={points()}
              overlay={overlay()}
              testId="synthetic-scatter"
              label="every real training point, coloured by class and faded; the distilled points over them as outlined crosses"
            />
          )}
        </Show>
        <LossChart loss={synthetic().loss} />
      </div>
      <ExampleGallery
        testId="synthetic-gallery"
        what="synthetic example"
        kind={props.preview.kind}
        classes={props.preview.classes}
        examples={images()}
        caption={(c) => classCaption(counts()[c], images()[c].length, 'distilled')}
      />
    </div>
  );
}
