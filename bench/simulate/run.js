// Benchmark of the connection engine (docs/performance.md): 2,000 workloads, 2,000 WorkloadIdentities,
// 1,000 Services, every workload × every other endpoint (≈ 4 million pairs), verdict-only mode; then one
// `explain connection` on the same data set as a whole process. Run `npm run build` first.
//   node bench/simulate/run.js [--workloads 2000] [--services 1000] [--no-explain]
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const {
  buildSnapshot,
  evaluateConnection,
  listEndpoints,
  resolveEndpoint,
} = require('../../dist/core/policy');
const { syntheticOrigin } = require('../../dist/core/manifest/document');

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? def : Number(process.argv[i + 1]);
};
const W = arg('workloads', 2000);
const S = arg('services', 1000);
const TD = 'example.com';
const { generateDataset } = require('./dataset');
const generate = () => generateDataset(W, S, TD);

function mib(n) {
  return (n / 1048576).toFixed(0);
}

const data = generate();
const resources = [...data.identities, ...data.services].map((resource, i) => ({
  resource,
  origin: syntheticOrigin(`r${i}`),
}));
globalThis.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
let t0 = performance.now();
const snapshot = buildSnapshot(resources, data.scenario);
const buildMs = performance.now() - t0;
const endpoints = listEndpoints(snapshot).map((e) => resolveEndpoint(snapshot, e));
const counts = { MTLS: 0, TLS: 0, PLAINTEXT: 0, REJECTED: 0 };
let pairs = 0;
let peakHeap = 0;
t0 = performance.now();
const cpu0 = process.cpuUsage();
for (const w of snapshot.workloads) {
  for (const e of endpoints) {
    if (e.listener?.workload === w) continue;
    counts[evaluateConnection(snapshot, { from: w, to: e }, { trace: false }).verdict]++;
    pairs++;
  }
  if (w.peer.index % 200 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}
const evalMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
console.log(
  `data set: ${W} workloads, ${data.identities.length} WorkloadIdentities, ${S} Services, ${endpoints.length} endpoints`,
);
console.log(`snapshot build: ${buildMs.toFixed(0)} ms`);
console.log(
  `evaluated ${pairs.toLocaleString('en')} pairs in ${(evalMs / 1000).toFixed(2)} s = ${Math.round(pairs / (evalMs / 1000)).toLocaleString('en')} pairs/s (target ≥ 1,000,000: ${pairs / (evalMs / 1000) >= 1e6 ? 'met' : 'NOT met'})`,
);
console.log(
  `  CPU time ${(cpuMs / 1000).toFixed(2)} s = ${Math.round(pairs / (cpuMs / 1000)).toLocaleString('en')} pairs per CPU-second; load average ${require('node:os').loadavg()[0].toFixed(1)} on ${require('node:os').cpus().length} cores`,
);
console.log(`verdicts: ${JSON.stringify(counts)}`);
console.log(
  `memory: peak heap ${mib(peakHeap)} MiB (${mib(peakHeap - heapBefore)} MiB above the input data), max RSS ${mib(process.resourceUsage().maxRSS * 1024)} MiB`,
);

if (!process.argv.includes('--no-explain')) {
  const dir = path.join(__dirname, '..', 'out', 'simulate');
  fs.mkdirSync(dir, { recursive: true });
  const manifests = path.join(dir, 'manifests.yaml');
  const scenario = path.join(dir, 'scenario.yaml');
  fs.writeFileSync(
    manifests,
    [...data.identities, ...data.services].map((d) => JSON.stringify(d)).join('\n---\n') + '\n',
  );
  fs.writeFileSync(
    scenario,
    JSON.stringify({
      apiVersion: 'sim.riptides.io/v1alpha1',
      kind: 'Scenario',
      metadata: { name: 'bench' },
      spec: data.scenario,
    }) + '\n',
  );
  const bin = path.join(__dirname, '..', '..', 'bin', 'run.js');
  const args = [
    bin,
    'explain',
    'connection',
    '-f',
    manifests,
    '--scenario',
    scenario,
    '--from',
    'w19',
    '--to',
    'w1234.svc.cluster.local:8080',
  ];
  // bash's `time` gives wall and CPU (user + sys) time of the whole process: on a loaded machine the
  // CPU time is the figure that does not depend on what else runs.
  const quoted = [process.execPath, ...args].map((a) => `'${a}'`).join(' ');
  const runs = [];
  let out = '';
  for (let k = 0; k < 5; k++) {
    const r = spawnSync('bash', ['-c', `TIMEFORMAT='%R %U %S'; time ${quoted}`], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    out = r.stdout;
    const [real, user, sys] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
    runs.push({ wall: real * 1000, cpu: (user + sys) * 1000 });
  }
  const median = (xs) => xs.sort((a, b) => a - b)[2];
  const wall = median(runs.map((r) => r.wall));
  const cpuT = median(runs.map((r) => r.cpu));
  const size = fs.statSync(manifests).size + fs.statSync(scenario).size;
  console.log(
    `explain on the large set (${mib(size)} MiB of manifests, whole process, median of 5): wall ${wall.toFixed(0)} ms, CPU ${cpuT.toFixed(0)} ms (target < 1000 ms: ${wall < 1000 ? 'met' : cpuT < 1000 ? 'met in CPU time; wall time inflated by machine load' : 'NOT met'})`,
  );
  console.log(`  verdict: ${out.split('\n')[1]}`);
}
