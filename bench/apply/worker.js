#!/usr/bin/env node
'use strict';
// The apply worker thread of `controlplane serve` (docs/controlplane.md), A/B: two control planes,
// one with the worker and one with RIPTIDES_NO_WORKERS=1, each sent 10,000 new WorkloadIdentities as
// 20 POST /v1/apply of 500 (an Idempotency-Key each, N in flight as ctl apply keeps them), the two in
// turns. Prints the wall time of the 20 batches and the server's CPU time (both threads), medians.
// Usage: npm run build && node bench/apply/worker.js [--rounds N] [--in-flight N]
require('../need-node');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { benchDirs, startServe } = require('../serve');
const { doc } = require('./doc');

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'run.js');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const ROUNDS = arg('--rounds', 9);
const IN_FLIGHT = arg('--in-flight', 4);
const { Agent, request } = require(path.join(ROOT, 'node_modules', 'undici'));

/** CPU time (ms) of a process so far, all its threads, from /proc. */
function cpuOf(pid) {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}

async function start(name, extraEnv) {
  const { work, env } = benchDirs(`riptides-bench-worker-${name}-`);
  const { child, info } = await startServe({
    bin: BIN,
    dataDir: path.join(work, 'cp'),
    env: { ...env, ...extraEnv },
  });
  const agent = new Agent({ connect: { ca: fs.readFileSync(info.caFile) } });
  const token = fs.readFileSync(info.tokenFile, 'utf8').trim();
  return { name, child, info, agent, token, walls: [], cpus: [] };
}

function bodies(ns) {
  const out = [];
  for (let s = 0; s < 10000; s += 500) {
    const items = [];
    for (let i = s; i < s + 500; i++) items.push(doc(ns, i));
    out.push(JSON.stringify({ items }));
  }
  return out;
}

async function applyAll(server, ns) {
  const batches = bodies(ns);
  const cpu0 = cpuOf(server.child.pid);
  const t0 = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < batches.length) {
      const body = batches[next++];
      const res = await request(`${server.info.url}/v1/apply`, {
        method: 'POST',
        dispatcher: server.agent,
        headers: {
          authorization: `Bearer ${server.token}`,
          'content-type': 'application/json',
          'idempotency-key': crypto.randomUUID(),
        },
        body,
      });
      const text = await res.body.text();
      if (res.statusCode !== 200) throw new Error(`${server.name}: ${res.statusCode} ${text.slice(0, 300)}`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  server.walls.push(performance.now() - t0);
  server.cpus.push(cpuOf(server.child.pid) - cpu0);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

(async () => {
  const servers = [await start('worker', {}), await start('no-worker', { RIPTIDES_NO_WORKERS: '1' })];
  // The worker starts after the routes are ready: let it (and the machine) settle.
  await new Promise((r) => setTimeout(r, 1000));
  for (let r = 0; r < ROUNDS; r++) for (const s of servers) await applyAll(s, `round-${r}`);
  console.log(
    `20 POST /v1/apply of 500 new WorkloadIdentities, ${IN_FLIGHT} in flight, an Idempotency-Key each; ${ROUNDS} rounds in turns`,
  );
  for (const s of servers) {
    console.log(
      `${s.name.padEnd(10)} wall median ${median(s.walls).toFixed(0).padStart(4)} ms   server CPU median ${String(median(s.cpus)).padStart(4)} ms   | wall ${s.walls.map((w) => w.toFixed(0)).join(' ')}`,
    );
  }
  const [w, n] = servers;
  console.log(`worker / no worker, wall: ${(median(w.walls) / median(n.walls)).toFixed(2)}`);
  for (const s of servers) {
    await s.agent.close();
    s.child.kill('SIGTERM');
    await new Promise((r) => s.child.once('exit', r));
  }
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
