#!/usr/bin/env node
'use strict';
// Benchmarks of observed flows (docs/performance.md), each as a whole process where the target says so:
//   1. simulate --flows over 1,000,000 NDJSON flows of the 2,000-workload set and of the quickstart
//      (wall and CPU time, peak RSS; target ≥ 250,000 flows/s, ≤ 200 MB),
//   2. explain connection --flow FILE:LINE near the end of the large file (target < 1 s),
//   3. POST /v1/flows over HTTPS to `controlplane serve`, batches of 5,000 (target ≥ 50,000 flows/s),
//      on SQLite and on PostgreSQL (`--datastore`, a server started for the run), with the CPU time of
//      the serve process (and of PostgreSQL's processes) over the run.
// Usage: npm run build && node bench/flows/run.js [--count 1000000] [--post 200000] [--skip-generate]
//        [--post-only | --no-post] [--stores sqlite,postgres] [--connections 2] [--root DIR]
// RIPTIDES_FLOW_THREADS=1 in the environment measures the one-thread replay.
require('../need-node');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Agent, request } = require('undici');
const { largeSet, quickstartSet, writeFlows } = require('./generate');

const ROOT = path.resolve(__dirname, '..', '..');
// --root DIR: the built checkout whose bin/run.js to measure (A/B against another checkout, e.g. main).
const BIN = path.join(path.resolve(argValue('root') ?? ROOT), 'bin', 'run.js');
const OUT = path.join(ROOT, 'bench', 'out', 'flows');
// --connections N: concurrent POSTs (daemons post independently; default 2).
const CONNECTIONS = Number(argValue('connections') ?? 2);
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? def : Number(process.argv[i + 1]);
};
const COUNT = arg('count', 1_000_000);
const POST = arg('post', 200_000);

/** wall s, CPU s (user + sys), peak RSS MiB of one whole process (GNU time). */
function timed(args) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 1 << 30,
  });
  const [wall, user, sys, rss] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { wall, cpu: user + sys, rssMiB: rss / 1024, status: r.status, stdout: r.stdout };
}

const fmt = (n) => Math.round(n).toLocaleString('en');

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const sets = { large: largeSet(), quickstart: await quickstartSet() };
  const manifests = {
    large: path.join(OUT, 'large-manifests.yaml'),
    quickstart: path.join(ROOT, 'examples', 'quickstart'),
  };
  fs.writeFileSync(manifests.large, sets.large.docs.map((d) => JSON.stringify(d)).join('\n---\n') + '\n');
  for (const name of process.argv.includes('--post-only') ? [] : ['large', 'quickstart']) {
    const file = path.join(OUT, `${name}-${COUNT}.ndjson`);
    const statsFile = `${file}.stats.json`;
    if (!process.argv.includes('--skip-generate') || !fs.existsSync(statsFile))
      fs.writeFileSync(
        statsFile,
        JSON.stringify(writeFlows(file, { ...sets[name], count: COUNT, drift: 0.05 })),
      );
    const stats = JSON.parse(fs.readFileSync(statsFile, 'utf8'));
    const size = fs.statSync(file).size;
    const t = timed(['simulate', '-f', manifests[name], '--flows', file, '-o', 'json']);
    const j = JSON.parse(t.stdout);
    console.log(
      `simulate --flows, ${name} set, ${fmt(j.flows.total)} flows (${(size / 1048576).toFixed(0)} MiB): wall ${t.wall.toFixed(2)} s = ${fmt(j.flows.total / t.wall)} flows/s, CPU ${t.cpu.toFixed(2)} s = ${fmt(j.flows.total / t.cpu)} flows per CPU-second, peak RSS ${t.rssMiB.toFixed(0)} MiB; ${fmt(j.flows.evaluations)} evaluations, status ${JSON.stringify(j.summary.status)}`,
    );
    // The replay must give exactly the generator's counts (each flow's pair evaluated alone).
    const same =
      j.summary.status.drift === stats.drift &&
      JSON.stringify(j.summary.predicted) === JSON.stringify(stats.predicted) &&
      j.flows.total === stats.flows;
    console.log(`  counts equal the generator's per-flow evaluation: ${same ? 'yes' : 'NO'}`);
    // What does not depend on the number of flows: start-up, manifests, one evaluation, the report.
    const one = `${file}.first`;
    const head = Buffer.alloc(65536);
    const fd1 = fs.openSync(file, 'r');
    const got1 = fs.readSync(fd1, head, 0, head.length, 0);
    fs.closeSync(fd1);
    fs.writeFileSync(one, head.toString('utf8', 0, got1).split('\n')[0] + '\n');
    const f1 = timed(['simulate', '-f', manifests[name], '--flows', one, '-o', 'json']);
    console.log(
      `  the same command over its first flow only: wall ${f1.wall.toFixed(2)} s, CPU ${f1.cpu.toFixed(2)} s, peak RSS ${f1.rssMiB.toFixed(0)} MiB`,
    );
    if (name === 'large') {
      const e = timed([
        'explain',
        'connection',
        '-f',
        manifests.large,
        '--flow',
        `${file}:${COUNT - 1}`,
        '-o',
        'json',
      ]);
      console.log(
        `explain --flow ${path.basename(file)}:${COUNT - 1} (whole process): wall ${(e.wall * 1000).toFixed(0)} ms, CPU ${(e.cpu * 1000).toFixed(0)} ms, status ${JSON.parse(e.stdout).status}`,
      );
    }
  }
  console.log(`load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`);

  // 3. ingestion over HTTPS, on SQLite and on PostgreSQL (three replicas' worth of work through one)
  if (process.argv.includes('--no-post')) return;
  const postFile = path.join(OUT, `post-${POST}.ndjson`);
  if (!fs.existsSync(postFile)) writeFlows(postFile, { ...sets.large, count: POST, drift: 0.05 });
  const lines = fs
    .readFileSync(postFile, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
  const stores = (argValue('stores') ?? 'sqlite,postgres').split(',');
  for (const store of stores) await ingest(store, lines);
  console.log(`load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`);
}

function argValue(name) {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
}

/** CPU seconds (user + sys) of these processes so far (Linux /proc; 100 ticks a second). */
function cpuOf(pids) {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // exited
    }
  }
  return ticks / 100;
}

/** The PostgreSQL server's processes (the postmaster listening on `port` and its children). */
function postgresPids(port) {
  const all = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  const cmd = (pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      return [];
    }
  };
  const master = all.find((pid) => {
    const c = cmd(pid);
    return path.basename(c[0] ?? '') === 'postgres' && c.includes(String(port));
  });
  if (!master) return [];
  const children = all.filter((pid) => {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1] === master;
    } catch {
      return false;
    }
  });
  return [master, ...children];
}

/** POST the lines in NDJSON batches of 5,000 over CONNECTIONS connections to a `controlplane serve` on `store`. */
async function ingest(store, lines) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'riptides-bench-flows-'));
  let pg;
  const extra = [];
  const env = { ...process.env, NO_COLOR: '1' };
  if (store === 'postgres') {
    const { startPostgres } = require('../../test/helpers/postgres-server');
    pg = await startPostgres();
    extra.push('--datastore', pg.url);
    env.PGPASSWORD = pg.password;
  }
  const child = spawn(
    process.execPath,
    [
      // BENCH_SERVE_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" profiles the serve process.
      ...(process.env.BENCH_SERVE_NODE_ARGS ?? '').split(' ').filter(Boolean),
      BIN,
      'controlplane',
      'serve',
      '--listen',
      '127.0.0.1:0',
      '--data-dir',
      work,
      '-o',
      'json',
      '--flow-retention',
      `count=${POST * 2}`,
      ...extra,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env },
  );
  const info = await new Promise((resolve) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(JSON.parse(out.slice(0, out.indexOf('\n'))));
    });
  });
  const agent = new Agent({
    connect: { ca: fs.readFileSync(info.caFile, 'utf8') },
    connections: CONNECTIONS,
  });
  const token = info.adminToken ?? fs.readFileSync(info.tokenFile, 'utf8').trim();
  const bodies = [];
  for (let i = 0; i < lines.length; i += 5000) bodies.push(lines.slice(i, i + 5000).join('\n') + '\n');
  const post = async (body) => {
    const r = await request(`${info.url}/v1/flows`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
      body,
      dispatcher: agent,
    });
    const j = await r.body.json();
    if (r.statusCode !== 200 || j.rejected) throw new Error(`POST /v1/flows: ${r.statusCode}`);
    return j.accepted;
  };
  await post(bodies[0]); // warm-up (TLS, JIT, the pool's connections)
  const pgPids = pg ? postgresPids(pg.port) : [];
  const cpu0 = cpuOf([child.pid]);
  const pgCpu0 = cpuOf(pgPids);
  const t0 = performance.now();
  let accepted = 0;
  let next = 1;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < bodies.length) {
        const n = await post(bodies[next++]);
        accepted += n;
      }
    }),
  );
  const s = (performance.now() - t0) / 1000;
  const serverCpu = cpuOf([child.pid]) - cpu0;
  const pgCpu = pg ? Math.max(0, cpuOf(postgresPids(pg.port)) - pgCpu0) : 0;
  console.log(
    `POST /v1/flows over HTTPS on ${store}, NDJSON batches of 5,000, ${CONNECTIONS} connections: ${fmt(accepted)} flows in ${s.toFixed(2)} s = ${fmt(accepted / s)} flows/s; server CPU ${serverCpu.toFixed(2)} s = ${fmt(accepted / serverCpu)} flows per CPU-second${pg ? `; PostgreSQL CPU ${pgCpu.toFixed(2)} s (${fmt(accepted / (serverCpu + pgCpu))} flows per CPU-second of both)` : ''}`,
  );
  await agent.close();
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  pg?.stop();
  fs.rmSync(work, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
