#!/usr/bin/env node
'use strict';
// Whole-process time of one online command (default `ctl get workloadidentities -A -o json`) from two
// builds of riptides-cli, run in turns against one control plane served by the second build and
// holding examples/quickstart: medians of wall and CPU time (user + system, through bash's `times`).
// Both checkouts must be built (`npm run build`). Two warm-up runs each first (the code cache).
// `--latency MS`: the commands reach the control plane through bench/apply/latency-proxy.js, MS each
// way (a remote control plane). A word QUICKSTART in --cmd stands for the examples/quickstart path.
//   node bench/startup/online-ab.js BASE_CHECKOUT [NEW_CHECKOUT (this one)] [--runs N] [--cmd "ctl get …"] [--latency MS]
require('../need-node');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { behindLatency, benchDirs, startServe, timedRun } = require('../serve');

const argv = process.argv.slice(2);
const option = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const positional = argv.filter((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));
if (positional.length < 1) {
  console.error('usage: node bench/startup/online-ab.js BASE_CHECKOUT [NEW_CHECKOUT] [--runs N] [--cmd "…"]');
  process.exit(2);
}
const builds = {
  base: path.resolve(positional[0]),
  new: path.resolve(positional[1] ?? path.join(__dirname, '..', '..')),
};
const RUNS = Number(option('--runs', 12));
const LATENCY_MS = Number(option('--latency', 0));
const CMD = option('--cmd', 'ctl get workloadidentities -A -o json')
  .split(' ')
  .map((word) => (word === 'QUICKSTART' ? path.join(builds.new, 'examples', 'quickstart') : word));

const { work, env } = benchDirs('riptides-online-ab-');

/** One run: [wall ms, CPU ms]. */
function run(root, ctlEnv) {
  const r = timedRun([process.execPath, path.join(root, 'bin', 'run.js'), ...CMD], { env: ctlEnv });
  if (r.status !== 0)
    throw new Error(`${root}: ${CMD.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 400)}`);
  return [r.wallMs, r.cpuMs];
}

const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];

async function main() {
  const { child: serve, info } = await startServe({
    bin: path.join(builds.new, 'bin', 'run.js'),
    dataDir: path.join(work, 'cp'),
    env,
  });
  const ctlEnv = {
    ...env,
    RIPTIDES_SERVER: info.url,
    RIPTIDES_TOKEN: fs.readFileSync(info.tokenFile, 'utf8').trim(),
    RIPTIDES_CA_FILE: info.caFile,
  };
  const quickstart = path.join(builds.new, 'examples', 'quickstart');
  const applied = spawnSync(
    process.execPath,
    [path.join(builds.new, 'bin', 'run.js'), 'ctl', 'apply', '-f', quickstart],
    {
      env: ctlEnv,
      encoding: 'utf8',
    },
  );
  if (applied.status !== 0) throw new Error(`ctl apply -f ${quickstart}: ${applied.stderr}`);
  if (LATENCY_MS > 0) ctlEnv.RIPTIDES_SERVER = await behindLatency(info.url, LATENCY_MS);
  console.log(
    `${CMD.join(' ')}: ${RUNS} runs of each build in turns${LATENCY_MS > 0 ? `, ${LATENCY_MS} ms each way` : ''} (load average ${os.loadavg()[0].toFixed(1)})`,
  );
  for (let i = 0; i < 2; i++) for (const root of Object.values(builds)) run(root, ctlEnv);
  const times = { base: [], new: [] };
  for (let i = 0; i < RUNS; i++)
    for (const [name, root] of Object.entries(builds)) times[name].push(run(root, ctlEnv));
  for (const [name, xs] of Object.entries(times)) {
    console.log(
      `${name.padEnd(4)} ${builds[name]}: wall median ${median(xs.map((x) => x[0])).toFixed(0)} ms, CPU median ${median(xs.map((x) => x[1])).toFixed(0)} ms`,
    );
  }
  serve.kill('SIGTERM');
  await new Promise((resolve) => serve.on('exit', resolve));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
