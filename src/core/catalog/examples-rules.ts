/** Examples of the cross-resource lint rules (RT2xxx): a manifest set that `validate` reports. */
import type { CodeExample } from './types';

export const RULE_EXAMPLES: Record<string, CodeExample> = {
  RT2001: {
    files: {
      'manifests.yaml': `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: frontend, namespace: shop}
spec:
  workloadID: shop/frontend
  selectors:
    - k8s:label:app: frontend
      k8s:pod:namespace: shop
  egress:
    - selectors:
        - app: shop
          service: backend-api   # the Service says "backend"
---
apiVersion: core.riptides.io/v1alpha1
kind: Service
metadata: {name: backend, namespace: shop}
spec:
  addresses: [{address: backend.shop.svc.cluster.local, port: 3000}]
  labels: {app: shop, service: backend}
`,
    },
    args: ['validate', '-f', 'manifests.yaml', '--trust-domain', 'example.com'],
    exit: 0,
  },
  RT2002: {
    files: {
      'manifests.yaml': `apiVersion: core.riptides.io/v1alpha1
kind: Service
metadata: {name: backend, namespace: shop}
spec:
  addresses: [{address: backend.shop.svc.cluster.local, port: 3000}]
  labels: {app: backend}
---
apiVersion: core.riptides.io/v1alpha1
kind: Service
metadata: {name: backend-v2, namespace: shop}
spec:
  addresses:
    - {address: backend-v2.shop.svc.cluster.local, port: 3000}
    - {address: Backend.shop.svc.cluster.local., port: 3000}   # same name: DNS is case-insensitive
  labels: {app: backend, version: v2}
`,
    },
    args: ['validate', '-f', 'manifests.yaml'],
    exit: 1,
  },
  RT2003: {
    files: {
      'manifests.yaml': `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: frontend, namespace: shop}
spec:
  workloadID: shop/frontend
  selectors: [{k8s:label:app: frontend, k8s:pod:namespace: shop}]
---
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: frontend, namespace: shop}
spec:
  workloadID: shop/frontend-v2
  selectors: [{k8s:label:app: frontend-v2, k8s:pod:namespace: shop}]
---
apiVersion: core.riptides.io/v1alpha1
kind: Service
metadata: {name: backend}
spec:
  addresses: [{address: a.internal, port: 1}]
---
apiVersion: core.riptides.io/v1alpha1
kind: Service
metadata: {name: backend, namespace: riptides-system}   # the default namespace, spelled out
spec:
  addresses: [{address: b.internal, port: 1}]
`,
    },
    args: ['validate', '-f', 'manifests.yaml'],
    exit: 1,
  },
  RT2004: {
    files: {
      'manifests.yaml': `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: payments, namespace: shop}
spec:
  workloadID: shop/payments
  selectors: [{k8s:label:app: payments, k8s:pod:namespace: shop}]
  scope: {daemonGroup: {id: prod/eu}}
---
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: payments-canary, namespace: shop}
spec:
  workloadID: shop/payments      # same SPIFFE ID, same daemon group
  selectors: [{k8s:label:app: payments-canary, k8s:pod:namespace: shop}]
  scope: {daemonGroup: {id: prod/eu}}
---
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: payments-eu, namespace: shop}
spec:
  workloadID: shop/refunds
  selectors: [{k8s:label:app: refunds, k8s:pod:namespace: shop}]
---
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: refunds, namespace: shop}
spec:
  workloadID: shop/refunds      # unscoped twice: every daemon
  selectors: [{k8s:label:app: refunds2, k8s:pod:namespace: shop}]
`,
    },
    args: ['validate', '-f', 'manifests.yaml'],
    exit: 1,
  },
  RT2005: {
    files: {
      'manifests.yaml': `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: api, namespace: shop}
spec:
  workloadID: shop/api
  selectors:
    - k8s:label:app: api
      process:name: node
---
# Same number of keys, no key with a different value: a process labelled app=api, running node
# under service account "worker" matches both: a tie.
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: worker, namespace: shop}
spec:
  workloadID: shop/worker
  selectors:
    - k8s:sa: worker
      process:name: node
---
# A catch-all for the namespace: the api process matches it too (the api entry, with more keys, wins).
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: node-in-shop, namespace: shop}
spec:
  workloadID: shop/node
  selectors:
    - k8s:pod:namespace: shop
  scope: {daemonGroup: {id: prod/eu}}
`,
    },
    args: ['validate', '-f', 'manifests.yaml'],
    exit: 0,
  },
  RT2006: {
    files: {
      'manifests.yaml': `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: backend, namespace: shop}
spec:
  workloadID: shop/backend
  selectors: [{k8s:label:app: backend, k8s:pod:namespace: shop}]
  allowedSPIFFEIDs:
    inbound:
      - spiffe://example.org/shop/frontend   # .org, not .com
---
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: frontend, namespace: shop}
spec:
  workloadID: shop/frontend
  selectors: [{k8s:label:app: frontend, k8s:pod:namespace: shop}]
`,
    },
    args: ['validate', '-f', 'manifests.yaml', '--trust-domain', 'example.com'],
    exit: 0,
  },
  RT2007: {
    files: {
      'manifests.yaml': `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: backend, namespace: shop}
spec:
  workloadID: shop/backend
  selectors: [{k8s:label:app: backend, k8s:pod:namespace: shop}]
  allowedSPIFFEIDs:
    inbound:
      - spiffe://example.com/shop/fronted   # typo: frontend
---
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: frontend, namespace: shop}
spec:
  workloadID: shop/frontend
  selectors: [{k8s:label:app: frontend, k8s:pod:namespace: shop}]
`,
    },
    args: ['validate', '-f', 'manifests.yaml', '--trust-domain', 'example.com'],
    exit: 0,
  },
  RT2008: {
    files: {
      'manifests.yaml': `# The frontend calls the backend through a Service and names the backend as its peer; the backend
# admits only the admin tool. And the frontend calls reports, whose ingress list for 9000 excludes it
# (reports is found as the server through the Scenario workload listening on the address).
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: frontend, namespace: shop}
spec:
  workloadID: shop/frontend
  selectors: [{k8s:label:app: frontend, k8s:pod:namespace: shop}]
  egress:
    - selectors: [{service: backend}]
      allowedSPIFFEIDs: [spiffe://example.com/shop/backend]
    - selectors: [{service: reports}]
---
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: backend, namespace: shop}
spec:
  workloadID: shop/backend
  selectors: [{k8s:label:app: backend, k8s:pod:namespace: shop}]
  allowedSPIFFEIDs:
    inbound: [spiffe://example.com/shop/admin]
---
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: reports, namespace: shop}
spec:
  workloadID: shop/reports
  selectors: [{k8s:label:app: reports, k8s:pod:namespace: shop}]
  ingress:
    - port: 9000
      allowedSPIFFEIDs: [spiffe://example.com/shop/admin]
---
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: admin, namespace: shop}
spec:
  workloadID: shop/admin
  selectors: [{k8s:label:app: admin, k8s:pod:namespace: shop}]
---
apiVersion: core.riptides.io/v1alpha1
kind: Service
metadata: {name: backend, namespace: shop}
spec:
  addresses: [{address: backend.shop.svc.cluster.local, port: 3000}]
  labels: {service: backend}
---
apiVersion: core.riptides.io/v1alpha1
kind: Service
metadata: {name: reports, namespace: shop}
spec:
  addresses: [{address: reports.shop.svc.cluster.local, port: 9000}]
  labels: {service: reports}
---
apiVersion: sim.riptides.io/v1alpha1
kind: Scenario
metadata: {name: shop}
spec:
  trustDomain: example.com
  workloads:
    - name: reports
      attributes: {k8s:label:app: reports, k8s:pod:namespace: shop}
      listen: [{address: reports.shop.svc.cluster.local, port: 9000}]
`,
    },
    args: ['validate', '-f', 'manifests.yaml', '--trust-domain', 'example.com'],
    exit: 1,
  },
  RT2009: {
    files: {
      'manifests.yaml': `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: frontend, namespace: shop}
spec:
  workloadID: shop/frontend
  selectors: [{k8s:label:app: frontend, k8s:pod:namespace: shop}]
  allowedSPIFFEIDs:
    outbound: [spiffe://example.com/shop/cache]   # the backend is missing
  egress:
    - selectors: [{service: backend}]
      allowedSPIFFEIDs: [spiffe://example.com/shop/backend]
---
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: backend, namespace: shop}
spec:
  workloadID: shop/backend
  selectors: [{k8s:label:app: backend, k8s:pod:namespace: shop}]
---
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: cache, namespace: shop}
spec:
  workloadID: shop/cache
  selectors: [{k8s:label:app: cache, k8s:pod:namespace: shop}]
---
apiVersion: core.riptides.io/v1alpha1
kind: Service
metadata: {name: backend, namespace: shop}
spec:
  addresses: [{address: backend.shop.svc.cluster.local, port: 3000}]
  labels: {service: backend}
`,
    },
    args: ['validate', '-f', 'manifests.yaml', '--trust-domain', 'example.com'],
    exit: 1,
  },
  RT2010: {
    files: {
      'manifests.yaml': `# Implicit mTLS only (no Service, no egress rule): the per-port list on service-b is never consulted.
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: service-a}
spec:
  workloadID: myapp/service-a
  selectors: [{process:name: service-a, k8s:sa: service-a}]
---
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: service-b}
spec:
  workloadID: myapp/service-b
  selectors: [{process:name: service-b, k8s:sa: service-b}]
  ingress:
    - port: 8443
      allowedSPIFFEIDs: [spiffe://example.com/myapp/service-a]
`,
    },
    args: ['validate', '-f', 'manifests.yaml', '--trust-domain', 'example.com'],
    exit: 0,
  },
  RT2011: {
    files: {
      'manifests.yaml': `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: frontend, namespace: shop}
spec:
  workloadID: shop/frontend
  selectors: [{k8s:label:app: frontend, k8s:pod:namespace: shop}]
  connection: {tls: {mode: PERMISSIVE}}
`,
    },
    args: ['validate', '-f', 'manifests.yaml'],
    exit: 0,
  },
  RT2012: {
    files: {
      'manifests.yaml': `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: checkout, namespace: shop}
spec:
  workloadID: shop/checkout
  selectors: [{k8s:label:app: checkout, k8s:pod:namespace: shop}]
  egress:
    - selectors: [{vendor: stripe}]
      connection: {tls: {mode: SIMPLE}}
      allowedSPIFFEIDs: [spiffe://example.com/stripe]
---
apiVersion: core.riptides.io/v1alpha1
kind: Service
metadata: {name: stripe, namespace: shop}
spec:
  addresses: [{address: api.stripe.com, port: 443}]
  labels: {vendor: stripe}
`,
    },
    args: ['validate', '-f', 'manifests.yaml'],
    exit: 0,
  },
  RT2013: {
    files: {
      'manifests.yaml': `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: service-a}
spec:
  workloadID: myapp/service-a
  selectors:
    - process:name: service-a
`,
    },
    args: ['validate', '-f', 'manifests.yaml'],
    exit: 0,
  },
  RT2015: {
    files: {
      'manifests.yaml': `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: backend, namespace: shop}
spec:
  workloadID: shop/backend
  selectors: [{k8s:label:app: backend, k8s:pod:namespace: shop}]
  ingress:
    - port: 3000
      allowedSPIFFEIDs: [spiffe://example.com/shop/frontend]
    - port: 3000
      allowedSPIFFEIDs: [spiffe://example.com/shop/admin]
`,
    },
    args: ['validate', '-f', 'manifests.yaml'],
    exit: 1,
  },
  RT2016: {
    files: {
      'manifests.yaml': `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: backend, namespace: shop}
spec:
  workloadID: shop/backend
  selectors: [{k8s:label:app: backend, k8s:pod:namespace: shop}]
  allowedSPIFFEIDs:
    inbound: []
`,
    },
    args: ['validate', '-f', 'manifests.yaml'],
    exit: 0,
  },
  RT2017: {
    files: {
      'manifests.yaml': `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata:
  name: frontend
  namespace: shop
  annotations:
    lint.riptides.io/disable: RT2101   # typo for RT2011: nothing is suppressed
spec:
  workloadID: shop/frontend
  selectors: [{k8s:label:app: frontend, k8s:pod:namespace: shop}]
  connection: {tls: {mode: PERMISSIVE}}
`,
    },
    args: ['validate', '-f', 'manifests.yaml'],
    exit: 0,
  },
  RT2018: {
    files: {
      'manifests.yaml': `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: ledger, namespace: bank}
spec:
  workloadID: bank/ledger
  selectors: [{k8s:label:app: ledger, k8s:pod:namespace: bank}]
  connection: {tls: {mode: PERMISSIVE}}
  allowedSPIFFEIDs:
    inbound: [spiffe://example.com/bank/teller]
---
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: vault, namespace: bank}
spec:
  workloadID: bank/vault
  selectors: [{k8s:label:app: vault, k8s:pod:namespace: bank}]
  connection: {tls: {mode: PERMISSIVE}}
  ingress:
    - port: 8200
      allowedSPIFFEIDs: [spiffe://example.com/bank/teller]
---
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: teller, namespace: bank}
spec:
  workloadID: bank/teller
  selectors: [{k8s:label:app: teller, k8s:pod:namespace: bank}]
  egress:
    - selectors: [{app: mainframe}]
      connection: {tls: {mode: PERMISSIVE}}
      allowedSPIFFEIDs: [spiffe://example.com/bank/ledger]
---
apiVersion: core.riptides.io/v1alpha1
kind: Service
metadata: {name: mainframe, namespace: bank}
spec:
  addresses: [{address: mainframe.bank.internal, port: 3270}]
  labels: {app: mainframe}
`,
    },
    args: ['validate', '-f', 'manifests.yaml'],
    exit: 0,
  },
  RT2019: {
    files: {
      'manifests.yaml': `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: backend, namespace: shop}
spec:
  workloadID: shop/backend
  selectors: [{k8s:label:app: backend, k8s:pod:namespace: shop}]
  allowedSPIFFEIDs:
    inbound:
      - spiffe://example.com/shop/frontend
      - spiffe://example.org/shop/frontend   # .org, not .com; no trust domain configured
---
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: frontend, namespace: shop}
spec:
  workloadID: shop/frontend
  selectors: [{k8s:label:app: frontend, k8s:pod:namespace: shop}]
`,
    },
    args: ['validate', '-f', 'manifests.yaml'],
    exit: 0,
  },
};
