/** Where keyboard focus goes when the form refuses a run, or when a run disables the control that had it. */

/** The first control marked invalid, in the form's order; or the first method box when no method is ticked. */
export function firstBadControl(): HTMLElement | null {
  const marked = document.querySelector<HTMLElement>('.controls [aria-invalid="true"]:not(:disabled)');
  const noMethod = document.querySelector('[data-testid="problem-methods"]')
    ? document.querySelector<HTMLElement>('.controls .methods input[type="checkbox"]')
    : null;
  if (!marked || !noMethod) return marked ?? noMethod;
  return marked.compareDocumentPosition(noMethod) & Node.DOCUMENT_POSITION_FOLLOWING ? marked : noMethod;
}

/** Takes the user to the first thing to fix: a method in a folded family is unfolded first, or it cannot take focus. */
export function focusFirstBadControl(): void {
  const bad = firstBadControl();
  const family = bad?.closest('details');
  if (family && !family.open) family.open = true;
  bad?.focus();
}

/** Focus that was on a control the run disabled, or on nothing, has nowhere to be. */
export function focusIsLost(): boolean {
  const active = document.activeElement as HTMLElement | null;
  return active === null || active === document.body || (active as HTMLInputElement).disabled === true;
}
