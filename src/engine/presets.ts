/**
 * Presets: comparisons that tell a story, for a first visit and for
 * teaching. Each is a share link under the hood (a SharedState, opened as
 * a link is), so a preset and a link a teacher sends behave the same. Its
 * comparison is an example config, examples/presets/<id>.json: one source
 * for the page and the command line (`npm run lab -- run` on the file runs
 * what the preset runs), parsed here with the config schema.
 */
import { requireConfig } from './config';
import { OpenDatasets } from './data/open-datasets';
import type { ClassroomControl, SharedState } from '../core/share/share-link';
import rs2VsCoresets from '../../examples/presets/rs2-vs-coresets.json';
import distilMnist from '../../examples/presets/distil-mnist.json';
import mixupTinySubset from '../../examples/presets/mixup-tiny-subset.json';
import toyPicks from '../../examples/presets/toy-picks.json';

export interface Preset {
  id: string;
  title: string;
  /** What the comparison shows, in two or three sentences for the page. */
  story: string;
  state: SharedState;
}

/** A preset for a class: its link hides `hide` and opens in presentation mode with the preset's title and story. */
function asLesson(preset: Preset, hide: ClassroomControl[]): Preset {
  return { ...preset, state: { ...preset.state, classroom: { hide, title: preset.title, story: preset.story } } };
}

export function presets(): Preset[] {
  // A preset names a bundled dataset: it opens the same wherever the person's own datasets are.
  const bundled = new OpenDatasets();
  return [
    {
      id: 'rs2-vs-coresets',
      title: 'RS2 against coresets at 10% of Fashion-MNIST',
      story:
        'Every method but full data trains on a tenth of the data per epoch. Coresets pick their tenth once, paying for the picking on the clock; RS2 draws a fresh random tenth every epoch. Watch which curve reaches 80% first, and which never get there (k-center keeps a spread-out tenth that stalls below it; EL2N keeps the hardest tenth, too hard to learn from).',
      // Its targetAcc (80%) is a bar worth reaching: the default target would be the weakest row's final accuracy.
      state: { config: requireConfig(bundled, rs2VsCoresets) },
    },
    asLesson(
      {
        id: 'distil-mnist',
        title: 'Distil MNIST to one image per class',
        story:
          'Ten training images in all. A random pick of one digit per class, against ten images learnt by distribution matching and by trajectory matching, with one pass over all the data as the reference. Compare the speed-ups in steps and in time: learning the images is on the clock. Open the picks panel to see the learnt digits.',
        state: { config: requireConfig(bundled, distilMnist) },
      },
      ['model', 'train', 'seeds', 'backend'],
    ),
    asLesson(
      {
        id: 'mixup-tiny-subset',
        title: 'Does mixup rescue a tiny subset?',
        story:
          'Two percent of Fashion-MNIST, the same random examples in every row: plain, blended with mixup, and with CutMix patches, beside one pass over all the data. Mixing makes new examples from the few there are; see whether that is worth more than it costs, and whether any tiny set gets there before one pass over everything.',
        state: { config: requireConfig(bundled, mixupTinySubset) },
      },
      ['model', 'train', 'seeds', 'backend'],
    ),
    asLesson(
      {
        id: 'toy-picks',
        title: 'What each method picks on a 2-D toy set',
        story:
          'Two interleaved moons, a tenth of the points kept, and all of them for reference. Each method keeps a different tenth: spread out, central, near the boundary. The picks panel shows them over the data, and each decision boundary shows what the network learnt from them (EL2N keeps the hardest tenth, the points an early network gets wrong, and learns from them a boundary that gets most points wrong).',
        state: { config: requireConfig(bundled, toyPicks) },
      },
      ['dataset', 'model', 'train', 'seeds', 'backend'],
    ),
  ];
}
