#!/usr/bin/env node
'use strict';
// Benchmark of the control plane's write path, from one run against `controlplane serve` over HTTPS:
//   1. whole-process `ctl apply -f` of N resources (batched POST /v1/apply),
//   2. the kubectl-style path: one PUT per resource, one at a time, and the ratio to (1),
//   3. single-document PUT/s at 8 concurrent connections,
//   4. the batch route alone (POST /v1/apply, 500 per request, one connection).
//   (1 runs twice: creating the resources, then again with every one of them unchanged.)
// Usage: npm run build && node bench/apply/run.js [--count 10000] [--no-ctl] [--ctl-only] [--ctl-runs N] [--prof DIR] [--latency MS]
// `--prof DIR` writes V8 CPU profiles of the server and of the measured ctl process into DIR.
require('../need-node');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Agent, request } = require('undici');
const { behindLatency: behindLatencyProxy, benchDirs, startServe, timedRun } = require('../serve');

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'run.js');
const countArg = process.argv.indexOf('--count');
const COUNT = countArg > 0 ? Number(process.argv[countArg + 1]) : 10000;
/** `--no-ctl`: skip the whole-process ctl apply phase (e.g. to measure only the server). */
const WITH_CTL = !process.argv.includes('--no-ctl');
/** `--ctl-only`: stop after the whole-process ctl apply phase (to compare builds in turns on it). */
const CTL_ONLY = process.argv.includes('--ctl-only');
const profArg = process.argv.indexOf('--prof');
/** Node flags that write a CPU profile into `--prof DIR` (none without the flag). */
const PROF = profArg > 0 ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(process.argv[profArg + 1])] : [];
const runsArg = process.argv.indexOf('--ctl-runs');
/**
 * `--ctl-runs N`: measure the two ctl applies N times, each round against a fresh control plane (the
 * first on the one the later phases use), and print the medians: one run varies by ±20 % here.
 */
const CTL_RUNS = runsArg > 0 ? Math.max(1, Number(process.argv[runsArg + 1])) : 1;
const latencyArg = process.argv.indexOf('--latency');
/** `--latency MS`: the ctl runs reach the server through a proxy adding MS each way (a remote control plane). */
const LATENCY_MS = latencyArg > 0 ? Number(process.argv[latencyArg + 1]) : 0;

const { work, env } = benchDirs('riptides-bench-apply-');

const { doc } = require('./doc');

let serves = 0;
function serve() {
  return startServe({ bin: BIN, dataDir: path.join(work, `cp-${serves++}`), env, nodeArgs: PROF });
}

/** CPU time (user + system, ms) the server process has used so far: load-independent, unlike wall time. */
function serverCpuMs(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

function cpuNote(pid, before, n) {
  const ms = serverCpuMs(pid) - before;
  return Number.isNaN(ms)
    ? ''
    : `  [server CPU ${(ms / 1000).toFixed(2)} s, ${Math.round((ms * 1000) / n)} µs/resource]`;
}

function rate(n, ms) {
  return `${Math.round((n / ms) * 1000).toLocaleString('en-US')}/s`;
}

/** The server's URL through the latency proxy (LATENCY_MS each way). */
async function behindLatency(url) {
  console.log(
    `ctl runs go through a proxy adding ${LATENCY_MS} ms each way (${2 * LATENCY_MS} ms a round trip)`,
  );
  return behindLatencyProxy(url, LATENCY_MS);
}

/**
 * One whole-process `ctl apply -f DIR -o json` against the server, timed: wall, the ctl process's CPU
 * (through bash's `times`) and the server's CPU; `ok` when every item has the `expected` action.
 */
function measureCtl(child, manifests, ctlEnv, expected) {
  const cpu0 = serverCpuMs(child.pid);
  const out = path.join(work, 'ctl-out.json');
  const ctl = timedRun([process.execPath, ...PROF, BIN, 'ctl', 'apply', '-f', manifests, '-o', 'json'], {
    env: ctlEnv,
    out,
    timeout: 180000,
  });
  const ms = ctl.wallMs;
  const serverNote = cpuNote(child.pid, cpu0, COUNT);
  const cpu = ctl.cpuMs / 1000;
  const stdout = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
  let ok = false;
  if (ctl.status === 0) {
    const items = JSON.parse(stdout).items;
    ok = items.length === COUNT && items.every((i) => i.action === expected);
  }
  const failure = ctl.signal
    ? 'did not finish within 180 s (killed)'
    : `failed (exit ${ctl.status}, or not every item ${expected}): ${ctl.stderr.slice(0, 400)}`;
  return { ok, ms, cpu, serverNote, failure };
}

function report(label, m) {
  if (!m.ok) {
    console.log(`${label.trim()} ${m.failure}`);
    return;
  }
  console.log(`${label} ${(m.ms / 1000).toFixed(2)} s  (${rate(COUNT, m.ms)})${m.serverNote}`);
  if (!Number.isNaN(m.cpu)) console.log(`  ctl process CPU ${m.cpu.toFixed(2)} s (user + system)`);
}

async function main() {
  const { child, info } = await serve();
  const token = fs.readFileSync(info.tokenFile, 'utf8').trim();
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const ca = fs.readFileSync(info.caFile);
  console.log(
    `riptides-cli bench/apply: ${COUNT.toLocaleString('en-US')} WorkloadIdentities, server ${info.url}`,
  );
  console.log(
    `node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0].model}), load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`,
  );

  let ctlOk = false;
  let ctlMs = NaN;
  let cpu0;
  let t0;
  if (WITH_CTL) {
    // 1. Whole process: ctl apply -f <dir with one multi-document YAML file>.
    const manifests = path.join(work, 'manifests');
    fs.mkdirSync(manifests);
    const yaml = require('yaml');
    const docs = [];
    for (let i = 0; i < COUNT; i++) docs.push(yaml.stringify(doc('ctl', i)));
    fs.writeFileSync(path.join(manifests, 'all.yaml'), docs.join('---\n'));
    const warm = path.join(work, 'warm');
    fs.mkdirSync(warm);
    fs.writeFileSync(
      path.join(warm, 'warm.yaml'),
      Array.from({ length: 20 }, (_, i) => yaml.stringify(doc('warm', i))).join('---\n'),
    );
    /** One round on a control plane: a warm-up apply, then the first and the second apply of the N. */
    const round = async (server, serverInfo) => {
      const ctlEnv = {
        ...env,
        RIPTIDES_SERVER: LATENCY_MS > 0 ? await behindLatency(serverInfo.url) : serverInfo.url,
        RIPTIDES_TOKEN: fs.readFileSync(serverInfo.tokenFile, 'utf8').trim(),
        RIPTIDES_CA_FILE: serverInfo.caFile,
      };
      // Warm-up: a small apply first (20 identities, another namespace), as a user's earlier runs would.
      // bin/run.js keeps a V8 code cache per command word, written by the first run of a build; without
      // this every measured run compiled ctl's code afresh (≈ 0.1–0.15 s), which no second run does.
      const warmRun = spawnSync(process.execPath, [BIN, 'ctl', 'apply', '-f', warm, '-o', 'json'], {
        env: ctlEnv,
        encoding: 'utf8',
      });
      if (warmRun.status !== 0) throw new Error(`warm-up ctl apply failed: ${warmRun.stderr.slice(0, 400)}`);
      const first = measureCtl(server, manifests, ctlEnv, 'created');
      report('ctl apply -f (whole process, batched):  ', first);
      // The same manifests again: every resource is live and unchanged, as in a CI job that applies
      // on every commit. The client lists the live state first (its rules see it) and the server
      // compares each document with the stored one.
      const second = first.ok ? measureCtl(server, manifests, ctlEnv, 'unchanged') : undefined;
      if (second) report('ctl apply -f again (all unchanged):      ', second);
      return { first, second };
    };
    const rounds = [await round(child, info)];
    ctlOk = rounds[0].first.ok;
    ctlMs = rounds[0].first.ms;
    for (let r = 1; r < CTL_RUNS && ctlOk; r++) {
      const fresh = await serve();
      console.log(`round ${r + 1} of ${CTL_RUNS}, a fresh control plane`);
      rounds.push(await round(fresh.child, fresh.info));
      fresh.child.kill('SIGTERM');
      await new Promise((resolve) => fresh.child.on('exit', resolve));
    }
    if (rounds.length > 1) {
      const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
      const line = (label, ms) =>
        console.log(
          `${label} median ${(median(ms) / 1000).toFixed(2)} s of ${ms.length} (${ms.map((m) => (m / 1000).toFixed(2)).join(', ')})`,
        );
      const firsts = rounds.filter((r) => r.first.ok);
      line(
        'ctl apply -f, first: ',
        firsts.map((r) => r.first.ms),
      );
      const seconds = rounds.filter((r) => r.second?.ok);
      line(
        'ctl apply -f, again: ',
        seconds.map((r) => r.second.ms),
      );
    }
  }

  if (CTL_ONLY) {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.on('exit', resolve));
    return;
  }
  // 2. kubectl-style: one PUT per resource, one at a time, one keep-alive connection.
  const one = new Agent({ connect: { ca }, connections: 1 });
  cpu0 = serverCpuMs(child.pid);
  t0 = performance.now();
  for (let i = 0; i < COUNT; i++) {
    const d = doc('kubectl', i);
    const res = await request(`${info.url}/v1/namespaces/kubectl/workloadidentities/${d.metadata.name}`, {
      method: 'PUT',
      headers,
      body: JSON.stringify(d),
      dispatcher: one,
    });
    await res.body.dump();
    if (res.statusCode !== 201) throw new Error(`PUT → ${res.statusCode}`);
  }
  const serialMs = performance.now() - t0;
  const serialMsCpu = cpuNote(child.pid, cpu0, COUNT);
  console.log(
    `one PUT per resource, one at a time:     ${(serialMs / 1000).toFixed(2)} s  (${rate(COUNT, serialMs)})${serialMsCpu}`,
  );
  if (ctlOk) console.log(`  → ctl apply is ${(serialMs / ctlMs).toFixed(1)}× faster than one-at-a-time PUTs`);

  // 3. Single-document PUT/s at 8 concurrent connections.
  const eight = new Agent({ connect: { ca }, connections: 8, pipelining: 1 });
  let next = 0;
  cpu0 = serverCpuMs(child.pid);
  t0 = performance.now();
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < COUNT) {
        const d = doc('concurrent', next++);
        const res = await request(
          `${info.url}/v1/namespaces/concurrent/workloadidentities/${d.metadata.name}`,
          {
            method: 'PUT',
            headers,
            body: JSON.stringify(d),
            dispatcher: eight,
          },
        );
        await res.body.dump();
        if (res.statusCode !== 201) throw new Error(`PUT → ${res.statusCode}`);
      }
    }),
  );
  const concurrentMs = performance.now() - t0;
  const concurrentMsCpu = cpuNote(child.pid, cpu0, COUNT);
  console.log(
    `single PUTs, 8 connections:              ${(concurrentMs / 1000).toFixed(2)} s  (${rate(COUNT, concurrentMs)})${concurrentMsCpu}`,
  );

  // 5. Baselines under the same 8-connection load, to tell the control plane's cost from what TLS,
  // HTTP and the machine allow right now: a bare node:https server (no routing, no JSON, no SQLite),
  // and fastify with one route and its JSON parser (what the framework alone costs).
  const baseline = async (script, tag) => {
    const srv = spawn(process.execPath, [path.join(__dirname, script), info.dataDir, info.trustDomain], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const url = await new Promise((resolve) =>
      srv.stdout.setEncoding('utf8').once('data', (d) => resolve(d.trim())),
    );
    const agent = new Agent({ connect: { ca }, connections: 8 });
    let n = 0;
    const cpuBefore = serverCpuMs(srv.pid);
    const start = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (n < COUNT) {
          const d = doc(tag, n++);
          const res = await request(`${url}/v1/namespaces/${tag}/workloadidentities/${d.metadata.name}`, {
            method: 'PUT',
            headers,
            body: JSON.stringify(d),
            dispatcher: agent,
          });
          await res.body.dump();
        }
      }),
    );
    const ms = performance.now() - start;
    const cpu = cpuNote(srv.pid, cpuBefore, COUNT);
    await agent.close();
    srv.kill('SIGTERM');
    return { ms, cpu };
  };
  const bare = await baseline('bare-https.js', 'bare');
  console.log(
    `  baseline: bare node:https, 8 conns:     ${(bare.ms / 1000).toFixed(2)} s  (${rate(COUNT, bare.ms)})${bare.cpu}  → control plane at ${Math.round((bare.ms / concurrentMs) * 100)}% of it`,
  );
  const framework = await baseline('bare-fastify.js', 'fastify');
  console.log(
    `  fastify, one empty PUT route, 8 conns:  ${(framework.ms / 1000).toFixed(2)} s  (${rate(COUNT, framework.ms)})${framework.cpu}  → ${Math.round((bare.ms / framework.ms) * 100)}% of bare node:https`,
  );
  // The framework's own ceiling: the control plane's PUT route is served by fastify too.
  console.log(
    `  → the control plane's single PUTs at ${Math.round((framework.ms / concurrentMs) * 100)}% of fastify's empty route`,
  );

  // 4. The batch route alone: 500 documents per POST /v1/apply, one connection.
  cpu0 = serverCpuMs(child.pid);
  t0 = performance.now();
  for (let start = 0; start < COUNT; start += 500) {
    const items = [];
    for (let i = start; i < Math.min(COUNT, start + 500); i++) items.push(doc('batch', i));
    const res = await request(`${info.url}/v1/apply`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ items }),
      dispatcher: one,
    });
    await res.body.dump();
    if (res.statusCode !== 200) throw new Error(`apply → ${res.statusCode}`);
  }
  const batchMs = performance.now() - t0;
  const batchMsCpu = cpuNote(child.pid, cpu0, COUNT);
  console.log(
    `POST /v1/apply, 500 per request:         ${(batchMs / 1000).toFixed(2)} s  (${rate(COUNT, batchMs)})${batchMsCpu}`,
  );

  await one.close();
  await eight.close();
  child.kill('SIGTERM');
  await new Promise((resolve) => child.on('exit', resolve));

  console.log(
    '\ntargets: whole-process ctl apply ≤ 1 s for 10,000; ≥ 3× one-at-a-time; ≥ 10,000 PUT/s at 8 connections',
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
