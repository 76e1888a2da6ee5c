import { openApp } from './browser';
const s = await openApp();
const p = s.page;
p.on('console', (m) => console.log('console', m.type(), m.text().slice(0, 300)));
p.on('worker', (w) => console.log('worker started', w.url()));
await p.goto(s.url);
await p.getByTestId('run').waitFor();
await p.getByTestId('dataset').selectOption('blobs');
await p.getByTestId('epochs').fill('2');
await p.getByTestId('backend-choice').selectOption(process.argv[2] ?? 'webgpu');
await p.getByTestId('method-full-short').check();
await p.getByTestId('run').click();
let last = '';
for (let i = 0; i < 400; i++) {
  const t = (await p.getByTestId('status').textContent()) ?? '';
  if (t !== last) { console.log(((i * 250) / 1000).toFixed(1), t); last = t; }
  if (/^(Done|The run failed)/.test(t)) break;
  await p.waitForTimeout(250);
}
await p.screenshot({ path: '/tmp/run.png', fullPage: true });
await s.close();
