/**
 * The extra sections of `svid inspect`: the cli layer returns the handshake (--connect) and the policy
 * (--explain) as data, and these printers write the "TLS handshake:" and "Policy:" lines and the
 * policy's JSON. The expected lines are the ones svid inspect has printed since --connect and
 * --explain were added (docs/svid.md); every line and variant is checked.
 */
import { parseManifestText } from '../../src/core/manifest/parse';
import type { LocatedResource } from '../../src/core/manifest/located';
import { buildSnapshot, findIdentitiesBySpiffeId, summarizeIdentityReach } from '../../src/core/policy';
import {
  describeImplicitMtls,
  handshakeSection,
  policySection,
  svidPolicyJson,
  type SvidHandshake,
  type SvidPolicy,
} from '../../src/printers/svid-sections';

describe('TLS handshake', () => {
  const h: SvidHandshake = {
    protocol: 'TLSv1.3',
    cipher: 'TLS_AES_256_GCM_SHA384',
    clientCertificateSent: false,
    certificates: 1,
  };

  test('the target, protocol and cipher; one certificate, no client certificate', () => {
    expect(handshakeSection('127.0.0.1:8443', h)).toEqual({
      title: 'TLS handshake',
      lines: [
        '127.0.0.1:8443: TLSv1.3 TLS_AES_256_GCM_SHA384',
        'server presented 1 certificate; client certificate not sent',
      ],
    });
  });

  test('several certificates, a client certificate sent; protocol and cipher unknown', () => {
    expect(
      handshakeSection('db.internal:5432', {
        protocol: null,
        cipher: null,
        clientCertificateSent: true,
        certificates: 3,
      }).lines,
    ).toEqual(['db.internal:5432: ?', 'server presented 3 certificates; client certificate sent']);
  });
});

const MANIFESTS = `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: { name: frontend, namespace: riptides-system }
spec:
  workloadID: app/frontend
  selectors: [{ app: frontend }]
  connection: { tls: { mode: PERMISSIVE } }
  allowedSPIFFEIDs:
    outbound: [spiffe://example.com/app/backend, spiffe://example.com/app/db]
  egress:
    - selectors: [{ tier: data }]
      connection: { tls: { mode: MUTUAL } }
      allowedSPIFFEIDs: [spiffe://example.com/app/db]
    - selectors: [{ tier: nothing }]
      connection: { tls: { mode: SIMPLE } }
---
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: { name: backend, namespace: riptides-system }
spec:
  workloadID: app/backend
  selectors: [{ app: backend }]
  allowedSPIFFEIDs: { inbound: [], outbound: [] }
---
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: { name: frontend-again, namespace: team2 }
spec:
  workloadID: app/frontend
  selectors: [{ app: frontend2 }]
  allowedSPIFFEIDs:
    inbound: [spiffe://example.com/app/backend]
---
apiVersion: core.riptides.io/v1alpha1
kind: Service
metadata: { name: db, namespace: riptides-system }
spec:
  labels: { tier: data }
  addresses: [{ address: db.internal, port: 5432 }, { address: 'fd00::5', port: 5432 }]
---
apiVersion: core.riptides.io/v1alpha1
kind: Service
metadata: { name: cache, namespace: riptides-system }
spec:
  labels: { tier: data }
  addresses: [{ address: cache.internal, port: 6379 }]
`;

/** What src/cli/svid-inspect-run.ts returns for --explain: the identities with the SPIFFE ID. */
function policyFor(spiffeID: string, trustDomain = 'example.com'): SvidPolicy {
  const resources: LocatedResource[] = parseManifestText('k8s/policy.yaml', MANIFESTS).documents.map((d) => ({
    resource: d.data as LocatedResource['resource'],
    origin: d.origin,
  }));
  const snapshot = buildSnapshot(resources, { trustDomain, workloads: [], external: [] });
  return {
    spiffeID,
    trustDomain,
    paths: ['k8s/', 'extra.yaml'],
    identities: findIdentitiesBySpiffeId(snapshot, spiffeID, trustDomain).map((m) => ({
      resource: m.resource,
      ref: { origin: m.ref.origin, path: '/spec/workloadID' },
      reach: summarizeIdentityReach(snapshot, m.identity, trustDomain),
    })),
  };
}

const IMPLICIT =
  'connections to any other Riptides-managed workload in example.com that no egress rule selects use implicit STRICT mTLS (TLS 1.3)';
const LISTS = 'per-egress and per-ingress lists do not apply there';

describe('Policy', () => {
  test('one identity: posture, the lists (empty ones as "(none)"), egress rules with their Services or none, implicit mTLS', () => {
    expect(policySection(policyFor('spiffe://example.com/app/backend'))).toEqual({
      title: 'Policy',
      lines: [
        'belongs to WorkloadIdentity riptides-system/backend (k8s/policy.yaml:21:15)',
        '  accepts callers: (none)',
        '  may call: (none)',
        `  ${IMPLICIT}, restricted by allowedSPIFFEIDs.outbound; ${LISTS}`,
      ],
    });
  });

  test('two identities with the SPIFFE ID: each, then the policy is ambiguous', () => {
    expect(policySection(policyFor('spiffe://example.com/app/frontend')).lines).toEqual([
      'belongs to WorkloadIdentity riptides-system/frontend (k8s/policy.yaml:5:15)',
      '  inbound posture: PERMISSIVE',
      '  may call: spiffe://example.com/app/backend, spiffe://example.com/app/db',
      '  egress[0] MUTUAL → riptides-system/db (db.internal:5432, [fd00::5]:5432); riptides-system/cache (cache.internal:6379)  k8s/policy.yaml:11',
      '  egress[1] SIMPLE → no Service matches  k8s/policy.yaml:14',
      `  ${IMPLICIT}, restricted by allowedSPIFFEIDs.outbound; ${LISTS}`,
      'belongs to WorkloadIdentity team2/frontend-again (k8s/policy.yaml:29:15)',
      '  accepts callers: spiffe://example.com/app/backend',
      `  ${IMPLICIT}; ${LISTS}`,
      'several identities claim this SPIFFE ID: the policy is ambiguous',
    ]);
  });

  test('no identity with the SPIFFE ID: the paths and the trust domain, or "unknown"', () => {
    expect(policySection(policyFor('spiffe://example.com/app/nobody')).lines).toEqual([
      'no WorkloadIdentity in k8s/, extra.yaml has SPIFFE ID spiffe://example.com/app/nobody (trust domain example.com)',
    ]);
    expect(policySection(policyFor('spiffe://example.com/app/nobody', '')).lines).toEqual([
      'no WorkloadIdentity in k8s/, extra.yaml has SPIFFE ID spiffe://example.com/app/nobody (trust domain unknown)',
    ]);
  });
});

test('implicit mTLS: in the trust domain looked up, restricted by the outbound list when the identity has one (even empty)', () => {
  const reach = (outbound: string[] | null, trustDomain = 'example.com') => ({
    identity: 'ns/a',
    spiffeID: `spiffe://${trustDomain}/a`,
    egress: [],
    outbound,
    inbound: null,
    inboundMode: null,
    implicitMtls: { applies: true as const, trustDomain },
  });
  expect(describeImplicitMtls(reach(null, 'corp.internal'))).toBe(
    'connections to any other Riptides-managed workload in corp.internal that no egress rule selects use implicit STRICT mTLS (TLS 1.3); per-egress and per-ingress lists do not apply there',
  );
  expect(describeImplicitMtls(reach([]))).toBe(
    `${IMPLICIT}, restricted by allowedSPIFFEIDs.outbound; ${LISTS}`,
  );
  expect(describeImplicitMtls(reach(['spiffe://example.com/b']))).toBe(
    `${IMPLICIT}, restricted by allowedSPIFFEIDs.outbound; ${LISTS}`,
  );
});

describe('the JSON of --explain', () => {
  test('identities with the file:line:column of their workloadID and the reach, refs resolved, keys in the documented order', () => {
    const json = svidPolicyJson(policyFor('spiffe://example.com/app/frontend'));
    expect(Object.keys(json)).toEqual(['spiffeID', 'trustDomain', 'identities']);
    expect(json.spiffeID).toBe('spiffe://example.com/app/frontend');
    const [first, second] = json.identities;
    expect(Object.keys(first)).toEqual(['resource', 'file', 'line', 'column', 'reach']);
    expect(first).toMatchObject({
      resource: 'WorkloadIdentity riptides-system/frontend',
      file: 'k8s/policy.yaml',
      line: 5,
      column: 15,
    });
    expect(Object.keys(first.reach)).toEqual([
      'identity',
      'spiffeID',
      'egress',
      'outbound',
      'inbound',
      'inboundMode',
      'implicitMtls',
    ]);
    expect(first.reach.egress[1]).toEqual({
      index: 1,
      mode: 'SIMPLE',
      allowedSPIFFEIDs: null,
      services: [],
      ref: { file: 'k8s/policy.yaml', line: 14, column: 7, path: '/spec/egress/1' },
    });
    expect(Object.keys(first.reach.implicitMtls)).toEqual(['applies', 'trustDomain', 'note']);
    expect(first.reach.implicitMtls).toEqual({
      applies: true,
      trustDomain: 'example.com',
      note: `${IMPLICIT}, restricted by allowedSPIFFEIDs.outbound; ${LISTS}`,
    });
    expect(second.reach.implicitMtls.note).toBe(`${IMPLICIT}; ${LISTS}`);
    expect(svidPolicyJson(policyFor('spiffe://example.com/app/nobody')).identities).toEqual([]);
  });
});
