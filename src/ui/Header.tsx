/** The product name and the backend the engine trains on. */
export function Header(props: { backend: () => string | null }) {
  return (
    <header class="app-header">
      <div>
        <h1>Data-Efficient Lab</h1>
        <p class="tagline">Prune, subsample or reuse data, and see which reaches accuracy first.</p>
      </div>
      <p class="backend">
        Backend: <span data-testid="backend">{props.backend() ?? 'not started'}</span>
      </p>
    </header>
  );
}
