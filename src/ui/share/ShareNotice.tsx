/**
 * Why a link did not open, as text (a link's content is never markup), with
 * the way on: for a dataset the lab lacks, the dataset controls and a
 * second try once it is added.
 */
import { Show } from 'solid-js';
import type { LinkNotice } from './share-state';

interface ShareNoticeProps {
  notice: () => LinkNotice | null;
  onReopen: () => void;
  onDismiss: () => void;
}

/** The first file input of the form: the upload or "Load a dataset file" (unfolded first, where a phone folds them). */
function focusDatasetControls() {
  const fold = document.querySelector<HTMLDetailsElement>('.controls details.own-data');
  if (fold) fold.open = true;
  const input = document.querySelector<HTMLInputElement>('.controls input[type="file"]:not(:disabled)');
  input?.scrollIntoView({ block: 'center' });
  input?.focus();
}

export function ShareNotice(props: ShareNoticeProps) {
  return (
    <Show when={props.notice()}>
      {(notice) => (
        <div class="status error share-notice" role="alert" data-testid="link-notice">
          <span data-testid="link-notice-text">{notice().message}</span>
          <div class="row">
            <Show when={notice().missingDataset}>
              <button type="button" data-testid="link-go-to-dataset" onClick={focusDatasetControls}>
                Go to the dataset controls
              </button>
              <button type="button" data-testid="link-reopen" onClick={() => props.onReopen()}>
                Open the link again
              </button>
            </Show>
            <button type="button" data-testid="link-notice-dismiss" onClick={() => props.onDismiss()}>
              Dismiss
            </button>
          </div>
        </div>
      )}
    </Show>
  );
}
