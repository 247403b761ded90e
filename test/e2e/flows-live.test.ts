/** End-to-end: flows posted to a served control plane, then `explain --flow-id` and `simulate --flows-live [--since]`. */
import { runCli } from '../helpers/cli';
import { flow, quickstartFlowsNdjson, stagedQuickstart } from '../helpers/flows';
import { startServe, type ServedControlPlane } from '../api/serve-helper';
import { request, Agent } from 'undici';
import fs from 'node:fs';

let cp: ServedControlPlane;
let ids: string[];

beforeAll(async () => {
  cp = await startServe();
  expect((await runCli(['ctl', 'apply', '-f', 'examples/quickstart', ...cp.flags])).code).toBe(0);
  const flag = (name: string) => cp.flags[cp.flags.indexOf(name) + 1];
  const agent = new Agent({ connect: { ca: fs.readFileSync(flag('--ca-file'), 'utf8') } });
  const token = cp.token;
  const res = await request(`${flag('--server')}/v1/flows`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
    body:
      quickstartFlowsNdjson() +
      JSON.stringify(flow('legacy', 'frontend', 'PLAINTEXT', { time: '2026-11-29T10:00:00Z' })) +
      '\n',
    dispatcher: agent,
  });
  const body = (await res.body.json()) as { accepted: number; ids: string[] };
  expect(body.accepted).toBe(5);
  ids = body.ids;
  await agent.close();
});
afterAll(async () => {
  await cp?.stop();
});

test('explain --live --flow-id: the stored flow beside the prediction', async () => {
  const r = await runCli(['explain', 'connection', '--live', '--flow-id', ids[0], '-o', 'json', ...cp.flags]);
  expect(r.code).toBe(0);
  const j = JSON.parse(r.stdout);
  expect(j).toMatchObject({
    verdict: 'MTLS',
    status: 'drift',
    flow: { id: ids[0] },
    observed: { verdict: 'PLAINTEXT' },
  });
  expect((await runCli(['explain', 'connection', '--live', '--flow-id', '999999', ...cp.flags])).code).toBe(
    1,
  );
});

test('simulate --flows-live replays the stored flows; --since narrows them; -f staged gives changes', async () => {
  const all = await runCli(['simulate', '--live', '--flows-live', '-o', 'json', ...cp.flags]);
  expect(all.code).toBe(0);
  expect(JSON.parse(all.stdout).summary.status).toEqual({ agree: 4, drift: 1, changes: 0 });
  const since = await runCli([
    'simulate',
    '--live',
    '--flows-live',
    '--since',
    '2026-11-30T00:00:00Z',
    '-o',
    'json',
    ...cp.flags,
  ]);
  expect(JSON.parse(since.stdout).flows.total).toBe(4);
  const staged = await runCli([
    'simulate',
    '--live',
    '-f',
    stagedQuickstart('PERMISSIVE'),
    '--flows-live',
    '--fail-on',
    'changes',
    '-o',
    'json',
    ...cp.flags,
  ]);
  expect(staged.code).toBe(1);
  expect(JSON.parse(staged.stdout).summary.status.changes).toBe(1);
  expect(
    JSON.parse(staged.stdout).disagreements.every((d: { id?: string }) => typeof d.id === 'string'),
  ).toBe(true);
});
