/**
 * The sentences of fixes: the engine returns a fix as data (HintFix) and describeHint writes it. The
 * expected sentences are the ones explain has printed since fixes were added (docs/explain.md, the
 * code pages); each kind is checked once, with its optional parts on and off.
 */
import type { ConnectionResult, Hint, HintFix } from '../../src/core/policy/types';
import { connectionResultToJson } from '../../src/printers/connection-json';
import { printExplainText } from '../../src/printers/explain-text';
import { describeHint, describeHintResource } from '../../src/printers/hint-text';

const say = (fix: HintFix) => describeHint({ reason: 'no-identity', fix } as Hint);

test('a WorkloadIdentity off by one: the differing key, a missing key, the scope', () => {
  expect(
    say({
      kind: 'change-identity',
      peer: { name: 'frontend', role: 'source' },
      identity: 'riptides-system/frontend',
      entry: 0,
      mismatched: [{ key: 'process:name', expected: 'node', actual: 'nodejs' }],
      missing: [],
      scope: null,
    }),
  ).toBe(
    'If "frontend" should be WorkloadIdentity riptides-system/frontend (one difference: process:name: "node" → "nodejs"), change selectors[0] of that identity as below, or fix the workload\'s attributes instead',
  );
  expect(
    say({
      kind: 'change-identity',
      peer: { role: 'destination' },
      identity: 'team1/app1',
      entry: 1,
      mismatched: [],
      missing: [{ key: 'k8s:sa', expected: 'sa1' }],
      scope: { kind: 'daemonGroup', id: 'dg1', peerId: 'dg2' },
    }),
  ).toBe(
    'If the destination should be WorkloadIdentity team1/app1 (one difference: the destination has no k8s:sa (expected "sa1"): add it to the workload or drop the key; scope: daemonGroup dg1 does not cover daemonGroup dg2), change selectors[1]/scope of that identity as below, or fix the workload\'s placement instead',
  );
  // The scope alone, a daemon's, and a peer on no daemon at all.
  expect(
    say({
      kind: 'change-identity',
      peer: { name: 'db', role: 'destination' },
      identity: 'team1/db',
      entry: 0,
      mismatched: [],
      missing: [],
      scope: { kind: 'daemon', id: 'node-1', peerId: null },
    }),
  ).toBe(
    'If "db" should be WorkloadIdentity team1/db (one difference: scope: daemon node-1 does not cover no daemon), change selectors[0]/scope of that identity as below, or fix the workload\'s placement instead',
  );
});

test('enrolling a peer, describing an external endpoint, an egress rule to it', () => {
  expect(say({ kind: 'enroll', peer: { role: 'source' }, implicitMtls: false })).toBe(
    'Enroll the source in Riptides: add a WorkloadIdentity whose selectors match it',
  );
  expect(say({ kind: 'enroll', peer: { name: 'db', role: 'destination' }, implicitMtls: true })).toBe(
    'Enroll "db" in Riptides: add a WorkloadIdentity whose selectors match it (implicit mTLS then applies between the two)',
  );
  expect(say({ kind: 'describe-service', address: 'fd00::1', port: 443 })).toBe(
    'Describe [fd00::1]:443 with a Service so that an egress rule can select it',
  );
  expect(say({ kind: 'add-egress-rule', identity: 'ns/a', service: null, destinationKnown: false })).toBe(
    'Add an egress rule to WorkloadIdentity ns/a selecting that Service; SIMPLE when the server speaks TLS itself (verified by its own PKI)',
  );
  expect(say({ kind: 'add-egress-rule', identity: 'ns/a', service: 'ns/db', destinationKnown: true })).toBe(
    'Add an egress rule to WorkloadIdentity ns/a selecting Service ns/db; SIMPLE when the server speaks TLS itself (verified by its own PKI), or enroll the destination for mTLS',
  );
});

test('TLS modes: SIMPLE, MUTUAL after a fallback, PERMISSIVE while enrolling, MUTUAL, mTLS to be checked, enforcing the list', () => {
  expect(
    say({ kind: 'use-simple', identity: 'ns/a', egress: 2, mode: 'MUTUAL', destinationKnown: false }),
  ).toBe(
    'If the server speaks TLS itself, use SIMPLE on egress[2] of ns/a (MUTUAL needs a Riptides-managed peer)',
  );
  expect(
    say({ kind: 'use-simple', identity: 'ns/a', egress: 0, mode: 'PERMISSIVE', destinationKnown: true }),
  ).toBe(
    'Enroll the destination, or if the server speaks TLS itself, use SIMPLE on egress[0] of ns/a (PERMISSIVE needs a Riptides-managed peer)',
  );
  expect(say({ kind: 'mutual-after-fallback', identity: 'ns/a', egress: 1 })).toBe(
    'The egress rule fell back to plain TCP; make the destination reachable over mTLS (same trust domain, managed), or set egress[1] of ns/a to MUTUAL',
  );
  expect(say({ kind: 'permissive-while-enrolling', identity: 'ns/b' })).toBe(
    'Or, only while callers are being enrolled, let WorkloadIdentity ns/b accept plain TCP (PERMISSIVE is a transitional setting; switch back to MUTUAL once every caller is enrolled)',
  );
  expect(say({ kind: 'use-mutual', identity: 'ns/a', egress: 0 })).toBe(
    'Use mTLS for this destination: set egress[0] of ns/a to MUTUAL (the destination requires client certificates)',
  );
  expect(say({ kind: 'check-with-mtls', identity: 'ns/a', egress: 3 })).toBe(
    "To have the caller checked against the destination's lists, use mTLS: set egress[3] of ns/a to MUTUAL",
  );
  expect(say({ kind: 'enforce-inbound-list', identity: 'ns/b' })).toBe(
    'The allow-list of WorkloadIdentity ns/b holds only for mTLS callers; to enforce it on every caller, set its inbound mode to MUTUAL once every caller is enrolled',
  );
});

test('allow-lists, trust domains, announced identities, ties, and the fallback', () => {
  const id = 'spiffe://example.com/ns/a';
  expect(say({ kind: 'add-to-list', spiffeID: id, identity: 'ns/a', list: 'egress', index: 1 })).toBe(
    `Add ${id} to egress[1].allowedSPIFFEIDs of WorkloadIdentity ns/a (if this connection is intended)`,
  );
  expect(say({ kind: 'add-to-list', spiffeID: id, identity: 'ns/a', list: 'outbound' })).toBe(
    `Add ${id} to allowedSPIFFEIDs.outbound of WorkloadIdentity ns/a (if this connection is intended)`,
  );
  expect(say({ kind: 'add-to-list', spiffeID: id, identity: 'ns/b', list: 'inbound' })).toBe(
    `Add ${id} to allowedSPIFFEIDs.inbound of WorkloadIdentity ns/b (if this connection is intended)`,
  );
  expect(say({ kind: 'add-to-list', spiffeID: id, identity: 'ns/b', list: 'ingress', index: 0 })).toBe(
    `Add ${id} to ingress[0].allowedSPIFFEIDs of WorkloadIdentity ns/b (if this connection is intended)`,
  );
  expect(
    say({ kind: 'same-trust-domain', peerTrustDomain: 'other.example', sourceTrustDomain: 'example.com' }),
  ).toBe(
    'The destination gets its certificate from trust domain other.example, the source from example.com: issue both from the same CA (trust domain), e.g. in the scenario',
  );
  expect(
    say({
      kind: 'announce-own-identity',
      peerName: 'evil',
      announces: id,
      spiffeID: 'spiffe://example.com/x',
    }),
  ).toBe(
    `"evil" announces ${id} but holds a certificate for spiffe://example.com/x. If this is a spoofing test, the rejection is the expected outcome; otherwise make it announce its own identity`,
  );
  expect(say({ kind: 'distinct-selectors', identities: ['ns/a', 'ns/b', 'ns/c'] })).toBe(
    'Make the selectors of ns/a and ns/b and ns/c distinct: add a key to the one that should win (more matching keys wins)',
  );
  expect(say({ kind: 'see-failing-step' })).toBe(
    'See the failing step above and the reason pages in docs/codes/.',
  );
});

test('the resource a fix changes: an existing or new WorkloadIdentity or Service, a Scenario workload', () => {
  expect(
    describeHintResource({ kind: 'WorkloadIdentity', name: 'riptides-system/frontend', add: false }),
  ).toBe('WorkloadIdentity riptides-system/frontend');
  expect(
    describeHintResource({ kind: 'WorkloadIdentity', name: 'riptides-system/legacy-client', add: true }),
  ).toBe('WorkloadIdentity riptides-system/legacy-client (new)');
  expect(describeHintResource({ kind: 'Service', name: 'riptides-system/api.example.net', add: true })).toBe(
    'Service riptides-system/api.example.net (new)',
  );
  expect(describeHintResource({ kind: 'Service', name: 'shop/db', add: false })).toBe('Service shop/db');
  expect(describeHintResource({ kind: 'scenario-workload', name: 'b-other' })).toBe(
    'Scenario workload b-other',
  );
});

test('explain JSON and text name the resource with the same words', () => {
  const hint: Hint = {
    reason: 'no-identity',
    fix: { kind: 'enroll', peer: { name: 'legacy-client', role: 'source' }, implicitMtls: false },
    resource: { kind: 'WorkloadIdentity', name: 'riptides-system/legacy-client', add: true },
  };
  const result: ConnectionResult = {
    verdict: 'PLAINTEXT',
    path: 'none',
    tls: { mode: null, version: null },
    source: { name: 'legacy-client', identity: null, spiffeID: null },
    destination: { address: 'a.internal', port: 80, service: null, identity: null, spiffeID: null },
    reasons: ['no-identity'],
    steps: [],
    hints: [hint, { reason: 'no-identity', fix: { kind: 'see-failing-step' } }],
  };
  const json = connectionResultToJson(result).hints;
  expect(json.map((h) => Object.keys(h))).toEqual([
    ['reason', 'message', 'resource'],
    ['reason', 'message'],
  ]);
  expect(json[0].resource).toBe('WorkloadIdentity riptides-system/legacy-client (new)');
  expect(printExplainText(result, { color: false })).toContain(
    '     in WorkloadIdentity riptides-system/legacy-client (new)',
  );
});
