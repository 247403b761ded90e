/**
 * The generated repository of the rule-pass benchmarks: apps in 50 namespaces, each with a
 * WorkloadIdentity (2 egress rules, inbound and ingress lists) and a Service; one Scenario with a
 * listening workload for every tenth app. About 1% of identities are PERMISSIVE (a few findings).
 */
'use strict';

/** A realistic set: apps in namespaces, each with an identity and a Service; callers reach 2 services. */
function generate(docCount) {
  const apps = Math.floor((docCount - 1) / 2);
  const ns = (i) => `team-${i % 50}`;
  const td = 'example.com';
  const parts = [];
  const workloads = [];
  for (let i = 0; i < apps; i++) {
    const a = `app-${i}`;
    const callees = [(i + 1) % apps, (i + 7) % apps];
    const callers = [(i - 1 + apps) % apps, (i - 7 + apps) % apps];
    parts.push(`apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata:
  name: ${a}
  namespace: ${ns(i)}
  labels: {app: ${a}}
spec:
  workloadID: ${ns(i)}/${a}
  selectors:
    - k8s:label:app: ${a}
      k8s:pod:namespace: ${ns(i)}
      process:name: server
  scope:
    daemonGroup:
      id: riptides/daemongroup/prod/${i % 4}
  connection:
    tls:
      mode: ${i % 100 === 0 ? 'PERMISSIVE' : 'MUTUAL'}
  allowedSPIFFEIDs:
    inbound:
${callers.map((c) => `      - spiffe://${td}/${ns(c)}/app-${c}`).join('\n')}
  egress:
${callees
  .map(
    (c) => `    - selectors:
        - app: app-${c}
          tier: backend
      connection:
        tls:
          mode: MUTUAL
      allowedSPIFFEIDs:
        - spiffe://${td}/${ns(c)}/app-${c}`,
  )
  .join('\n')}
  ingress:
    - port: 8443
      allowedSPIFFEIDs:
${callers.map((c) => `        - spiffe://${td}/${ns(c)}/app-${c}`).join('\n')}
`);
    parts.push(`apiVersion: core.riptides.io/v1alpha1
kind: Service
metadata:
  name: ${a}
  namespace: ${ns(i)}
spec:
  addresses:
    - address: ${a}.${ns(i)}.svc.cluster.local
      port: 8443
  labels:
    app: ${a}
    tier: backend
`);
    if (i % 10 === 0)
      workloads.push(`    - name: ${a}
      daemonGroup: riptides/daemongroup/prod/${i % 4}
      attributes: {k8s:label:app: ${a}, k8s:pod:namespace: ${ns(i)}, process:name: server}
      listen: [{address: ${a}.${ns(i)}.svc.cluster.local, port: 8443}]`);
  }
  parts.push(`apiVersion: sim.riptides.io/v1alpha1
kind: Scenario
metadata: {name: bench}
spec:
  trustDomain: ${td}
  workloads:
${workloads.join('\n')}
`);
  // Split into files of 100 documents, as a repository would be.
  const files = [];
  for (let i = 0; i < parts.length; i += 100)
    files.push({ file: `manifests/part-${i / 100}.yaml`, text: parts.slice(i, i + 100).join('---\n') });
  return { files, documents: parts.length };
}

module.exports = { generate };
