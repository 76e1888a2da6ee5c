/**
 * "Copy link": the form's comparison (checked first) as a link, copied to
 * the clipboard and shown in a box to copy by hand where the browser
 * refuses the clipboard.
 */
import { createSignal, Show } from 'solid-js';

interface ShareLinkProps {
  /** The link of the form's comparison, or null where the form is not valid (the form then says why). */
  link: () => Promise<string | null>;
}

type Copied = { link: string; note: string };

export function ShareLink(props: ShareLinkProps) {
  const [copied, setCopied] = createSignal<Copied | null>(null);
  const [busy, setBusy] = createSignal(false);
  let box: HTMLInputElement | undefined;

  async function copy() {
    setBusy(true);
    try {
      const link = await props.link();
      if (link === null) {
        setCopied(null);
        return;
      }
      let note = 'Copied to the clipboard.';
      try {
        await navigator.clipboard.writeText(link);
      } catch {
        note = 'The browser kept the clipboard closed: copy the link from the box.';
      }
      setCopied({ link, note });
      box?.select();
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="share-link">
      <button type="button" data-testid="copy-link" disabled={busy()} onClick={() => void copy()}>
        Copy link
      </button>
      <Show when={copied()}>
        {(shown) => (
          <>
            <input
              data-testid="share-link"
              aria-label="Link to this comparison"
              type="text"
              readonly
              value={shown().link}
              ref={box}
              aria-describedby="share-link-note"
              onFocus={(e) => e.currentTarget.select()}
            />
            <p class="hint" id="share-link-note" role="status" data-testid="share-link-note">
              {shown().note}
            </p>
          </>
        )}
      </Show>
    </div>
  );
}
