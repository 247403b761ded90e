/**
 * Examples of the flow explanations: a small manifest set (a frontend that calls a backend over
 * explicit mTLS) and one observed flow record that disagrees with it; `explain connection --flow`
 * says what could explain the difference. The page shows the lines that carry the code.
 */
import type { CodeExample } from './types';

const MANIFESTS = `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: frontend, namespace: shop}
spec:
  workloadID: shop/frontend
  selectors: [{k8s:label:app: frontend}]
  egress:
    - selectors: [{app: backend}]
      connection: {tls: {mode: MUTUAL}}
---
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: backend, namespace: shop}
spec:
  workloadID: shop/backend
  selectors: [{k8s:label:app: backend}]
  connection: {tls: {mode: MUTUAL}}
---
apiVersion: core.riptides.io/v1alpha1
kind: Service
metadata: {name: backend, namespace: shop}
spec:
  addresses: [{address: backend.shop.svc.cluster.local, port: 3000}]
  labels: {app: backend}
`;

const FRONTEND = 'spiffe://example.com/shop/frontend';
const BACKEND = 'spiffe://example.com/shop/backend';

interface FlowParts {
  source?: Record<string, unknown>;
  destination?: Record<string, unknown>;
  observed: Record<string, unknown>;
}

/** One flow record from the frontend to `to` (default: the backend Service), as a daemon reports it. */
function flow(parts: FlowParts): string {
  return `${JSON.stringify({
    time: '2026-11-30T10:00:00.123Z',
    daemon: 'node-7',
    source: { attributes: { 'k8s:label:app': 'frontend' }, spiffeID: FRONTEND, ...parts.source },
    destination: {
      address: 'backend.shop.svc.cluster.local',
      port: 3000,
      attributes: { 'k8s:label:app': 'backend' },
      spiffeID: BACKEND,
      ...parts.destination,
    },
    observed: { tlsVersion: null, ...parts.observed },
  })}\n`;
}

const example = (record: string, extra: Partial<CodeExample> = {}): CodeExample => ({
  files: { 'manifests.yaml': MANIFESTS, 'flows.ndjson': record },
  args: [
    'explain',
    'connection',
    '-f',
    'manifests.yaml',
    '--flow',
    'flows.ndjson:1',
    '--trust-domain',
    'example.com',
  ],
  exit: 0,
  show: 'code-lines',
  ...extra,
});

export const FLOW_EXAMPLES: Record<string, CodeExample> = {
  'silent-downgrade': example(flow({ observed: { verdict: 'PLAINTEXT' } })),
  'daemon-reason': example(
    flow({ observed: { verdict: 'PLAINTEXT', reason: 'peer did not answer the TLS handshake' } }),
  ),
  'source-not-enrolled': example(flow({ source: { spiffeID: null }, observed: { verdict: 'PLAINTEXT' } })),
  'source-identity-differs': example(
    flow({ source: { spiffeID: 'spiffe://example.com/shop/web' }, observed: { verdict: 'REJECTED' } }),
  ),
  'peer-not-enrolled': example(flow({ destination: { spiffeID: null }, observed: { verdict: 'PLAINTEXT' } })),
  'peer-identity-differs': example(
    flow({
      destination: { spiffeID: 'spiffe://example.com/shop/backend-v2' },
      observed: { verdict: 'REJECTED' },
    }),
  ),
  'peer-unknown-to-manifests': example(
    flow({
      destination: {
        address: 'payments.shop.svc.cluster.local',
        attributes: { 'k8s:label:app': 'payments' },
        spiffeID: 'spiffe://example.com/shop/payments',
      },
      observed: { verdict: 'MTLS', tlsVersion: '1.3' },
    }),
  ),
  'missing-service': example(
    flow({
      destination: { address: 'payments.shop.svc.cluster.local', spiffeID: null, attributes: null },
      observed: { verdict: 'TLS', tlsVersion: '1.3' },
    }),
  ),
  'staged-change': {
    files: {
      'current.yaml': MANIFESTS,
      // The staged change: the backend admits only the admin identity inbound.
      'staged.yaml': MANIFESTS.replace(
        '  connection: {tls: {mode: MUTUAL}}\n---\napiVersion: core.riptides.io/v1alpha1\nkind: Service',
        '  connection: {tls: {mode: MUTUAL}}\n  allowedSPIFFEIDs:\n    inbound: [spiffe://example.com/shop/admin]\n---\napiVersion: core.riptides.io/v1alpha1\nkind: Service',
      ),
      'flows.ndjson': flow({ observed: { verdict: 'MTLS', tlsVersion: '1.3' } }),
    },
    args: [
      'simulate',
      '--flows',
      'flows.ndjson',
      '--baseline',
      'current.yaml',
      '-f',
      'staged.yaml',
      '--trust-domain',
      'example.com',
    ],
    exit: 0,
    note: 'current.yaml is what runs; staged.yaml is the same set with one change, the backend admitting only the admin identity. The observed flow agrees with the current set; the staged one would reject it.',
  },
};
