/**
 * What a finished comparison showed, in two or three sentences a class can
 * read off a projector: who reached the target first (and by how much
 * against full data), who never did, and who ended highest. Read from the
 * results table's rows, so it says nothing the table does not.
 */
import type { SummaryRow } from '../../core/results/types';
import { formatPercent, formatSeconds } from '../common/format';

type Row = Pick<
  SummaryRow,
  'label' | 'method' | 'finalTestAccMean' | 'timeToTargetMs' | 'speedupVsFull' | 'diverged' | 'didNotLearn'
>;

/** "a", "a and b", "a, b and c". */
function listed(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

function reachedText(fastest: Row, rows: readonly Row[], target: string): string {
  const time = `${formatSeconds(fastest.timeToTargetMs!)} s`;
  if (fastest.method === 'full') {
    const firstSubset = rows.find((row) => row.method !== 'full' && row.timeToTargetMs !== null);
    return firstSubset
      ? `Full data reached ${target} first, in ${time}; the fastest of the others, ${firstSubset.label}, took ${formatSeconds(firstSubset.timeToTargetMs!)} s.`
      : `Full data reached ${target} first, in ${time}.`;
  }
  // Full data, had it reached the target too, took longer: the speed-up is above 1 here.
  const speedup = fastest.speedupVsFull;
  const againstFull = speedup === null ? '' : `: ${speedup.toFixed(1)}× faster than full data`;
  return `${fastest.label} reached ${target} first, in ${time}${againstFull}.`;
}

/** The comparison's story in sentences, or null before there is a row to tell of. */
export function takeaway(rows: readonly Row[], targetAcc: number | null): string | null {
  if (rows.length === 0) return null;
  const sentences: string[] = [];
  if (targetAcc !== null) {
    const target = formatPercent(targetAcc);
    const reached = rows
      .filter((row) => row.timeToTargetMs !== null)
      .sort((a, b) => a.timeToTargetMs! - b.timeToTargetMs!);
    if (reached.length > 0) sentences.push(reachedText(reached[0], reached, target));
    const missed = rows.filter((row) => row.timeToTargetMs === null).map((row) => row.label);
    if (missed.length > 0)
      sentences.push(
        reached.length === 0 ? `No method reached ${target}.` : `${listed(missed)} never reached ${target}.`,
      );
  }
  const learned = rows.filter((row) => !row.diverged && !row.didNotLearn);
  const best = [...learned].sort((a, b) => b.finalTestAccMean - a.finalTestAccMean)[0];
  if (best) sentences.push(`Highest final accuracy: ${best.label}, ${formatPercent(best.finalTestAccMean)}.`);
  return sentences.join(' ');
}
