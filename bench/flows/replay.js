#!/usr/bin/env node
'use strict';
// The replay loop alone, in-process (no start-up, no manifest loading, no report): reads an NDJSON
// flow file with simulate --flows' own reader into one FlowReplay, several passes over the same
// replay (the first pays the evaluations; later ones are all cache hits: the per-flow cost). CPU time
// from process.cpuUsage. `DIST=/other/checkout/dist` runs another build (A/B in the same session).
//   npm run build && node bench/flows/replay.js MANIFESTS FLOWS.ndjson [passes, default 3]
const path = require('node:path');

const DIST = path.resolve(process.env.DIST || path.join(__dirname, '..', '..', 'dist'));
const { loadPolicyInputs } = require(path.join(DIST, 'cli/load-policy-inputs'));
const { buildSnapshot } = require(path.join(DIST, 'core/policy'));
const { FlowReplay } = require(path.join(DIST, 'core/flows'));
const { replayFlowSource } = require(path.join(DIST, 'cli/simulate-flows'));

// As simulate --flows does (src/cli/simulate-flows.ts): the young generation kept at its initial size
// (RIPTIDES_FLOW_YOUNG_GROWTH=0: V8's default growth).
if (process.env.RIPTIDES_FLOW_YOUNG_GROWTH !== '0')
  require('node:v8').setFlagsFromString('--semi-space-growth-factor=1');

(async () => {
  const [manifests, flows, passes = '3'] = process.argv.slice(2);
  const inputs = await loadPolicyInputs([manifests], {});
  const snapshot = buildSnapshot(inputs.resources, {
    trustDomain: 'example.com',
    workloads: [],
    external: [],
  });
  const replay = new FlowReplay({ current: snapshot });
  let before = 0;
  for (let pass = 1; pass <= Number(passes); pass++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await replayFlowSource(flows, replay);
    const c = process.cpuUsage(c0);
    const cpuMs = (c.user + c.system) / 1000;
    const n = replay.summary.flows - before;
    before = replay.summary.flows;
    console.log(
      `pass ${pass}: ${n} flows, CPU ${cpuMs.toFixed(0)} ms (${((cpuMs * 1000) / n).toFixed(2)} µs a flow, ${Math.round(n / (cpuMs / 1000)).toLocaleString('en')} flows per CPU-second), wall ${(performance.now() - t0).toFixed(0)} ms, evaluations so far ${replay.summary.evaluations}`,
    );
  }
  console.log(`build: ${DIST}`);
})();
