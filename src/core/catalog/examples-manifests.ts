/** Examples of the manifest findings (RT1xxx): a file that `validate` reports. */
import type { CodeExample } from './types';

const HEAD = `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: frontend, namespace: shop}
`;

const SERVICE = `apiVersion: core.riptides.io/v1alpha1
kind: Service
metadata: {name: backend, namespace: shop}
spec:
  addresses: [{address: backend.shop.svc.cluster.local, port: 3000}]
`;

/** `validate -f frontend.yaml` over a WorkloadIdentity whose spec is `spec`. */
const identity = (spec: string, exit = 1): CodeExample => ({
  files: { 'frontend.yaml': `${HEAD}spec:\n${spec}` },
  args: ['validate', '-f', 'frontend.yaml'],
  exit,
});

const file = (name: string, text: string, exit = 1): CodeExample => ({
  files: { [name]: text },
  args: ['validate', '-f', name],
  exit,
});

export const MANIFEST_EXAMPLES: Record<string, CodeExample> = {
  RT1001: identity(`  workloadID: shop/frontend
  selectors: [{k8s:label:app: frontend}
`),
  RT1002: identity(`  workloadID: shop/frontend
  selectors: [{k8s:label:app: frontend}]
  workloadID: shop/backend
`),
  RT1003: file(
    'laughs.yaml',
    `a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
`,
  ),
  RT1004: {
    ...identity(`  workloadID: shop/frontend
  selectors: [{k8s:label:app: frontend}]
`),
    env: { RIPTIDES_MAX_INPUT_BYTES: '100' },
    note: 'The limit is 64 MiB; `RIPTIDES_MAX_INPUT_BYTES` lowers it here to show the finding on a small file.',
  },
  RT1005: file('empty.yaml', '# nothing here yet\n'),
  RT1010: file('list.yaml', '- apiVersion: core.riptides.io/v1alpha1\n  kind: Service\n'),
  RT1011: file(
    'service.yaml',
    `metadata: {name: backend, namespace: shop}
spec:
  addresses: [{address: backend.shop.svc.cluster.local, port: 3000}]
`,
  ),
  RT1012: file(
    'deployment.yaml',
    `apiVersion: core.riptides.io/v1alpha1
kind: Workload
metadata: {name: backend, namespace: shop}
`,
  ),
  RT1013: file(
    'service.yaml',
    `apiVersion: core.riptides.io/v1
kind: Service
metadata: {name: backend, namespace: shop}
spec:
  addresses: [{address: backend.shop.svc.cluster.local, port: 3000}]
`,
  ),
  RT1020: identity(`  workloadID: shop/frontend
  selectors: [{k8s:label:app: frontend}]
  allowedSpiffeIds:
    inbound: [spiffe://example.com/shop/gateway]
`),
  RT1021: identity(`  selectors: [{k8s:label:app: frontend}]
`),
  RT1022: identity(`  workloadID: shop/frontend
  selectors: {k8s:label:app: frontend}
`),
  RT1023: identity(`  workloadID: shop/frontend
  selectors: [{k8s:label:app: frontend}]
  connection: {tls: {mode: STRICT}}
`),
  RT1024: file(
    'service.yaml',
    `apiVersion: core.riptides.io/v1alpha1
kind: Service
metadata: {name: backend, namespace: shop}
spec:
  addresses: [{address: backend.shop.svc.cluster.local, port: 70000}]
`,
  ),
  RT1025: identity(`  workloadID: shop/frontend
  selectors: []
`),
  RT1026: identity(`  workloadID: shop/frontend
  selectors: [{k8s:labels:app: frontend}]
`),
  RT1027: identity(`  workloadID: shop/frontend
  selectors: [{k8s:label:app: frontend}]
  scope:
    daemon: {id: riptides/daemon/node-1}
    daemonGroup: {id: riptides/daemongroup/prod}
`),
  RT1028: identity(
    `  workloadID: shop/frontend
  selectors: [{k8s:label:app: frontend}]
  allowedSPIFFEIDs:
    inbound:
      - spiffe://example.com/shop/gateway
      - spiffe://example.com/shop/gateway
`,
    0,
  ),
  RT1030: identity(`  workloadID: shop/frontend
  selectors: [{k8s:label:app: frontend}]
  allowedSPIFFEIDs:
    inbound: [spiffe://Example.com/shop/gateway]
`),
  RT1031: identity(`  workloadID: /shop/frontend
  selectors: [{k8s:label:app: frontend}]
`),
  RT1032: file(
    'frontend.yaml',
    `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: Frontend_v2, namespace: shop}
spec:
  workloadID: shop/frontend
  selectors: [{k8s:label:app: frontend}]
`,
  ),
  RT1033: file(
    'scenario.yaml',
    `apiVersion: sim.riptides.io/v1alpha1
kind: Scenario
metadata: {name: shop}
spec:
  trustDomain: Example.COM
  workloads:
    - name: frontend
      attributes: {k8s:label:app: frontend}
`,
  ),
  RT1006: {
    made: {
      'manifests/backend.yaml': 'a Service (backend.shop.svc.cluster.local:3000)',
      'manifests/events.yaml': 'a named pipe (FIFO), made with mkfifo',
    },
    args: ['validate', '-f', 'manifests/'],
    exit: 0,
  },
  RT1007: {
    made: {
      'manifests/backend.yaml': 'a Service (backend.shop.svc.cluster.local:3000)',
      'manifests/frontend.yaml': 'a symbolic link to ../old/frontend.yaml, which does not exist',
    },
    args: ['validate', '-f', 'manifests/'],
    exit: 1,
  },
  RT1040: {
    files: {
      'backend.yaml': SERVICE,
      'backend-v2.yaml': SERVICE.replace('port: 3000', 'port: 3001'),
      'stale.yaml': SERVICE.replace('namespace: shop}', 'namespace: shop, resourceVersion: "1"}').replace(
        'port: 3000',
        'port: 3002',
      ),
    },
    before: [
      ['ctl', 'apply', '-f', 'backend.yaml'],
      ['ctl', 'apply', '-f', 'backend-v2.yaml'],
    ],
    args: ['validate', '-f', 'stale.yaml', '--server-side'],
    exit: 1,
    note: 'The first two commands write the Service twice to the `local` context (resourceVersion 1, then 2); stale.yaml is an edit of the first version, still carrying its resourceVersion. The CLI’s own checks accept it; the control plane’s dry run refuses it.',
  },
};
