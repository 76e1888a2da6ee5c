/**
 * Presets: comparisons that tell a story, for a first visit and for
 * teaching. Each is a share link under the hood (a SharedState, opened as
 * a link is), so a preset and a link a teacher sends behave the same. Every
 * preset names only methods and augmentations that exist: a test parses
 * each with the config schema.
 */
import { requireConfig } from './config';
import type { SharedState } from '../core/share/share-link';

export interface Preset {
  id: string;
  title: string;
  /** What the comparison shows, in two or three sentences for the page. */
  story: string;
  state: SharedState;
}

const base = { version: 1, seeds: [0] };

export function presets(): Preset[] {
  return [
    {
      id: 'rs2-vs-coresets',
      title: 'RS2 against coresets at 10% of Fashion-MNIST',
      story:
        'Every method trains on a tenth of the data per epoch. Coresets pick their tenth once, paying for the picking on the clock; RS2 draws a fresh random tenth every epoch. Watch which curve reaches 80% first, and which never gets there (EL2N keeps the hardest tenth, too hard to learn from).',
      state: {
        config: requireConfig({
          ...base,
          dataset: 'fashion-mnist',
          model: { name: 'mlp' },
          budget: { fraction: 0.1 },
          train: { epochs: 5, batchSize: 64, lr: 0.05 },
          methods: [{ name: 'full' }, { name: 'random' }, { name: 'rs2' }, { name: 'herding' }, { name: 'kcenter' }, { name: 'el2n' }],
          // A bar worth reaching: the default target would be the weakest row's final accuracy.
          targetAcc: 0.8,
        }),
      },
    },
    {
      id: 'distil-mnist',
      title: 'Distil MNIST to one image per class',
      story:
        'Ten training images in all. A random pick of one digit per class, against ten images learnt by distribution matching and by trajectory matching. Open the picks panel to see the learnt digits.',
      state: {
        config: requireConfig({
          ...base,
          dataset: 'mnist',
          model: { name: 'mlp' },
          budget: { ipc: 1 },
          train: { epochs: 30, batchSize: 10, lr: 0.01 },
          methods: [{ name: 'random' }, { name: 'dm' }, { name: 'mtt' }],
        }),
        classroom: { hide: ['model', 'train', 'seeds', 'backend'] },
      },
    },
    {
      id: 'mixup-tiny-subset',
      title: 'Does mixup rescue a tiny subset?',
      story:
        'Two percent of Fashion-MNIST, the same random examples in every row: plain, blended with mixup, and with CutMix patches. Mixing makes new examples from the few there are; see whether that is worth more than it costs.',
      state: {
        config: requireConfig({
          ...base,
          dataset: 'fashion-mnist',
          model: { name: 'mlp' },
          budget: { fraction: 0.02 },
          train: { epochs: 20, batchSize: 64, lr: 0.05 },
          methods: [{ name: 'random' }, { name: 'random', augment: { name: 'mixup' } }, { name: 'random', augment: { name: 'cutmix' } }],
        }),
        classroom: { hide: ['model', 'train', 'seeds', 'backend'] },
      },
    },
    {
      id: 'toy-picks',
      title: 'What each method picks on a 2-D toy set',
      story:
        'Two interleaved moons, a tenth of the points kept. Each method keeps a different tenth: spread out, central, near the boundary. The picks panel shows them over the data, and each decision boundary shows what the network learnt from them.',
      state: {
        config: requireConfig({
          ...base,
          dataset: 'moons',
          model: { name: 'mlp' },
          budget: { fraction: 0.1 },
          train: { epochs: 20, batchSize: 32, lr: 0.1 },
          methods: [
            { name: 'random' },
            { name: 'herding' },
            { name: 'kcenter' },
            { name: 'kmeans' },
            { name: 'facility' },
            { name: 'el2n' },
          ],
        }),
        classroom: { hide: ['dataset', 'model', 'train', 'seeds', 'backend'] },
      },
    },
  ];
}
