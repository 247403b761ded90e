#!/usr/bin/env node
'use strict';
// Two parts of bench/apply measured alone, as CPU time (user + system) so that a loaded machine
// disturbs them less than wall-clock figures:
//   1. ctl apply's local checks before anything is sent: read + parse + schemas + the duplicate
//      check (loadResourcesForApply), then the rules against an empty live state (lintAgainstLive),
//      each in a fresh process (as ctl runs them: once, cold);
//   2. the server's Idempotency-Key fingerprint of ctl apply's batches: canonicalJson over N
//      documents as batches of 500.
// With --baseline DIR (another built checkout, e.g. /work/main) both checkouts run alternately.
// Usage: npm run build && node bench/apply/parts.js [--count 10000] [--runs 8] [--baseline DIR]
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const COUNT = Number(arg('--count', 10000));
const RUNS = Number(arg('--runs', 8));
const ROOTS = [path.resolve(__dirname, '..', '..'), arg('--baseline')].filter(Boolean);

const { doc } = require('./doc');

// One run in a child process: prints {load, live, fingerprint} in ms of CPU.
const CHILD = `
const [root, dir, count] = process.argv.slice(1);
const { loadResourcesForApply, lintAgainstLive } = require(root + '/dist/cli/load-resources-for-apply.js');
const { canonicalJson } = require(root + '/dist/server/writes.js');
const ms = (u) => (u.user + u.system) / 1000;
(async () => {
  const t0 = process.cpuUsage();
  const input = await loadResourcesForApply([dir], { rules: false, cwd: dir });
  const load = ms(process.cpuUsage(t0));
  const t1 = process.cpuUsage();
  lintAgainstLive(input, input.resources, { resources: [], trustDomain: 'example.com' }, dir);
  const live = ms(process.cpuUsage(t1));
  if (input.resources.length !== Number(count) || input.report.summary.errors !== 0) throw new Error('unexpected input');
  const batches = [];
  for (let i = 0; i < input.resources.length; i += 500)
    batches.push(JSON.parse(JSON.stringify({ items: input.resources.slice(i, i + 500).map((r) => r.data) })));
  const t2 = process.cpuUsage();
  for (const b of batches) canonicalJson(b);
  console.log(JSON.stringify({ load, live, fingerprint: ms(process.cpuUsage(t2)) }));
})();
`;

function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'riptides-bench-parts-'));
  process.on('exit', () => fs.rmSync(work, { recursive: true, force: true }));
  const yaml = require('yaml');
  const docs = [];
  for (let i = 0; i < COUNT; i++) docs.push(yaml.stringify(doc('parts', i)));
  fs.writeFileSync(path.join(work, 'all.yaml'), docs.join('---\n'));
  console.log(
    `riptides-cli bench/apply/parts: ${COUNT.toLocaleString('en-US')} WorkloadIdentities, ${RUNS} runs per checkout, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const results = new Map(ROOTS.map((r) => [r, []]));
  for (let run = 0; run < RUNS; run++) {
    for (const root of ROOTS) {
      const child = spawnSync(process.execPath, ['-e', CHILD, root, work, String(COUNT)], {
        encoding: 'utf8',
      });
      if (child.status !== 0) throw new Error(`${root}: ${child.stderr}`);
      results.get(root).push(JSON.parse(child.stdout.trim().split('\n').pop()));
    }
  }
  const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const [root, runs] of results) {
    const m = (k) => median(runs.map((r) => r[k])).toFixed(0);
    const total = median(runs.map((r) => r.load + r.live)).toFixed(0);
    console.log(
      `${root}\n  local checks: ${total} ms CPU (load + duplicate check ${m('load')} ms, rules against the live state ${m('live')} ms)\n  Idempotency-Key fingerprint of ${COUNT.toLocaleString('en-US')} documents: ${m('fingerprint')} ms CPU`,
    );
  }
  console.log(
    `load average at the end ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (medians of ${RUNS} runs)`,
  );
}

main();
