// A/B of the verdict-only engine loop (the hot path of bench/simulate/run.js) for two builds, for
// instruction counts under valgrind, which do not depend on the machine's load (docs/performance.md):
//   valgrind --tool=callgrind --callgrind-out-file=/dev/null node bench/simulate/engine-ab.js DIST [W S REPS]
// DIST is a build's dist/ directory (this checkout's, or main's); the data set is this checkout's
// generator. Run once with REPS=0 to get the start-up and data-set cost to subtract.
'use strict';
const path = require('node:path');
const dist = path.resolve(process.argv[2] ?? path.join(__dirname, '..', '..', 'dist'));
const W = Number(process.argv[3] ?? 400);
const S = Number(process.argv[4] ?? 200);
const reps = Number(process.argv[5] ?? 3);
const { buildSnapshot, evaluateConnection, listEndpoints, resolveEndpoint } = require(
  path.join(dist, 'core/policy'),
);
const { syntheticOrigin } = require(path.join(dist, 'core/manifest/document'));
const { generateDataset } = require('./dataset');

const data = generateDataset(W, S, 'example.com');
const resources = [...data.identities, ...data.services].map((resource, i) => ({
  resource,
  origin: syntheticOrigin(`r${i}`),
}));
const snapshot = buildSnapshot(resources, data.scenario);
const endpoints = listEndpoints(snapshot).map((e) => resolveEndpoint(snapshot, e));
const cpu0 = process.cpuUsage();
let pairs = 0;
let mtls = 0;
for (let r = 0; r < reps; r++)
  for (const w of snapshot.workloads)
    for (const e of endpoints) {
      if (e.listener?.workload === w) continue;
      pairs++;
      if (evaluateConnection(snapshot, { from: w, to: e }, { trace: false }).verdict === 'MTLS') mtls++;
    }
const cpu = process.cpuUsage(cpu0);
console.log(`${dist}: ${pairs} pairs, ${mtls} MTLS, CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms`);
