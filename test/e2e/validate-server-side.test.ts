/**
 * `validate --server-side`: the control plane (real HTTPS on 127.0.0.1) dry-runs what passed locally;
 * refusals are RT1040 findings at the named field, nothing is stored.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runCli, tempDir } from '../helpers/cli';
import { startServe, type ServedControlPlane } from '../api/serve-helper';

let cp: ServedControlPlane;
beforeAll(async () => {
  cp = await startServe();
});
afterAll(async () => {
  await cp?.stop();
});

interface Report {
  summary: { errors: number };
  findings: { code: string; file: string; line: number; column: number; path: string; resource: string }[];
}

const SVC = (port: number, resourceVersion?: string) => `apiVersion: core.riptides.io/v1alpha1
kind: Service
metadata:
  name: billing
  namespace: riptides-system
${resourceVersion ? `  resourceVersion: "${resourceVersion}"\n` : ''}spec:
  addresses:
    - address: billing.internal
      port: ${port}
`;

test('valid manifests pass the server dry run, and nothing is stored', async () => {
  const r = await runCli(['validate', '-R', '-f', 'examples', '--server-side', '-o', 'json', ...cp.flags]);
  expect(r.code).toBe(0);
  expect((JSON.parse(r.stdout) as Report).summary.errors).toBe(0);
  const get = await runCli(['ctl', 'get', 'wi', '-A', '-o', 'name', ...cp.flags]);
  expect(get.stdout.trim()).toBe('');
});

test('a stale resourceVersion is refused by the control plane: RT1040 at the resource', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'billing.yaml');
  fs.writeFileSync(file, SVC(8080));
  expect((await runCli(['ctl', 'apply', '-f', file, ...cp.flags])).code).toBe(0);
  fs.writeFileSync(file, SVC(9090));
  expect((await runCli(['ctl', 'apply', '-f', file, ...cp.flags])).code).toBe(0);
  // Version 1 is stale now: the local checks pass, the control plane refuses it.
  fs.writeFileSync(file, SVC(7070, '1'));
  const local = await runCli(['validate', '-f', file, '-o', 'json']);
  expect(local.code).toBe(0);
  const r = await runCli(['validate', '-f', file, '--server-side', '-o', 'json', ...cp.flags]);
  expect(r.code).toBe(1);
  const report = JSON.parse(r.stdout) as Report;
  expect(report.findings.map((f) => [f.code, f.resource])).toEqual([
    ['RT1040', 'Service riptides-system/billing'],
  ]);
  // At the field the control plane named: line 6 holds `resourceVersion: "1"` (after name and namespace).
  expect(report.findings[0]).toMatchObject({ file, line: 6, path: '/metadata/resourceVersion' });
});

test('an unreachable control plane exits 3', async () => {
  const r = await runCli([
    'validate',
    '-f',
    'examples/quickstart',
    '--server-side',
    '--server',
    'https://127.0.0.1:9',
    '--token',
    'x',
  ]);
  expect(r.code).toBe(3);
});
