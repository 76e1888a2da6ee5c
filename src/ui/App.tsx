/** Starts the lab worker, fetches what the form needs, then shows the lab. */
import { createResource, createSignal, Match, Switch } from 'solid-js';
import type { BackendName } from '../engine/experiment/types';
import { Header } from './Header';
import { Lab } from './Lab';
import { createLabClient, describeError } from './lab-client';

export function App() {
  const client = createLabClient();
  const [backend, setBackend] = createSignal<BackendName | null>(null);
  const [crash, setCrash] = createSignal<string | null>(null);
  client.onCrash(setCrash);

  const [setup] = createResource(async () => {
    const [catalog, defaults] = await Promise.all([client.api.catalog(), client.api.defaultConfig()]);
    return { catalog, defaults };
  });

  return (
    <div class="app">
      <Header backend={backend} />
      <Switch>
        <Match when={setup.error || (crash() !== null && !setup())}>
          <p class="status error" data-testid="status">
            The lab could not start: {setup.error ? describeError(setup.error) : crash()}
          </p>
        </Match>
        <Match when={setup()}>
          {(ready) => <Lab client={client} catalog={ready().catalog} defaults={ready().defaults} setBackend={setBackend} crash={crash} />}
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
