/**
 * The first stop of the keyboard: straight to Run, or to the results (the
 * chart, which reads its values from the keyboard), past the header and the
 * long form. Hidden until focused.
 */

/**
 * Focuses the element with `id` and brings it into view. Buttons, not `#id` links: the address's fragment
 * holds a comparison's share link, and a skip must not change it.
 */
function goTo(id: string) {
  const target = document.getElementById(id);
  target?.focus();
  target?.scrollIntoView({ block: 'nearest' });
}

export function SkipLinks() {
  return (
    <nav class="skip-links" aria-label="Skip links">
      <button type="button" data-testid="skip-to-run" onClick={() => goTo('run')}>
        Skip to Run
      </button>
      <button type="button" data-testid="skip-to-results" onClick={() => goTo('chart-plot')}>
        Skip to the results
      </button>
    </nav>
  );
}
