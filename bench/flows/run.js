#!/usr/bin/env node
'use strict';
// Benchmarks of observed flows (docs/performance.md), each as a whole process where the target says so:
//   1. simulate --flows over 1,000,000 NDJSON flows of the 2,000-workload set and of the quickstart
//      (wall and CPU time, peak RSS; target ≥ 250,000 flows/s, ≤ 200 MB),
//   2. explain connection --flow FILE:LINE near the end of the large file (target < 1 s),
//   3. POST /v1/flows over HTTPS to `controlplane serve`, batches of 5,000 (target ≥ 50,000 flows/s).
// Usage: npm run build && node bench/flows/run.js [--count 1000000] [--post 200000] [--skip-generate] [--post-only]
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Agent, request } = require('undici');
const { largeSet, quickstartSet, writeFlows } = require('./generate');

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'run.js');
const OUT = path.join(ROOT, 'bench', 'out', 'flows');
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

  // 3. ingestion over HTTPS
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'riptides-bench-flows-'));
  const child = spawn(
    process.execPath,
    [
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
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const info = await new Promise((resolve) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(JSON.parse(out.slice(0, out.indexOf('\n'))));
    });
  });
  const agent = new Agent({ connect: { ca: fs.readFileSync(info.caFile, 'utf8') }, connections: 2 });
  const token = fs.readFileSync(info.tokenFile, 'utf8').trim();
  // Only the first POST lines (the file is ~420 MiB): read a prefix of it.
  const fd = fs.openSync(path.join(OUT, `large-${COUNT}.ndjson`), 'r');
  const prefix = Buffer.alloc(POST * 600);
  const got = fs.readSync(fd, prefix, 0, prefix.length, 0);
  fs.closeSync(fd);
  const lines = prefix.toString('utf8', 0, got).split('\n').slice(0, POST);
  if (lines[lines.length - 1].length === 0 || !lines[lines.length - 1].endsWith('}')) lines.pop();
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
  await post(bodies[0]); // warm-up (TLS, JIT)
  const t0 = performance.now();
  let accepted = 0;
  let next = 1;
  await Promise.all(
    [0, 1].map(async () => {
      while (next < bodies.length) {
        const n = await post(bodies[next++]);
        accepted += n;
      }
    }),
  );
  const s = (performance.now() - t0) / 1000;
  console.log(
    `POST /v1/flows over HTTPS, NDJSON batches of 5,000, 2 connections: ${fmt(accepted)} flows in ${s.toFixed(2)} s = ${fmt(accepted / s)} flows/s`,
  );
  await agent.close();
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  fs.rmSync(work, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
