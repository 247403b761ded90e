/**
 * `--live` for explain and simulate: the resources and trust domain come from the control plane
 * (real HTTPS on 127.0.0.1), local -f manifests replace live ones of the same kind/namespace/name.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runCli, tempDir } from '../helpers/cli';
import { startServe, type ServedControlPlane } from '../api/serve-helper';

const SCENARIO = 'examples/quickstart/scenario.yaml';
const BACKEND = 'backend-api.myapp.svc.cluster.local:3000';

let cp: ServedControlPlane;

beforeAll(async () => {
  cp = await startServe();
  const applied = await runCli(['ctl', 'apply', '-f', 'examples/quickstart', ...cp.flags]);
  expect(applied.code).toBe(0);
});
afterAll(async () => {
  await cp?.stop();
});

interface ExplainJson {
  verdict: string;
  reasons: string[];
  source: { identity: string | null; spiffeID: string | null };
  steps: { stage: string; refs?: { file: string }[] }[];
}

test('explain --live evaluates the applied resources, with their live origin', async () => {
  const r = await runCli([
    'explain',
    'connection',
    '--live',
    '--scenario',
    SCENARIO,
    '--from',
    'frontend',
    '--to',
    BACKEND,
    '-o',
    'json',
    ...cp.flags,
  ]);
  expect(r.code).toBe(0);
  const out = JSON.parse(r.stdout) as ExplainJson;
  expect(out.verdict).toBe('MTLS');
  expect(out.source.spiffeID).toBe('spiffe://example.com/myapp/app/frontend');
  const files = out.steps.flatMap((s) => (s.refs ?? []).map((ref) => ref.file));
  expect(files.some((f) => f.startsWith('live:'))).toBe(true);
});

test('explain --live without a scenario takes the trust domain from the control plane', async () => {
  const r = await runCli([
    'explain',
    'connection',
    '--live',
    '--from-attr',
    'k8s:label:app=frontend',
    '--from-attr',
    'k8s:pod:namespace=myapp',
    '--from-attr',
    'process:name=node',
    '--from-daemon-group',
    'riptides/daemongroup/dev-eu-west-1/on-demand-workers',
    '--to',
    BACKEND,
    '-o',
    'json',
    ...cp.flags,
  ]);
  expect(r.code).toBe(0);
  const out = JSON.parse(r.stdout) as ExplainJson;
  expect(out.source.spiffeID).toBe('spiffe://example.com/myapp/app/frontend');
});

test('a local manifest replaces the live resource of the same name ("what if I applied this?")', async () => {
  const dir = tempDir();
  const edited = fs
    .readFileSync('examples/quickstart/backend-api-workloadidentity.yaml', 'utf8')
    .replace('spiffe://example.com/myapp/app/frontend', 'spiffe://example.com/myapp/app/someone-else');
  fs.writeFileSync(path.join(dir, 'backend.yaml'), edited);
  const r = await runCli([
    'explain',
    'connection',
    '--live',
    '-f',
    path.join(dir, 'backend.yaml'),
    '--scenario',
    SCENARIO,
    '--from',
    'frontend',
    '--to',
    BACKEND,
    '-o',
    'json',
    ...cp.flags,
  ]);
  expect(r.code).toBe(0);
  const out = JSON.parse(r.stdout) as ExplainJson;
  expect(out.verdict).toBe('REJECTED');
  expect(out.reasons).toContain('not-allowed-inbound');
});

test('simulate --live: the scenario expectations hold against the applied resources', async () => {
  const r = await runCli(['simulate', '--live', '--scenario', SCENARIO, '-o', 'json', ...cp.flags]);
  expect(r.code).toBe(0);
  const out = JSON.parse(r.stdout) as { summary: { expectations: { passed: number; failed: number } } };
  expect(out.summary.expectations).toEqual({ passed: 3, failed: 0 });
});

test('--live with an unreachable control plane exits 3', async () => {
  const r = await runCli([
    'simulate',
    '--live',
    '--scenario',
    SCENARIO,
    '--server',
    'https://127.0.0.1:9',
    '--token',
    'x',
  ]);
  expect(r.code).toBe(3);
  expect(r.stderr).toMatch(/127\.0\.0\.1:9/);
});
