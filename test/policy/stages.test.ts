/**
 * The engine's stages (src/core/policy/stages), one at a time on small inputs: each stage's typed
 * outcome, the reason codes it adds and the trace events it records (codes and parameters, not
 * wording — the sentences are the printers' and are checked by the explain tests).
 */
import { syntheticOrigin } from '../../src/core/manifest/document';
import type { Service, WorkloadIdentity } from '../../src/core/manifest/types';
import {
  buildSnapshot,
  resolveEndpoint,
  TRACE_EVENTS,
  type Endpoint,
  type Peer,
  type Snapshot,
  type Step,
} from '../../src/core/policy';
import {
  clientAuthorizationStage,
  clientTlsStage,
  destinationPeerStage,
  destinationServiceStage,
  egressRuleStage,
  identityConfirmationStage,
  pathStage,
  resolveSource,
  serverAuthorizationStage,
  sourceIdentityStage,
  startEvaluation,
  type Evaluation,
} from '../../src/core/policy/stages';
import { describeStep } from '../../src/printers/trace-text';

const TD = 'example.com';

function identity(name: string, spec: Partial<WorkloadIdentity['spec']>): WorkloadIdentity {
  return {
    apiVersion: 'core.riptides.io/v1alpha1',
    kind: 'WorkloadIdentity',
    metadata: { name },
    spec: { workloadID: name, selectors: [{ 'process:name': name }], ...spec },
  };
}

function service(name: string, address: string, labels: Record<string, string>): Service {
  return {
    apiVersion: 'core.riptides.io/v1alpha1',
    kind: 'Service',
    metadata: { name },
    spec: { addresses: [{ address, port: 443 }], labels },
  };
}

function snapshotOf(resources: (WorkloadIdentity | Service)[], workloads: Peer[], external: Endpoint[] = []) {
  return buildSnapshot(
    resources.map((resource, i) => ({ resource, origin: syntheticOrigin(`r${i}.yaml`) })),
    { trustDomain: TD, workloads, external },
  );
}

const peer = (name: string, extra: Partial<Peer> = {}): Peer => ({
  name,
  attributes: { 'process:name': name },
  listen: [{ address: `${name}.internal`, port: 443 }],
  ...extra,
});

const STAGE_ORDER = [
  sourceIdentityStage,
  destinationServiceStage,
  egressRuleStage,
  destinationPeerStage,
  pathStage,
  clientTlsStage,
  clientAuthorizationStage,
  identityConfirmationStage,
  serverAuthorizationStage,
] as const;

/** Run the stages before `stage`, then return the evaluation and `stage`'s outcome. */
function runTo<R>(
  snapshot: Snapshot,
  from: string | Peer,
  to: Endpoint,
  stage: (ev: Evaluation) => R,
  options: { trace?: boolean; toPeer?: Peer } = {},
): { ev: Evaluation; outcome: R; steps: Step[] } {
  const ev = startEvaluation(
    snapshot,
    { from, to, toPeer: options.toPeer },
    resolveSource(snapshot, from),
    resolveEndpoint(snapshot, to),
    options.trace !== false,
  );
  const index = (STAGE_ORDER as readonly unknown[]).indexOf(stage);
  expect(index).toBeGreaterThanOrEqual(0);
  for (const s of STAGE_ORDER.slice(0, index)) s(ev);
  const before = ev.trace?.length ?? 0;
  const outcome = stage(ev);
  return { ev, outcome, steps: ev.trace?.slice(before) ?? [] };
}

const events = (steps: Step[]) => steps.map((s) => [s.stage, s.outcome, s.event, s.reason]);

describe('1. source identity', () => {
  const snap = snapshotOf(
    [identity('a', {}), identity('b', {}), identity('dup', { selectors: [{ 'process:name': 'b' }] })],
    [peer('a'), peer('b'), peer('nobody')],
  );

  test('a selected source: its identity, with the entry and score', () => {
    const { outcome, ev, steps } = runTo(snap, 'a', { address: 'x', port: 1 }, sourceIdentityStage);
    expect(outcome?.key).toBe('riptides-system/a');
    expect(ev.reasons).toEqual([]);
    expect(events(steps)).toEqual([['source-identity', 'pass', 'source-selected', undefined]]);
    expect(steps[0].params).toMatchObject({ identity: 'riptides-system/a', entry: 0, score: 1, scope: null });
  });

  test('no identity: null, no-identity, the nearest misses', () => {
    const { outcome, ev, steps } = runTo(snap, 'nobody', { address: 'x', port: 1 }, sourceIdentityStage);
    expect(outcome).toBeNull();
    expect(ev.reasons).toEqual(['no-identity']);
    expect(events(steps)).toEqual([['source-identity', 'fail', 'source-unselected', 'no-identity']]);
    // Every identity selects process:name with another value: one key off each.
    expect(steps[0].nearestMisses?.map((m) => [m.identity, m.distance, m.mismatched[0]?.actual])).toEqual([
      ['riptides-system/a', 1, 'nobody'],
      ['riptides-system/b', 1, 'nobody'],
      ['riptides-system/dup', 1, 'nobody'],
    ]);
  });

  test('a tie: the first by namespace/name, ambiguous-identity', () => {
    const { outcome, ev, steps } = runTo(snap, 'b', { address: 'x', port: 1 }, sourceIdentityStage);
    expect(outcome?.key).toBe('riptides-system/b');
    expect(ev.reasons).toEqual(['ambiguous-identity']);
    expect(events(steps)).toEqual([
      ['source-identity', 'pass', 'source-selected', undefined],
      ['source-identity', 'info', 'source-ambiguous', 'ambiguous-identity'],
    ]);
    expect(steps[1].params).toEqual({ tied: ['riptides-system/dup'], chosen: 'riptides-system/b' });
  });

  test('an unknown workload name is an error that lists the known ones', () => {
    expect(() => resolveSource(snap, 'zzz')).toThrow(/no workload named "zzz"/);
  });
});

describe('2–3. destination service and egress rule', () => {
  const snap = snapshotOf(
    [
      identity('client', { egress: [{ selectors: [{ tier: 'web' }] }] }),
      identity('bare', {}),
      service('web', 'shared.internal', { tier: 'web' }),
      service('db', 'shared.internal', { tier: 'db' }),
    ],
    [peer('client'), peer('bare'), peer('stranger', { attributes: {} })],
  );
  const shared = { address: 'shared.internal', port: 443 };

  test('no Service at the address: null, and no egress rule to match', () => {
    const s = runTo(snap, 'client', { address: 'none.internal', port: 443 }, destinationServiceStage);
    expect(s.outcome).toBeNull();
    expect(events(s.steps)).toEqual([['destination-service', 'info', 'service-none', undefined]]);
    const e = runTo(snap, 'client', { address: 'none.internal', port: 443 }, egressRuleStage);
    expect(e.outcome).toBeNull();
    expect(events(e.steps)).toEqual([['egress-rule', 'skip', 'egress-no-service', undefined]]);
  });

  test('two Services on one address: the one the egress rule selects', () => {
    const s = runTo(snap, 'client', shared, destinationServiceStage);
    expect(s.outcome?.key).toBe('riptides-system/web');
    expect(s.steps[0].params).toMatchObject({
      service: 'riptides-system/web',
      others: ['riptides-system/db'],
    });
    const e = runTo(snap, 'client', shared, egressRuleStage);
    expect(e.outcome?.index).toBe(0);
    expect(e.ev.egressEntry).toBe(0);
    expect(events(e.steps)).toEqual([['egress-rule', 'pass', 'egress-selected', undefined]]);
  });

  test('no rule selects: the first Service by namespace/name; no-egress-rule recorded for the path stage to judge', () => {
    const s = runTo(snap, 'bare', shared, destinationServiceStage);
    expect(s.outcome?.key).toBe('riptides-system/db');
    const e = runTo(snap, 'bare', shared, egressRuleStage);
    expect(e.outcome).toBeNull();
    expect(events(e.steps)).toEqual([['egress-rule', 'info', 'egress-none', 'no-egress-rule']]);
    expect(e.ev.reasons).toEqual([]);
  });

  test('a source with no identity has no egress rules', () => {
    const e = runTo(snap, 'stranger', shared, egressRuleStage);
    expect(e.outcome).toBeNull();
    expect(events(e.steps)).toEqual([['egress-rule', 'skip', 'egress-no-identity', undefined]]);
  });
});

describe('4–5. destination peer and path', () => {
  const snap = snapshotOf(
    [identity('a', {}), identity('b', {})],
    [
      peer('a'),
      peer('b'),
      peer('foreign', { trustDomain: 'other.org', attributes: { 'process:name': 'b' } }),
    ],
    [{ address: 'api.example.net', port: 443 }],
  );

  test('a managed listener in the same trust domain: implicit path', () => {
    const p = runTo(snap, 'a', { address: 'b.internal', port: 443 }, destinationPeerStage);
    expect(p.outcome?.key).toBe('riptides-system/b');
    expect(p.ev.destinationSpiffeID).toBe(`spiffe://${TD}/b`);
    expect(events(p.steps)).toEqual([['destination-peer', 'pass', 'peer-selected', undefined]]);
    const path = runTo(snap, 'a', { address: 'b.internal', port: 443 }, pathStage);
    expect(path.outcome).toBe('implicit');
    expect(path.ev.reasons).toEqual([]);
    // The missing egress rule does not matter on the implicit path: its reason is dropped.
    expect(path.ev.trace!.find((s) => s.stage === 'egress-rule')?.reason).toBeUndefined();
  });

  test('an external endpoint: unmanaged, path none with peer-unmanaged', () => {
    const to = { address: 'api.example.net', port: 443 };
    const p = runTo(snap, 'a', to, destinationPeerStage);
    expect(p.outcome).toBeNull();
    expect(p.ev.external).toBe(true);
    expect(events(p.steps)).toEqual([['destination-peer', 'info', 'peer-external', undefined]]);
    const path = runTo(snap, 'a', to, pathStage);
    expect(path.outcome).toBe('none');
    expect(path.ev.reasons).toEqual(['peer-unmanaged', 'no-service']);
    expect(events(path.steps)).toEqual([['path', 'fail', 'path-none-peer-unmanaged', 'peer-unmanaged']]);
  });

  test('another trust domain: path none with trust-domain-mismatch', () => {
    const path = runTo(snap, 'a', { address: 'foreign.internal', port: 443 }, pathStage);
    expect(path.outcome).toBe('none');
    expect(path.ev.reasons).toEqual(['trust-domain-mismatch']);
    expect(path.steps[0].params).toEqual({ sourceTrustDomain: TD, peerTrustDomain: 'other.org' });
  });

  test('an ad-hoc destination peer (--to-attr) is resolved on its own', () => {
    const toPeer = { attributes: { 'process:name': 'b' } };
    const p = runTo(snap, 'a', { address: 'adhoc.internal', port: 9 }, destinationPeerStage, { toPeer });
    expect(p.outcome?.key).toBe('riptides-system/b');
    expect(p.ev.external).toBe(false);
  });
});

describe('6. client-side TLS', () => {
  const egressTo = (mode?: 'MUTUAL' | 'SIMPLE' | 'PERMISSIVE') =>
    identity('client', {
      egress: [{ selectors: [{ app: 'ext' }], ...(mode ? { connection: { tls: { mode } } } : {}) }],
    });
  const ext = service('ext', 'api.example.net', { app: 'ext' });
  const to = { address: 'api.example.net', port: 443 };

  test('MUTUAL (the default) to an unmanaged server: refused, peer-unmanaged', () => {
    const snap = snapshotOf([egressTo(), ext], [peer('client')]);
    const r = runTo(snap, 'client', to, clientTlsStage);
    expect(r.outcome).toBe('refused');
    expect(r.ev.rejected).toBe(true);
    expect(r.ev.reasons).toEqual(['peer-unmanaged']);
    expect(events(r.steps)).toEqual([['tls', 'fail', 'tls-mutual-unmanaged', 'peer-unmanaged']]);
    expect(r.steps[0].params).toMatchObject({ modeSet: false });
  });

  test('SIMPLE to an unmanaged server: TLS 1.2+', () => {
    const snap = snapshotOf([egressTo('SIMPLE'), ext], [peer('client')]);
    const r = runTo(snap, 'client', to, clientTlsStage);
    expect(r.outcome).toBe('tls');
    expect([r.ev.mode, r.ev.version]).toEqual(['SIMPLE', '1.2+']);
    expect(events(r.steps)).toEqual([['tls', 'pass', 'tls-simple-external', undefined]]);
  });

  test('PERMISSIVE to an unmanaged server: plain TCP, permissive-fallback', () => {
    const snap = snapshotOf([egressTo('PERMISSIVE'), ext], [peer('client')]);
    const r = runTo(snap, 'client', to, clientTlsStage);
    expect(r.outcome).toBe('plain');
    expect(r.ev.rejected).toBe(false);
    expect(r.ev.reasons).toEqual(['permissive-fallback', 'peer-unmanaged']);
    expect(r.steps[0].params).toEqual({ peerTrustDomain: null });
  });

  test('not intercepted: plain, skipped', () => {
    const snap = snapshotOf([ext], [peer('client')]);
    const r = runTo(snap, 'client', to, clientTlsStage);
    expect(r.outcome).toBe('plain');
    expect(events(r.steps)).toEqual([['tls', 'skip', 'tls-not-intercepted', undefined]]);
  });
});

describe('7. authorization', () => {
  const to = { address: 'server.internal', port: 443 };

  test('client side: a peer outside the egress rule list is refused', () => {
    const snap = snapshotOf(
      [
        identity('client', {
          egress: [{ selectors: [{ app: 'server' }], allowedSPIFFEIDs: [`spiffe://${TD}/other`] }],
        }),
        identity('server', {}),
        service('server', 'server.internal', { app: 'server' }),
      ],
      [peer('client'), peer('server')],
    );
    const r = runTo(snap, 'client', to, clientAuthorizationStage);
    expect(r.outcome).toBe(false);
    expect(r.ev.reasons).toEqual(['not-allowed-egress']);
    expect(events(r.steps)).toEqual([
      ['client-authorization', 'fail', 'egress-list-denied', 'not-allowed-egress'],
    ]);
    expect(r.steps[0].params).toMatchObject({ spiffeID: `spiffe://${TD}/server`, index: 0 });
  });

  test('identity confirmation: an announced identity other than the certificate is refused', () => {
    const snap = snapshotOf(
      [identity('client', {}), identity('server', {})],
      [peer('client', { announces: `spiffe://${TD}/admin` }), peer('server')],
    );
    const r = runTo(snap, 'client', to, identityConfirmationStage);
    expect(r.outcome).toBe(false);
    expect(r.ev.reasons).toEqual(['identity-mismatch']);
    expect(events(r.steps)).toEqual([
      ['identity-confirmation', 'pass', 'identity-presented', undefined],
      ['identity-confirmation', 'fail', 'identity-announced-mismatch', 'identity-mismatch'],
    ]);
    expect(r.steps[1].params).toMatchObject({ role: 'source', announced: `spiffe://${TD}/admin` });
  });

  test('server side: plain TCP arriving at MUTUAL is refused', () => {
    const snap = snapshotOf(
      [identity('server', { connection: { tls: { mode: 'MUTUAL' } } })],
      [peer('client', { attributes: {} }), peer('server')],
    );
    const r = runTo(snap, 'client', to, serverAuthorizationStage);
    expect(r.outcome).toBe(false);
    expect(r.ev.reasons).toEqual(['no-identity', 'plaintext-to-mutual']);
    expect(events(r.steps)).toEqual([
      ['server-authorization', 'fail', 'plaintext-refused', 'plaintext-to-mutual'],
    ]);
  });

  test('server side: per-port ingress lists do not apply on the implicit path', () => {
    const snap = snapshotOf(
      [
        identity('client', {}),
        identity('server', { ingress: [{ port: 443, allowedSPIFFEIDs: [`spiffe://${TD}/other`] }] }),
      ],
      [peer('client'), peer('server')],
    );
    const r = runTo(snap, 'client', to, serverAuthorizationStage);
    expect(r.outcome).toBe(true);
    expect(r.ev.reasons).toEqual(['ingress-not-applied-implicit']);
    expect(events(r.steps)).toEqual([
      ['server-authorization', 'info', 'ingress-list-not-applied', 'ingress-not-applied-implicit'],
      ['server-authorization', 'pass', 'mtls-accepted', undefined],
    ]);
  });
});

describe('the verdict-only mode', () => {
  test('decides the same and records nothing', () => {
    const snap = snapshotOf(
      [identity('client', {}), identity('server', { allowedSPIFFEIDs: { inbound: [] } })],
      [peer('client'), peer('server')],
    );
    const to = { address: 'server.internal', port: 443 };
    const traced = runTo(snap, 'client', to, serverAuthorizationStage);
    const fast = runTo(snap, 'client', to, serverAuthorizationStage, { trace: false });
    expect(fast.ev.trace).toBeUndefined();
    expect(fast.outcome).toBe(false);
    expect(traced.outcome).toBe(false);
    expect(fast.ev.reasons).toEqual(traced.ev.reasons);
    expect(fast.ev.reasons).toEqual(['not-allowed-inbound']);
  });
});

test('every event code belongs to a stage and has a sentence', () => {
  for (const [event, stage] of Object.entries(TRACE_EVENTS)) {
    const params = new Proxy(
      {},
      {
        get: (_, k) =>
          k === 'tied' || k === 'others'
            ? ['a']
            : k === 'allowed'
              ? new Set(['a'])
              : k === 'peer'
                ? { name: 'p', attributes: {} }
                : k === 'endpoint'
                  ? { address: 'h', port: 1 }
                  : 'x',
      },
    );
    const text = describeStep({ stage, outcome: 'info', event, params, refs: [] } as unknown as Step);
    expect(typeof text).toBe('string');
    expect(text.length).toBeGreaterThan(10);
  }
});
