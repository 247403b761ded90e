/**
 * End-to-end: a Scenario workload may name both its daemon and that daemon's group (docs/semantics.md);
 * validate accepts it and explain matches identities scoped to either.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runCli, tempDir } from '../helpers/cli';

const MANIFESTS = `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: by-group}
spec:
  workloadID: by-group
  selectors: [{k8s:label:app: api, k8s:pod:namespace: shop}]
  scope: {daemonGroup: {id: dg/prod}}
---
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: by-daemon}
spec:
  workloadID: by-daemon
  selectors: [{k8s:label:app: db, k8s:pod:namespace: shop}]
  scope: {daemon: {id: node-7}}
---
apiVersion: sim.riptides.io/v1alpha1
kind: Scenario
metadata: {name: both}
spec:
  trustDomain: example.com
  workloads:
    - name: api
      daemonGroup: dg/prod
      daemon: node-7
      attributes: {k8s:label:app: api, k8s:pod:namespace: shop}
    - name: db
      daemonGroup: dg/prod
      daemon: node-7
      attributes: {k8s:label:app: db, k8s:pod:namespace: shop}
      listen: [{address: db.shop.internal, port: 5432}]
  connections:
    - {from: api, to: 'db.shop.internal:5432', expect: MTLS}
`;

test('a workload with daemon and daemonGroup validates, and both kinds of scope match it', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'both.yaml');
  fs.writeFileSync(file, MANIFESTS);
  const v = await runCli(['validate', '-f', file, '-o', 'json']);
  expect(v.code).toBe(0);
  expect(JSON.stringify(JSON.parse(v.stdout))).not.toMatch(/RT1027/);
  const r = await runCli([
    'explain',
    'connection',
    '-f',
    file,
    '--from',
    'api',
    '--to',
    'db.shop.internal:5432',
    '-o',
    'json',
  ]);
  expect(r.code).toBe(0);
  const j = JSON.parse(r.stdout);
  expect(j.verdict).toBe('MTLS');
  expect(j.source.identity).toBe('riptides-system/by-group');
  expect(j.destination.identity).toBe('riptides-system/by-daemon');
  const s = await runCli(['simulate', '-f', file, '-o', 'json']);
  expect(s.code).toBe(0);
});
