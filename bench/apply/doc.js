'use strict';
// The WorkloadIdentity the apply benchmarks write (bench/apply/run.js, bench/apply/parts.js).

/** Identity number `i` in namespace `ns`. */
function doc(ns, i) {
  const name = `wi-${String(i).padStart(6, '0')}`;
  return {
    apiVersion: 'core.riptides.io/v1alpha1',
    kind: 'WorkloadIdentity',
    metadata: { name, namespace: ns, labels: { app: `app-${i % 50}`, tier: i % 2 ? 'backend' : 'frontend' } },
    spec: {
      workloadID: `bench/${ns}/${name}`,
      // One workload per identity (shared selectors would make the identities ambiguous, which
      // validation reports and is not what a large deployment looks like).
      selectors: [{ 'k8s:label:app': name, 'k8s:pod:namespace': ns }],
      connection: { tls: { mode: 'MUTUAL' } },
      allowedSPIFFEIDs: { inbound: [`spiffe://example.com/bench/${ns}/wi-000000`] },
    },
  };
}

module.exports = { doc };
