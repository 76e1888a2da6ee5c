/**
 * JSON Lines of labelled texts: one {"text": "...", "label": "..." or 3}
 * per line; blank lines are skipped, other fields ignored.
 */
import type { ReadExamples } from './examples';
import type { UploadProgress } from '../../../core/upload/progress';
import { Labels } from './labels';
import type { UploadLimits } from '../../../core/upload/limits';
import { checkText, textExamples } from './text-examples';
import { fail } from './upload-error';

export function readJsonl(text: string, limits: UploadLimits, onProgress?: UploadProgress): ReadExamples {
  const labels = new Labels(limits);
  const texts: string[] = [];
  const lines = text.split(/\r?\n/);
  let done = 0;
  lines.forEach((line, i) => {
    done += line.length + 1;
    if (line.trim() === '') return;
    const where = `line ${i + 1}`;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      fail(`${where} is not JSON; each line must be an object such as {"text": "...", "label": "..."}`);
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record))
      fail(`${where} is not a JSON object such as {"text": "...", "label": "..."}`);
    const { text: value, label } = record as { text?: unknown; label?: unknown };
    if (typeof value !== 'string') fail(`${where}: "text" is ${value === undefined ? 'missing' : 'not a string'}`);
    if (!(typeof label === 'string' || (typeof label === 'number' && Number.isFinite(label)))) {
      fail(`${where}: "label" is ${label === undefined ? 'missing' : 'neither a string nor a number'}`);
    }
    checkText(value, where, limits);
    labels.add(String(label), where);
    texts.push(value);
    if (i % 1000 === 0) onProgress?.(done, text.length, 'file');
  });
  if (texts.length === 0) fail('holds no examples (no lines with "text" and "label")');
  onProgress?.(text.length, text.length, 'file');
  const { examples, notes } = textExamples(texts, limits);
  return { labels: labels.finish(), examples, notes };
}
