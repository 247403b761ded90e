/**
 * Near misses of identity resolution carry a scope that does not cover the peer as data (ScopeMiss:
 * kind, id, the peer's id of that kind); the printers word it — scopeMissWords for explain's JSON
 * (`nearestMisses[].scope`, docs/explain.md), its text and its fixes. The words are the ones explain
 * has printed since near misses were added.
 */
import { syntheticOrigin } from '../../src/core/manifest/document';
import type { WorkloadIdentity } from '../../src/core/manifest/types';
import { buildSnapshot, evaluateConnection, type Peer } from '../../src/core/policy';
import { connectionResultToJson } from '../../src/printers/connection-json';
import { printExplainText } from '../../src/printers/explain-text';
import { scopeMissWords } from '../../src/printers/trace-text';

test.each([
  [
    { kind: 'daemonGroup', id: 'eu/workers', peerId: 'us/workers' },
    'daemonGroup eu/workers',
    'daemonGroup us/workers',
  ],
  [{ kind: 'daemonGroup', id: 'eu/workers', peerId: null }, 'daemonGroup eu/workers', 'no daemonGroup'],
  [{ kind: 'daemon', id: 'node-1', peerId: 'node-2' }, 'daemon node-1', 'daemon node-2'],
  [{ kind: 'daemon', id: 'node-1', peerId: null }, 'daemon node-1', 'no daemon'],
] as const)('%j', (scope, expected, actual) => {
  expect(scopeMissWords(scope)).toEqual({ expected, actual });
});

function identity(name: string, scope: WorkloadIdentity['spec']['scope']): WorkloadIdentity {
  return {
    apiVersion: 'core.riptides.io/v1alpha1',
    kind: 'WorkloadIdentity',
    metadata: { name, namespace: 'ns' },
    spec: { workloadID: name, selectors: [{ 'process:name': 'api', app: name }], scope },
  };
}

test('explain: a near miss off by its scope, in JSON and in text', () => {
  const workloads: Peer[] = [
    { name: 'client', attributes: { 'process:name': 'api', app: 'grouped' }, daemonGroup: 'us/workers' },
    { name: 'loner', attributes: { 'process:name': 'api', app: 'pinned' } },
    {
      name: 'server',
      attributes: { 'process:name': 'server' },
      listen: [{ address: 'server.internal', port: 443 }],
    },
  ];
  const snapshot = buildSnapshot(
    [
      identity('grouped', { daemonGroup: { id: 'eu/workers' } }),
      identity('pinned', { daemon: { id: 'node-1' } }),
    ].map((resource, i) => ({ resource, origin: syntheticOrigin(`r${i}.yaml`) })),
    { trustDomain: 'example.com', workloads, external: [] },
  );
  const to = { address: 'server.internal', port: 443 };
  const scopes = (from: string) => {
    const result = evaluateConnection(snapshot, { from, to });
    const json = connectionResultToJson(result);
    const misses = json.steps.find((s) => s.stage === 'source-identity')?.nearestMisses ?? [];
    return { result, misses };
  };

  const grouped = scopes('client');
  expect(grouped.misses[0]).toMatchObject({
    identity: 'ns/grouped',
    distance: 1,
    scope: { expected: 'daemonGroup eu/workers', actual: 'daemonGroup us/workers' },
  });
  // The JSON keeps the documented key order, scope between mismatched and distance.
  expect(Object.keys(grouped.misses[0])).toEqual([
    'identity',
    'entry',
    'matched',
    'missing',
    'mismatched',
    'scope',
    'distance',
    'ref',
  ]);
  expect(printExplainText(grouped.result, { color: false })).toContain(
    'ns/grouped (selector entry 0, 1 off): matched process:name, app; scope daemonGroup eu/workers, workload is on daemonGroup us/workers',
  );

  const pinned = scopes('loner');
  expect(pinned.misses[0].scope).toEqual({ expected: 'daemon node-1', actual: 'no daemon' });
  expect(printExplainText(pinned.result, { color: false })).toContain(
    'scope daemon node-1, workload is on no daemon',
  );
});
