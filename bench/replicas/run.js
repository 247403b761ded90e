#!/usr/bin/env node
'use strict';
// Benchmark of the PostgreSQL store and its replicas (issue 12), on a PostgreSQL this script starts
// (test/helpers/postgres-server.js: initdb on a random port, removed afterwards):
//   1. whole-process `ctl apply -f` of N resources through one replica on PostgreSQL, and through a
//      SQLite `controlplane serve` in the same run (target: PostgreSQL ≤ 2× SQLite);
//   2. change propagation: PUTs on replica A at a fixed rate, a GET /v1/watch stream on replica B;
//      latency from sending the PUT to receiving its event (target: p99 ≤ 200 ms at 1,000 writes/s);
//   3. cold start: a new replica on a database of M resources, from spawn to its first answered
//      request (GET /v1/namespaces/…?limit=500) (target: ≤ 5 s at 100,000).
// Usage: npm run build && node bench/replicas/run.js [--count 10000] [--rate 1000] [--cold 100000]
require('../need-node');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Agent, request } = require('undici');
const yaml = require('yaml');
const { startPostgres } = require('../../test/helpers/postgres-server');
const { benchDirs, startServe } = require('../serve');

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'run.js');
const arg = (name, def) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const COUNT = arg('--count', 10000);
const RATE = arg('--rate', 1000);
const COLD = arg('--cold', 100000);

const { work, env } = benchDirs('riptides-bench-replicas-');

function doc(ns, i) {
  const name = `wi-${String(i).padStart(6, '0')}`;
  return {
    apiVersion: 'core.riptides.io/v1alpha1',
    kind: 'WorkloadIdentity',
    metadata: { name, namespace: ns, labels: { app: `app-${i % 50}` } },
    spec: {
      workloadID: `bench/${ns}/${name}`,
      selectors: [{ 'k8s:label:app': name, 'k8s:pod:namespace': ns }],
      connection: { tls: { mode: 'MUTUAL' } },
    },
  };
}

let nextDir = 0;
/** `controlplane serve` (SQLite, or PostgreSQL with `datastore`); resolves with its JSON announcement. */
async function serve(datastore, password) {
  const started = performance.now();
  const { child, info } = await startServe({
    bin: BIN,
    dataDir: path.join(work, `serve-${nextDir++}`),
    env: { ...env, ...(password ? { PGPASSWORD: password } : {}) },
    args: datastore ? ['--datastore', datastore] : [],
  });
  return { child, info, started, stop: () => child.kill('SIGTERM') };
}

function ctlApply(manifests, server, token, caFile) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'ctl', 'apply', '-f', manifests, '-o', 'json'], {
    env: { ...env, RIPTIDES_SERVER: server, RIPTIDES_TOKEN: token, RIPTIDES_CA_FILE: caFile },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: 300000,
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`ctl apply failed (${r.status}): ${r.stderr.slice(0, 400)}`);
  const items = JSON.parse(r.stdout).items;
  if (items.length !== COUNT || items.some((i) => i.action !== 'created'))
    throw new Error('ctl apply: not all created');
  return ms;
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main() {
  console.log(
    `riptides-cli bench/replicas: node ${process.version}, ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const pg = await startPostgres();
  try {
    // 1. ctl apply of COUNT resources: SQLite serve vs one PostgreSQL replica.
    const manifests = path.join(work, 'manifests');
    fs.mkdirSync(manifests);
    const docs = [];
    for (let i = 0; i < COUNT; i++) docs.push(yaml.stringify(doc('bench', i)));
    fs.writeFileSync(path.join(manifests, 'all.yaml'), docs.join('---\n'));

    const lite = await serve();
    const liteToken = fs.readFileSync(lite.info.tokenFile, 'utf8').trim();
    const liteMs = ctlApply(manifests, lite.info.url, liteToken, lite.info.caFile);
    lite.stop();

    const a = await serve(pg.url, pg.password);
    const token = a.info.adminToken;
    const pgMs = ctlApply(manifests, a.info.url, token, a.info.caFile);
    console.log(`\n1. ctl apply -f of ${COUNT.toLocaleString('en-US')} resources (whole process)`);
    console.log(`   SQLite serve:             ${(liteMs / 1000).toFixed(2)} s`);
    console.log(
      `   PostgreSQL, one replica:  ${(pgMs / 1000).toFixed(2)} s  → ${(pgMs / liteMs).toFixed(2)}× SQLite (target ≤ 2×)`,
    );

    // 2. Change propagation A → watcher on B.
    const b = await serve(pg.url, pg.password);
    const agent = new Agent({ connect: { ca: fs.readFileSync(a.info.caFile) }, connections: 64 });
    const headers = { authorization: `Bearer ${token}` };
    const sent = new Map();
    const acked = new Map();
    const received = new Map();
    const latencies = [];
    const watch = await request(`${b.info.url}/v1/watch?namespace=prop`, { headers, dispatcher: agent });
    let buffer = '';
    watch.body.setEncoding('utf8');
    watch.body.on('data', (chunk) => {
      const now = performance.now();
      buffer += chunk;
      let nl;
      while ((nl = buffer.indexOf('\n')) !== -1) {
        const event = JSON.parse(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
        if (event.type === 'BOOKMARK') continue;
        const t = sent.get(event.object.metadata.name);
        if (t !== undefined) {
          latencies.push(now - t);
          received.set(event.object.metadata.name, now);
        }
      }
    });
    watch.body.on('error', () => undefined);
    // Warm-up (not measured): open the client's connections to A (TLS handshakes) and let both
    // replicas' code warm up with one second of writes at the same rate, so the figures are the
    // steady state a daemon fleet sees, not the first second of a cold client.
    for (let i = 0; i < RATE; i++) {
      const d = doc('warm', i);
      const res = request(`${a.info.url}/v1/namespaces/warm/workloadidentities/${d.metadata.name}`, {
        method: 'PUT',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(d),
        dispatcher: agent,
      }).then((r) => r.body.dump());
      if (i % 64 === 63) await res;
    }
    const writes = Math.max(RATE * 5, 1000);
    const interval = 1000 / RATE;
    const t0 = performance.now();
    const inflight = [];
    let failed = 0;
    for (let i = 0; i < writes; i++) {
      const due = t0 + i * interval;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const d = doc('prop', i);
      sent.set(d.metadata.name, performance.now());
      inflight.push(
        request(`${a.info.url}/v1/namespaces/prop/workloadidentities/${d.metadata.name}`, {
          method: 'PUT',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify(d),
          dispatcher: agent,
        }).then(
          async (res) => {
            acked.set(d.metadata.name, performance.now());
            await res.body.dump();
            if (res.statusCode !== 201) failed++;
          },
          () => failed++,
        ),
      );
    }
    await Promise.all(inflight);
    const achieved = (writes / (performance.now() - t0)) * 1000;
    const deadline = performance.now() + 10000;
    while (latencies.length < writes && performance.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    watch.body.destroy();
    latencies.sort((x, y) => x - y);
    console.log(`\n2. change propagation: PUT on A → event on a watcher of B`);
    console.log(
      `   ${writes} writes offered at ${RATE}/s (achieved ${Math.round(achieved)}/s, ${failed} failed); ${latencies.length} events received`,
    );
    console.log(
      `   PUT sent → event on B: p50 ${pct(latencies, 50).toFixed(1)} ms, p99 ${pct(latencies, 99).toFixed(1)} ms, max ${latencies[latencies.length - 1].toFixed(1)} ms (target p99 ≤ 200 ms)`,
    );
    // The feed alone, without the time the write waited for its turn on A: answer from A → event on B.
    const afterAck = [...received].map(([name, t]) => Math.max(0, t - acked.get(name))).sort((x, y) => x - y);
    console.log(
      `   answer from A → event on B: p50 ${pct(afterAck, 50).toFixed(1)} ms, p99 ${pct(afterAck, 99).toFixed(1)} ms`,
    );

    // 3. Cold start on a database of COLD resources.
    const existing = COUNT + writes + RATE;
    const batch = 500; // the control plane's per-request item cap is above this (docs/limits.md)
    for (let i = 0; i < COLD - existing; i += batch) {
      const items = [];
      for (let j = i; j < Math.min(i + batch, COLD - existing); j++) items.push(doc('cold', j));
      const res = await request(`${a.info.url}/v1/apply`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ items }),
        dispatcher: agent,
      });
      await res.body.dump();
      if (res.statusCode !== 200) throw new Error(`apply → ${res.statusCode}`);
    }
    const c = await serve(pg.url, pg.password);
    const announced = performance.now() - c.started;
    let firstMs;
    for (;;) {
      try {
        const res = await request(`${c.info.url}/v1/namespaces/cold/workloadidentities?limit=500`, {
          headers,
          dispatcher: agent,
        });
        const body = await res.body.json();
        if (res.statusCode === 200 && body.items.length === 500) {
          firstMs = performance.now() - c.started;
          break;
        }
      } catch {
        /* not yet */
      }
    }
    console.log(`\n3. cold start of a replica on ${COLD.toLocaleString('en-US')} resources`);
    console.log(
      `   spawn → announced ${(announced / 1000).toFixed(2)} s; spawn → first list answered ${(firstMs / 1000).toFixed(2)} s (target ≤ 5 s)`,
    );
    await agent.close();
    for (const s of [a, b, c]) s.stop();
  } finally {
    pg.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
