/** One colour per class, shared by the scatter plots and the class swatches (Okabe-Ito first, for colour-blind readers). */
const CLASS_COLOURS = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#000000',
  '#8c564b',
  '#bcbd22',
  '#17becf',
];

export function classColour(classIndex: number): string {
  return CLASS_COLOURS[classIndex % CLASS_COLOURS.length];
}
