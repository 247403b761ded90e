// The synthetic large manifest set of the engine benchmarks (bench/simulate, bench/flows) and of the
// flow replay tests: W workloads with one WorkloadIdentity each, S Services, a Scenario of the running
// workloads. Deterministic.
'use strict';

const modes = ['MUTUAL', 'SIMPLE', 'PERMISSIVE'];

function generateDataset(W, S, TD) {
  const identities = [];
  const services = [];
  const workloads = [];
  for (let i = 0; i < W; i++) {
    const spec = {
      workloadID: `ns${i % 50}/app${i}`,
      selectors: [
        { 'process:name': `p${i}`, 'k8s:pod:namespace': `ns${i % 50}` },
        { 'k8s:label:app': `app${i}`, 'k8s:sa': `sa${i}` },
      ],
      scope: { daemonGroup: { id: `dg${i % 4}` } },
      egress: [
        { selectors: [{ tier: `t${i % 10}` }], connection: { tls: { mode: modes[i % 3] } } },
        {
          selectors: [{ tier: `t${(i + 3) % 10}`, app: 'shared' }, { app: `s${i % S}` }],
          allowedSPIFFEIDs: [`spiffe://${TD}/ns${(2 * i) % 50}/app${(2 * i) % W}`],
        },
      ],
    };
    if (i % 3 === 0) spec.connection = { tls: { mode: modes[i % 3] } };
    if (i % 7 === 0)
      spec.allowedSPIFFEIDs = {
        inbound: Array.from({ length: 5 }, (_, k) => `spiffe://${TD}/ns${(i + k) % 50}/app${(i + k) % W}`),
      };
    if (i % 11 === 0)
      spec.ingress = [
        { port: 8080, allowedSPIFFEIDs: [`spiffe://${TD}/ns${(i + 1) % 50}/app${(i + 1) % W}`] },
      ];
    identities.push({
      apiVersion: 'core.riptides.io/v1alpha1',
      kind: 'WorkloadIdentity',
      metadata: { name: `app${i}`, namespace: `team${i % 20}` },
      spec,
    });
    // 5% of the workloads are not enrolled (an attribute differs), 2% use another CA.
    const enrolled = i % 20 !== 19;
    workloads.push({
      name: `w${i}`,
      daemonGroup: `dg${i % 4}`,
      attributes: { 'process:name': enrolled ? `p${i}` : `legacy${i}`, 'k8s:pod:namespace': `ns${i % 50}` },
      listen: [{ address: `w${i}.svc.cluster.local`, port: 8080 }],
      ...(i % 50 === 7 ? { trustDomain: 'other.example' } : {}),
    });
  }
  for (let j = 0; j < S; j++) {
    services.push({
      apiVersion: 'core.riptides.io/v1alpha1',
      kind: 'Service',
      metadata: { name: `s${j}` },
      spec: {
        addresses: [
          { address: `w${(2 * j) % W}.svc.cluster.local`, port: 8080 },
          { address: `w${(2 * j + 1) % W}.svc.cluster.local`, port: 8080 },
        ],
        labels: { app: j % 5 === 0 ? 'shared' : `s${j}`, tier: `t${j % 10}` },
      },
    });
  }
  return { identities, services, scenario: { trustDomain: TD, workloads, external: [] } };
}

module.exports = { generateDataset };
