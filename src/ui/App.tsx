/** Starts the lab worker, fetches what the form needs, then shows the lab. */
import { createResource, createSignal, Match, Switch } from 'solid-js';
import { SkipLinks } from './common/SkipLinks';
import { Header } from './Header';
import { keptOnOpen } from './history/history-keeper';
import { Lab } from './Lab';
import { createPresentation } from './share/presentation';
import { createLabClient, describeError, type BackendChoice } from './lab-client';

export function App() {
  const client = createLabClient();
  const [backend, setBackend] = createSignal<BackendChoice | null>(null);
  const [workerError, setWorkerError] = createSignal<string | null>(null);
  const presentation = createPresentation();
  client.onWorkerError(setWorkerError);

  const [setup] = createResource(async () => {
    // What the browser kept is read before the form shows, so that it never overwrites what the user types.
    const [catalog, defaults, kept, watchesSilentEnds] = await Promise.all([
      client.api.catalog(),
      client.api.defaultConfig(),
      keptOnOpen((input) => client.api.validate(input)),
      client.watchesSilentEnds,
    ]);
    return { catalog, defaults, kept, limits: { storage: kept.store !== null, watchesSilentEnds } };
  });

  return (
    <div class="app">
      <SkipLinks />
      <Header backend={backend} presentation={presentation} />
      <Switch>
        <Match when={setup.error || (workerError() !== null && !setup())}>
          <p class="status error" data-testid="status">
            The lab could not start: {setup.error ? describeError(setup.error) : workerError()}
          </p>
        </Match>
        <Match when={setup()}>
          {(ready) => (
            <Lab
              client={client}
              catalog={ready().catalog}
              defaults={ready().defaults}
              kept={ready().kept}
              limits={ready().limits}
              setBackend={setBackend}
              workerError={workerError}
              presentation={presentation}
            />
          )}
        </Match>
        <Match when={setup.loading}>
          <p class="status" data-testid="status">
            Starting the lab…
          </p>
        </Match>
      </Switch>
    </div>
  );
}
