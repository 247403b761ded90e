/** A flow becomes the engine's connection; observed vs predicted gives agree | drift | changes with explanations. */
import {
  compareCodes,
  compareFlow,
  disagreementView,
  FLOW_EXPLANATIONS,
  flowQuery,
  FlowReplay,
  type FlowRecord,
} from '../../src/core/flows';
import { evaluateConnection, type ConnectionResult, type Snapshot } from '../../src/core/policy';
import { flow, manifestSnapshot, QUICKSTART, stagedQuickstart } from '../helpers/flows';

let current: Snapshot;
let staged: Snapshot;
beforeAll(async () => {
  current = await manifestSnapshot([QUICKSTART]);
  staged = await manifestSnapshot([stagedQuickstart('PERMISSIVE')]);
});

const compare = (f: FlowRecord, withStaged = false) =>
  compareFlow(
    f,
    evaluateConnection(current, flowQuery(f), { trace: false }),
    withStaged ? evaluateConnection(staged, flowQuery(f), { trace: false }) : undefined,
  );

describe('quickstart flows', () => {
  test('an observed PLAINTEXT frontend → backend (predicted MTLS) is drift, a silent downgrade', () => {
    const c = compare(
      flow('frontend', 'backend', 'PLAINTEXT', { reason: 'peer did not answer the TLS handshake' }),
    );
    expect(c).toMatchObject({ status: 'drift', observed: 'PLAINTEXT', predicted: 'MTLS' });
    expect(c.explanations.map((e) => e.code)).toEqual([
      'silent-downgrade',
      'daemon-reason',
      'source-not-enrolled',
      'peer-not-enrolled',
    ]);
  });

  test('an observed PLAINTEXT legacy-client → frontend is agree', () => {
    expect(compare(flow('legacy', 'frontend', 'PLAINTEXT'))).toMatchObject({
      status: 'agree',
      predicted: 'PLAINTEXT',
      explanations: [],
    });
  });

  test('with the backend staged to PERMISSIVE, legacy-client → backend (observed REJECTED) is changes', () => {
    const f = flow('legacy', 'backend', 'REJECTED');
    expect(compare(f)).toMatchObject({ status: 'agree', predicted: 'REJECTED' });
    const c = compare(f, true);
    expect(c).toMatchObject({ status: 'changes', predicted: 'REJECTED', staged: 'PLAINTEXT' });
    expect(c.explanations[0].code).toBe('staged-change');
  });

  test('an MTLS flow with the predicted identities agrees', () => {
    const f = flow('frontend', 'backend', 'MTLS', {
      srcId: 'spiffe://example.com/myapp/app/frontend',
      dstId: 'spiffe://example.com/myapp/app/backend-api',
    });
    expect(compare(f, true)).toMatchObject({ status: 'agree', predicted: 'MTLS', staged: 'MTLS' });
  });

  test('a destination off managed nodes (attributes null) is unmanaged: the peer was not enrolled', () => {
    const f = flow('frontend', 'backend', 'PLAINTEXT');
    f.destination.attributes = null;
    // Explicit MUTUAL egress to an unmanaged peer is REJECTED by the engine; the observation differs.
    const c = compare(f);
    expect(c.predicted).toBe('REJECTED');
    expect(c.status).toBe('drift');
  });

  test('the destination scope is not checked (its own daemon applied it)', () => {
    const f = flow('frontend', 'backend', 'MTLS');
    const r = evaluateConnection(current, flowQuery(f), { trace: false });
    expect(r.destination.identity).toBe('riptides-system/backend-api');
  });

  test('a flow from another daemon group does not get the group-scoped identity', () => {
    const f = flow('frontend', 'backend', 'PLAINTEXT');
    f.daemonGroup = 'riptides/daemongroup/other';
    const r = evaluateConnection(current, flowQuery(f), { trace: false });
    expect(r.source.identity).toBeNull();
  });
});

describe('FlowReplay', () => {
  test('counts by status, pairs with first/last seen and reason codes; cache evaluates each key once', () => {
    const replay = new FlowReplay({ current, staged });
    const flows = [
      flow('frontend', 'backend', 'PLAINTEXT', { time: '2026-11-30T10:00:00Z' }),
      flow('frontend', 'backend', 'PLAINTEXT', { time: '2026-11-30T11:00:00Z' }),
      flow('legacy', 'frontend', 'PLAINTEXT'),
      flow('legacy', 'backend', 'REJECTED'),
    ];
    flows.forEach((f, i) => replay.add(f, i + 1));
    const s = replay.finish();
    expect(s.flows).toBe(4);
    expect(s.evaluations).toBe(3);
    expect(s.status).toEqual({ agree: 1, drift: 2, changes: 1 });
    const fb = s.pairs[0];
    expect(fb).toMatchObject({
      sourceIdentity: 'riptides-system/frontend',
      destination: 'backend-api.myapp.svc.cluster.local:3000',
      count: 2,
      status: { agree: 0, drift: 2, changes: 0 },
      firstSeen: Date.parse('2026-11-30T10:00:00Z'),
      lastSeen: Date.parse('2026-11-30T11:00:00Z'),
    });
    const legacyBackend = s.pairs.find((p) => p.sourceIdentity === null && p.destination.endsWith(':3000'))!;
    expect([...legacyBackend.reasons]).toEqual(
      expect.arrayContaining(['no-identity', 'plaintext-to-mutual']),
    );
    expect(s.notable.map((n) => [n.line, n.status])).toEqual([
      [1, 'drift'],
      [2, 'drift'],
      [4, 'changes'],
    ]);
  });

  test('first/last seen in time order whatever the time format (offsets, fractions)', () => {
    const replay = new FlowReplay({ current });
    for (const time of [
      '2026-11-30T10:30:00.000Z',
      '2026-11-30T12:00:00+02:00',
      '2026-11-30T10:45:00.5Z',
      '2026-11-30T10:20:00.000Z',
    ])
      replay.add(flow('legacy', 'frontend', 'PLAINTEXT', { time }), 1);
    const [p] = replay.finish().pairs;
    expect(new Date(p.firstSeen).toISOString()).toBe('2026-11-30T10:00:00.000Z');
    expect(new Date(p.lastSeen).toISOString()).toBe('2026-11-30T10:45:00.500Z');
  });

  test('a tiny cache still gives the same counts (eviction is only a cost)', () => {
    const flows = [
      flow('frontend', 'backend', 'PLAINTEXT'),
      flow('legacy', 'frontend', 'PLAINTEXT'),
      flow('legacy', 'backend', 'REJECTED'),
    ];
    const big = new FlowReplay({ current, staged });
    const tiny = new FlowReplay({ current, staged, cacheSize: 1 });
    for (let i = 0; i < 300; i++) {
      big.add(flows[i % 3], i + 1);
      tiny.add(flows[i % 3], i + 1);
    }
    expect(tiny.finish().status).toEqual(big.finish().status);
    expect(tiny.summary.evaluations).toBe(300);
    expect(big.summary.evaluations).toBe(3);
  });
});

test('compareCodes from a DisagreementView gives compareFlow’s status and codes, for every mix of verdict, reason, presented IDs and destination attributes', () => {
  const ids = [
    undefined,
    'spiffe://example.com/myapp/app/frontend',
    'spiffe://example.com/myapp/app/backend-api',
    'spiffe://example.com/other',
  ];
  let disagreements = 0;
  for (const from of ['frontend', 'legacy'] as const)
    for (const to of ['backend', 'frontend'] as const)
      for (const verdict of ['MTLS', 'TLS', 'PLAINTEXT', 'REJECTED'] as const)
        for (const reason of [undefined, 'peer reset'])
          for (const srcId of ids)
            for (const dstId of ids)
              for (const attributes of [true, false]) {
                const f = flow(from, to, verdict, { reason, srcId, dstId });
                if (!attributes) f.destination.attributes = null;
                const p = evaluateConnection(current, flowQuery(f), { trace: false });
                const s = evaluateConnection(staged, flowQuery(f), { trace: false });
                for (const st of [undefined, s]) {
                  const c = compareFlow(f, p, st);
                  const codes = compareCodes(disagreementView(f), p, st);
                  expect(codes).toEqual({ status: c.status, codes: c.explanations.map((e) => e.code) });
                  if (c.status !== 'agree') disagreements++;
                }
              }
  expect(disagreements).toBeGreaterThan(500);
});

/** Every string in a value (object keys left out). */
function stringsOf(v: unknown, out = new Set<string>()): Set<string> {
  if (typeof v === 'string') out.add(v);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) stringsOf(x, out);
  return out;
}

test('an explanation is data: a code and values the flow and the predictions hold (the printers write the sentence)', () => {
  const ids = [undefined, 'spiffe://example.com/myapp/app/frontend', 'spiffe://example.com/other'];
  const seen = new Set<string>();
  const managedNode = new Set<boolean>();
  const check = (f: FlowRecord, p: ConnectionResult, s: ConnectionResult) => {
    const known = stringsOf([f, p, s]);
    for (const e of compareFlow(f, p, s).explanations) {
      seen.add(e.code);
      expect(Object.keys(e)).toEqual(['code', 'params']);
      for (const str of stringsOf(e.params)) expect(known).toContain(str);
      if (e.code === 'peer-not-enrolled') managedNode.add(e.params.managedNode);
    }
  };
  for (const from of ['frontend', 'legacy'] as const)
    for (const to of ['backend', 'frontend'] as const)
      for (const verdict of ['MTLS', 'TLS', 'PLAINTEXT', 'REJECTED'] as const)
        for (const srcId of ids)
          for (const dstId of ids) {
            const f = flow(from, to, verdict, { reason: 'peer reset', srcId, dstId });
            const p = evaluateConnection(current, flowQuery(f), { trace: false });
            const s = evaluateConnection(staged, flowQuery(f), { trace: false });
            check(f, p, s);
            // Off managed nodes: predicted without the destination's attributes, and (as a prediction
            // that knows the destination would be) with them.
            const off: FlowRecord = { ...f, destination: { ...f.destination, attributes: null } };
            check(
              off,
              evaluateConnection(current, flowQuery(off), { trace: false }),
              evaluateConnection(staged, flowQuery(off), { trace: false }),
            );
            check(off, p, s);
          }
  expect([...seen].sort()).toEqual(Object.keys(FLOW_EXPLANATIONS).sort());
  expect([...managedNode].sort()).toEqual([false, true]);
});
