/** fetchLiveResources / fetchInfo / the live inputs (read early: live-prefetch.ts) against `controlplane serve` over HTTPS, paging included. */
import path from 'node:path';
import { resolveConnection, fetchLiveResources, fetchInfo } from '../../src/cli/context';
import { connectWhenAsked, prefetchLive, takeLiveInputs } from '../../src/cli/live-prefetch';
import { runCli, tempDir } from '../helpers/cli';
import { startServe, writeManifest, type ServedControlPlane } from './serve-helper';

let cp: ServedControlPlane;
const env = () => {
  const home = tempDir();
  return { HOME: home, XDG_CONFIG_HOME: path.join(home, 'c'), XDG_DATA_HOME: path.join(home, 'd') };
};
const flags = () => ({ server: cp.url, 'ca-file': cp.caFile, 'token-file': cp.tokenFile });

beforeAll(async () => {
  cp = await startServe();
  const dir = tempDir();
  let docs = '';
  for (let i = 0; i < 1203; i++)
    docs += `apiVersion: core.riptides.io/v1alpha1\nkind: Service\nmetadata: {name: s${i}, namespace: ns${i % 3}}\nspec: {addresses: [{address: s${i}.internal, port: 443}]}\n---\n`;
  docs +=
    'apiVersion: core.riptides.io/v1alpha1\nkind: WorkloadIdentity\nmetadata: {name: w}\nspec: {workloadID: a/w, selectors: [{process:name: w}]}\n';
  const r = await runCli([
    'ctl',
    'apply',
    '-f',
    writeManifest(dir, 'many.yaml', docs),
    '--no-rules',
    ...cp.flags,
  ]);
  expect(r.code).toBe(0);
});
afterAll(async () => {
  await cp?.stop();
});

test('fetchLiveResources reads every resource of both kinds (pages: test/api/list-pages.test.ts); one namespace or all', async () => {
  const { client } = await resolveConnection(flags(), env());
  try {
    const all = await fetchLiveResources(client, { allNamespaces: true });
    expect(all.filter((r) => r.kind === 'Service')).toHaveLength(1203);
    expect(all.filter((r) => r.kind === 'WorkloadIdentity')).toHaveLength(1);
    const ns1 = await fetchLiveResources(client, { namespace: 'ns1' });
    expect(ns1).toHaveLength(401);
    expect((await fetchInfo(client)).trustDomain).toBe('example.com');
  } finally {
    await client.close();
  }
});

test('the live inputs, read early or when asked: located resources and the trust domain for --live', async () => {
  for (const prefetch of [prefetchLive(flags(), env()), connectWhenAsked(flags(), env())]) {
    const live = await takeLiveInputs(prefetch);
    expect(live.trustDomain).toBe('example.com');
    expect(live.resources).toHaveLength(1204);
    const w = live.resources.find((r) => r.resource.kind === 'WorkloadIdentity');
    expect(w?.origin.file).toBe('live:local/riptides-system/workloadidentity/w');
    await prefetch.cancel(); // after the connection was taken: nothing to do
  }
});

test('a live read cancelled before it is taken settles, and its client refuses further requests', async () => {
  const prefetch = prefetchLive(flags(), env());
  await prefetch.cancel();
  await expect(prefetch.live()).rejects.toThrow();
  const { client } = await prefetch.connection();
  await expect(client.request('GET', '/v1/info')).rejects.toThrow();
});
