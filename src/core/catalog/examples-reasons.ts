/**
 * Examples of the connection reasons: the smallest manifests and Scenario (pruned from the policy
 * cases in test/policy/cases) for which `explain connection` gives the reason. The page shows the
 * lines of the explanation that carry it (the trace step and the "Why" line).
 */
import type { CodeExample } from './types';

const explain = (from: string, to: string): readonly string[] => [
  'explain',
  'connection',
  '-f',
  'manifests.yaml',
  '--scenario',
  'scenario.yaml',
  '--from',
  from,
  '--to',
  to,
];

export const REASON_EXAMPLES: Record<string, CodeExample> = {
  'no-identity': {
    files: {
      'manifests.yaml': `
`,
      'scenario.yaml': `apiVersion: sim.riptides.io/v1alpha1
kind: Scenario
metadata:
  name: no-identity
spec:
  trustDomain: example.com
  workloads:
    - name: curl
      attributes:
        process:name: curl
`,
    },
    args: explain('curl', 'nginx.internal:80'),
    exit: 0,
    show: 'code-lines',
  },
  'ambiguous-identity': {
    files: {
      'manifests.yaml': `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata:
  name: zeta
  namespace: team-a
spec:
  workloadID: zeta
  selectors:
    - process:name: worker
---
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata:
  name: alpha
  namespace: team-a
spec:
  workloadID: alpha
  selectors:
    - process:name: worker
  egress:
    - selectors:
        - app: db
      connection:
        tls:
          mode: SIMPLE
    - selectors:
        - app: db
          tier: data
      connection:
        tls:
          mode: MUTUAL
---
apiVersion: core.riptides.io/v1alpha1
kind: Service
metadata:
  name: db
spec:
  addresses:
    - address: db.external
      port: 5432
  labels:
    app: db
    tier: data
`,
      'scenario.yaml': `apiVersion: sim.riptides.io/v1alpha1
kind: Scenario
metadata:
  name: ambiguous-identity
spec:
  trustDomain: example.com
  workloads:
    - name: worker
      attributes:
        process:name: worker
  external:
    - address: db.external
      port: 5432
`,
    },
    args: explain('worker', 'db.external:5432'),
    exit: 0,
    show: 'code-lines',
  },
  'no-service': {
    files: {
      'manifests.yaml': `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata:
  name: restricted
spec:
  workloadID: restricted
  selectors:
    - process:name: restricted
  allowedSPIFFEIDs:
    outbound:
      - spiffe://example.com/good
`,
      'scenario.yaml': `apiVersion: sim.riptides.io/v1alpha1
kind: Scenario
metadata:
  name: no-service
spec:
  trustDomain: example.com
  workloads:
    - name: restricted
      attributes:
        process:name: restricted
`,
    },
    args: explain('restricted', 'anon.internal:443'),
    exit: 0,
    show: 'code-lines',
  },
  'no-egress-rule': {
    files: {
      'manifests.yaml': `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata:
  name: solo
spec:
  workloadID: solo
  selectors:
    - process:name: solo
  egress:
    - selectors:
        - app: other
---
apiVersion: core.riptides.io/v1alpha1
kind: Service
metadata:
  name: db
spec:
  addresses:
    - address: db.external
      port: 5432
  labels:
    app: db
    tier: data
`,
      'scenario.yaml': `apiVersion: sim.riptides.io/v1alpha1
kind: Scenario
metadata:
  name: no-egress-rule
spec:
  trustDomain: example.com
  workloads:
    - name: solo
      attributes:
        process:name: solo
  external:
    - address: db.external
      port: 5432
`,
    },
    args: explain('solo', 'db.external:5432'),
    exit: 0,
    show: 'code-lines',
  },
  'peer-unmanaged': {
    files: {
      'manifests.yaml': `
`,
      'scenario.yaml': `apiVersion: sim.riptides.io/v1alpha1
kind: Scenario
metadata:
  name: peer-unmanaged
spec:
  trustDomain: example.com
  workloads:
    - name: curl
      attributes:
        process:name: curl
`,
    },
    args: explain('curl', 'nginx.internal:80'),
    exit: 0,
    show: 'code-lines',
  },
  'trust-domain-mismatch': {
    files: {
      'manifests.yaml': `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata:
  name: a
spec:
  workloadID: a
  selectors:
    - process:name: a
  egress:
    - selectors:
        - app: b-mutual
    - selectors:
        - app: b-permissive
      connection:
        tls:
          mode: PERMISSIVE
    - selectors:
        - app: b-simple
      connection:
        tls:
          mode: SIMPLE
---
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata:
  name: strict-b
spec:
  workloadID: strict-b
  selectors:
    - process:name: strict-b
  connection:
    tls:
      mode: MUTUAL
`,
      'scenario.yaml': `apiVersion: sim.riptides.io/v1alpha1
kind: Scenario
metadata:
  name: trust-domain-mismatch
spec:
  trustDomain: example.com
  workloads:
    - name: a
      attributes:
        process:name: a
    - name: strict-other
      trustDomain: other.org
      attributes:
        process:name: strict-b
      listen:
        - address: strict.other
          port: 80
`,
    },
    args: explain('a', 'strict.other:80'),
    exit: 0,
    show: 'code-lines',
  },
  'not-allowed-egress': {
    files: {
      'manifests.yaml': `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata:
  name: guarded
spec:
  workloadID: guarded
  selectors:
    - process:name: guarded
  allowedSPIFFEIDs:
    inbound:
      - spiffe://example.com/good
---
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata:
  name: egress-listed
spec:
  workloadID: egress-listed
  selectors:
    - process:name: egress-listed
  egress:
    - selectors:
        - app: guarded
      allowedSPIFFEIDs:
        - spiffe://example.com/someone-else
---
apiVersion: core.riptides.io/v1alpha1
kind: Service
metadata:
  name: guarded
spec:
  addresses:
    - address: guarded.internal
      port: 443
  labels:
    app: guarded
`,
      'scenario.yaml': `apiVersion: sim.riptides.io/v1alpha1
kind: Scenario
metadata:
  name: not-allowed-egress
spec:
  trustDomain: example.com
  workloads:
    - name: guarded
      attributes:
        process:name: guarded
      listen:
        - address: guarded.internal
          port: 443
    - name: egress-listed
      attributes:
        process:name: egress-listed
`,
    },
    args: explain('egress-listed', 'guarded.internal:443'),
    exit: 0,
    show: 'code-lines',
  },
  'not-allowed-outbound': {
    files: {
      'manifests.yaml': `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata:
  name: guarded
spec:
  workloadID: guarded
  selectors:
    - process:name: guarded
  allowedSPIFFEIDs:
    inbound:
      - spiffe://example.com/good
---
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata:
  name: restricted
spec:
  workloadID: restricted
  selectors:
    - process:name: restricted
  allowedSPIFFEIDs:
    outbound:
      - spiffe://example.com/good
`,
      'scenario.yaml': `apiVersion: sim.riptides.io/v1alpha1
kind: Scenario
metadata:
  name: not-allowed-outbound
spec:
  trustDomain: example.com
  workloads:
    - name: guarded
      attributes:
        process:name: guarded
      listen:
        - address: guarded.internal
          port: 443
    - name: restricted
      attributes:
        process:name: restricted
`,
    },
    args: explain('restricted', 'guarded.internal:443'),
    exit: 0,
    show: 'code-lines',
  },
  'not-allowed-inbound': {
    files: {
      'manifests.yaml': `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata:
  name: guarded
spec:
  workloadID: guarded
  selectors:
    - process:name: guarded
  allowedSPIFFEIDs:
    inbound:
      - spiffe://example.com/good
---
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata:
  name: bad
spec:
  workloadID: bad
  selectors:
    - process:name: bad
  egress:
    - selectors:
        - app: guarded
`,
      'scenario.yaml': `apiVersion: sim.riptides.io/v1alpha1
kind: Scenario
metadata:
  name: not-allowed-inbound
spec:
  trustDomain: example.com
  workloads:
    - name: guarded
      attributes:
        process:name: guarded
      listen:
        - address: guarded.internal
          port: 443
    - name: bad
      attributes:
        process:name: bad
`,
    },
    args: explain('bad', 'guarded.internal:443'),
    exit: 0,
    show: 'code-lines',
  },
  'not-allowed-ingress': {
    files: {
      'manifests.yaml': `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata:
  name: server
spec:
  workloadID: server
  selectors:
    - process:name: server
  connection:
    tls:
      mode: MUTUAL
  ingress:
    - port: 8000
      allowedSPIFFEIDs:
        - spiffe://example.com/friend
---
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata:
  name: explicit-stranger
spec:
  workloadID: explicit-stranger
  selectors:
    - process:name: explicit-stranger
  egress:
    - selectors:
        - app: server
---
apiVersion: core.riptides.io/v1alpha1
kind: Service
metadata:
  name: server
spec:
  addresses:
    - address: server.internal
      port: 8000
    - address: server.internal
      port: 9000
  labels:
    app: server
`,
      'scenario.yaml': `apiVersion: sim.riptides.io/v1alpha1
kind: Scenario
metadata:
  name: not-allowed-ingress
spec:
  trustDomain: example.com
  workloads:
    - name: server
      attributes:
        process:name: server
      listen:
        - address: server.internal
          port: 8000
        - address: server.internal
          port: 9000
    - name: explicit-stranger
      attributes:
        process:name: explicit-stranger
`,
    },
    args: explain('explicit-stranger', 'server.internal:8000'),
    exit: 0,
    show: 'code-lines',
  },
  'plaintext-to-mutual': {
    files: {
      'manifests.yaml': `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata:
  name: mutual
spec:
  workloadID: mutual
  selectors:
    - process:name: mutual
  connection:
    tls:
      mode: MUTUAL
`,
      'scenario.yaml': `apiVersion: sim.riptides.io/v1alpha1
kind: Scenario
metadata:
  name: plaintext-to-mutual
spec:
  trustDomain: example.com
  workloads:
    - name: curl
      attributes:
        process:name: curl
    - name: mutual
      attributes:
        process:name: mutual
      listen:
        - address: mutual.internal
          port: 80
`,
    },
    args: explain('curl', 'mutual.internal:80'),
    exit: 0,
    show: 'code-lines',
  },
  'plaintext-to-simple': {
    files: {
      'manifests.yaml': `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata:
  name: simple
spec:
  workloadID: simple
  selectors:
    - process:name: simple
  connection:
    tls:
      mode: SIMPLE
`,
      'scenario.yaml': `apiVersion: sim.riptides.io/v1alpha1
kind: Scenario
metadata:
  name: plaintext-to-simple
spec:
  trustDomain: example.com
  workloads:
    - name: curl
      attributes:
        process:name: curl
    - name: simple
      attributes:
        process:name: simple
      listen:
        - address: simple.internal
          port: 80
`,
    },
    args: explain('curl', 'simple.internal:80'),
    exit: 0,
    show: 'code-lines',
  },
  'tls-to-mutual': {
    files: {
      'manifests.yaml': `apiVersion: core.riptides.io/v1alpha1
kind: Service
metadata:
  name: strict
spec:
  addresses:
    - address: strict.internal
      port: 443
  labels:
    app: strict
---
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata:
  name: client
spec:
  workloadID: client
  selectors:
    - process:name: client
  egress:
    - selectors:
        - app: strict
      connection:
        tls:
          mode: SIMPLE
    - selectors:
        - app: open
      connection:
        tls:
          mode: SIMPLE
---
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata:
  name: strict
spec:
  workloadID: strict
  selectors:
    - process:name: strict
  connection:
    tls:
      mode: MUTUAL
`,
      'scenario.yaml': `apiVersion: sim.riptides.io/v1alpha1
kind: Scenario
metadata:
  name: tls-to-mutual
spec:
  trustDomain: example.com
  workloads:
    - name: client
      attributes:
        process:name: client
    - name: strict
      attributes:
        process:name: strict
      listen:
        - address: strict.internal
          port: 443
`,
    },
    args: explain('client', 'strict.internal:443'),
    exit: 0,
    show: 'code-lines',
  },
  'identity-mismatch': {
    files: {
      'manifests.yaml': `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata:
  name: a
spec:
  workloadID: a
  selectors:
    - process:name: a
---
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata:
  name: b
spec:
  workloadID: b
  selectors:
    - process:name: b
`,
      'scenario.yaml': `apiVersion: sim.riptides.io/v1alpha1
kind: Scenario
metadata:
  name: identity-mismatch
spec:
  trustDomain: example.com
  workloads:
    - name: a
      attributes:
        process:name: a
    - name: spoof
      attributes:
        process:name: b
      announces: spiffe://example.com/payments
      listen:
        - address: spoof.internal
          port: 80
`,
    },
    args: explain('a', 'spoof.internal:80'),
    exit: 0,
    show: 'code-lines',
  },
  'permissive-fallback': {
    files: {
      'manifests.yaml': `apiVersion: core.riptides.io/v1alpha1
kind: Service
metadata:
  name: legacy-db
spec:
  addresses:
    - address: legacy-db.internal
      port: 5432
  labels:
    app: legacy-db
---
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata:
  name: permissive-caller
spec:
  workloadID: permissive-caller
  selectors:
    - process:name: permissive-caller
  egress:
    - selectors:
        - app: legacy-db
      connection:
        tls:
          mode: PERMISSIVE
      allowedSPIFFEIDs:
        - spiffe://example.com/legacy-db
`,
      'scenario.yaml': `apiVersion: sim.riptides.io/v1alpha1
kind: Scenario
metadata:
  name: permissive-fallback
spec:
  trustDomain: example.com
  workloads:
    - name: permissive-caller
      attributes:
        process:name: permissive-caller
`,
    },
    args: explain('permissive-caller', 'legacy-db.internal:5432'),
    exit: 0,
    show: 'code-lines',
  },
  'ingress-not-applied-implicit': {
    files: {
      'manifests.yaml': `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata:
  name: server
spec:
  workloadID: server
  selectors:
    - process:name: server
  connection:
    tls:
      mode: MUTUAL
  ingress:
    - port: 8000
      allowedSPIFFEIDs:
        - spiffe://example.com/friend
---
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata:
  name: stranger
spec:
  workloadID: stranger
  selectors:
    - process:name: stranger
`,
      'scenario.yaml': `apiVersion: sim.riptides.io/v1alpha1
kind: Scenario
metadata:
  name: ingress-not-applied-implicit
spec:
  trustDomain: example.com
  workloads:
    - name: server
      attributes:
        process:name: server
      listen:
        - address: server.internal
          port: 8000
        - address: server.internal
          port: 9000
    - name: stranger
      attributes:
        process:name: stranger
`,
    },
    args: explain('stranger', 'server.internal:8000'),
    exit: 0,
    show: 'code-lines',
  },
  'inbound-not-checked-tls': {
    files: {
      'manifests.yaml': `apiVersion: core.riptides.io/v1alpha1
kind: Service
metadata:
  name: open
spec:
  addresses:
    - address: open.internal
      port: 443
  labels:
    app: open
---
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata:
  name: client
spec:
  workloadID: client
  selectors:
    - process:name: client
  egress:
    - selectors:
        - app: strict
      connection:
        tls:
          mode: SIMPLE
    - selectors:
        - app: open
      connection:
        tls:
          mode: SIMPLE
---
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata:
  name: open
spec:
  workloadID: open
  selectors:
    - process:name: open
  allowedSPIFFEIDs:
    inbound:
      - spiffe://example.com/someone-else
`,
      'scenario.yaml': `apiVersion: sim.riptides.io/v1alpha1
kind: Scenario
metadata:
  name: inbound-not-checked-tls
spec:
  trustDomain: example.com
  workloads:
    - name: client
      attributes:
        process:name: client
    - name: open
      attributes:
        process:name: open
      listen:
        - address: open.internal
          port: 443
`,
    },
    args: explain('client', 'open.internal:443'),
    exit: 0,
    show: 'code-lines',
  },
  'ingress-not-checked-tls': {
    files: {
      'manifests.yaml': `apiVersion: core.riptides.io/v1alpha1
kind: Service
metadata:
  name: api
spec:
  addresses:
    - address: api.internal
      port: 8443
  labels:
    app: api
---
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata:
  name: api
spec:
  workloadID: api
  selectors:
    - process:name: api
  connection:
    tls:
      mode: SIMPLE
  ingress:
    - port: 8443
      allowedSPIFFEIDs:
        - spiffe://example.com/trusted
---
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata:
  name: simple-caller
spec:
  workloadID: simple-caller
  selectors:
    - process:name: simple-caller
  egress:
    - selectors:
        - app: api
      connection:
        tls:
          mode: SIMPLE
`,
      'scenario.yaml': `apiVersion: sim.riptides.io/v1alpha1
kind: Scenario
metadata:
  name: ingress-not-checked-tls
spec:
  trustDomain: example.com
  workloads:
    - name: api
      attributes:
        process:name: api
      listen:
        - address: api.internal
          port: 8443
    - name: simple-caller
      attributes:
        process:name: simple-caller
`,
    },
    args: explain('simple-caller', 'api.internal:8443'),
    exit: 0,
    show: 'code-lines',
  },
  'egress-not-checked-plaintext': {
    files: {
      'manifests.yaml': `apiVersion: core.riptides.io/v1alpha1
kind: Service
metadata:
  name: legacy-db
spec:
  addresses:
    - address: legacy-db.internal
      port: 5432
  labels:
    app: legacy-db
---
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata:
  name: permissive-caller
spec:
  workloadID: permissive-caller
  selectors:
    - process:name: permissive-caller
  egress:
    - selectors:
        - app: legacy-db
      connection:
        tls:
          mode: PERMISSIVE
      allowedSPIFFEIDs:
        - spiffe://example.com/legacy-db
`,
      'scenario.yaml': `apiVersion: sim.riptides.io/v1alpha1
kind: Scenario
metadata:
  name: egress-not-checked-plaintext
spec:
  trustDomain: example.com
  workloads:
    - name: permissive-caller
      attributes:
        process:name: permissive-caller
`,
    },
    args: explain('permissive-caller', 'legacy-db.internal:5432'),
    exit: 0,
    show: 'code-lines',
  },
  'outbound-not-checked-plaintext': {
    files: {
      'manifests.yaml': `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata:
  name: restricted
spec:
  workloadID: restricted
  selectors:
    - process:name: restricted
  allowedSPIFFEIDs:
    outbound:
      - spiffe://example.com/good
`,
      'scenario.yaml': `apiVersion: sim.riptides.io/v1alpha1
kind: Scenario
metadata:
  name: outbound-not-checked-plaintext
spec:
  trustDomain: example.com
  workloads:
    - name: restricted
      attributes:
        process:name: restricted
`,
    },
    args: explain('restricted', 'anon.internal:443'),
    exit: 0,
    show: 'code-lines',
  },
  'inbound-not-checked-plaintext': {
    files: {
      'manifests.yaml': `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata:
  name: door
spec:
  workloadID: door
  selectors:
    - process:name: door
  connection:
    tls:
      mode: PERMISSIVE
  allowedSPIFFEIDs:
    inbound:
      - spiffe://example.com/trusted
  ingress:
    - port: 9000
      allowedSPIFFEIDs:
        - spiffe://example.com/trusted
`,
      'scenario.yaml': `apiVersion: sim.riptides.io/v1alpha1
kind: Scenario
metadata:
  name: inbound-not-checked-plaintext
spec:
  trustDomain: example.com
  workloads:
    - name: door
      attributes:
        process:name: door
      listen:
        - address: door.internal
          port: 9000
    - name: legacy
      attributes:
        process:name: curl
`,
    },
    args: explain('legacy', 'door.internal:9000'),
    exit: 0,
    show: 'code-lines',
  },
  'ingress-not-checked-plaintext': {
    files: {
      'manifests.yaml': `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata:
  name: door
spec:
  workloadID: door
  selectors:
    - process:name: door
  connection:
    tls:
      mode: PERMISSIVE
  allowedSPIFFEIDs:
    inbound:
      - spiffe://example.com/trusted
  ingress:
    - port: 9000
      allowedSPIFFEIDs:
        - spiffe://example.com/trusted
`,
      'scenario.yaml': `apiVersion: sim.riptides.io/v1alpha1
kind: Scenario
metadata:
  name: ingress-not-checked-plaintext
spec:
  trustDomain: example.com
  workloads:
    - name: door
      attributes:
        process:name: door
      listen:
        - address: door.internal
          port: 9000
    - name: legacy
      attributes:
        process:name: curl
`,
    },
    args: explain('legacy', 'door.internal:9000'),
    exit: 0,
    show: 'code-lines',
  },
};
