/**
 * An upload as the browser's storage gives it back, in the form this lab
 * reads. Texts kept before they were packed come back as a list of
 * strings: they are packed now, to the same bytes, so the same id.
 */
import { packTexts } from './packed-texts';
import type { ParsedUpload } from './read-upload';

export function keptUpload(upload: ParsedUpload): ParsedUpload {
  const { examples } = upload;
  const texts: unknown = examples.kind === 'tokens' ? examples.texts : undefined;
  if (examples.kind !== 'tokens' || !Array.isArray(texts)) return upload;
  return { ...upload, examples: { ...examples, texts: packTexts(texts as string[]) } };
}
