#!/usr/bin/env node
'use strict';
// SVID benchmarks (docs/performance.md, "SVIDs"): whole-process `svid inspect` vs `node -e 0`,
// verification of a 1,000-certificate file, and X.509-SVID issuance through the control plane over
// HTTPS (and the issuer alone). Needs a fresh build: `npm run build && node bench/svid/run.js`.
require('../need-node');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const dist = (p) => require(path.join(ROOT, 'dist', p));
const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const RUNS = Number(args.get('runs') ?? 21);
const ISSUE_N = Number(args.get('issue') ?? 1000);
const CONCURRENCY = Number(args.get('concurrency') ?? 16);
const FILE_CERTS = 1000;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`;

function timeProcess(argv) {
  const times = [];
  for (let i = 0; i < RUNS + 2; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, argv, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    const dt = performance.now() - t;
    if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
    if (i >= 2) times.push(dt); // two warm-up runs fill the compile cache
  }
  return median(times);
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'riptides-bench-svid-'));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  console.log(
    `node ${process.version}, ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );

  // A control plane with one WorkloadIdentity, served over HTTPS on loopback.
  const { createControlPlane } = dist('server/index.js');
  const cp = await createControlPlane({
    dataDir: path.join(dir, 'cp'),
    trustDomain: 'bench.test',
    validators: dist('io/validators.js').loadValidators(),
  });
  const auth = { authorization: `Bearer ${cp.adminToken}` };
  const put = await cp.app.inject({
    method: 'PUT',
    url: '/v1/namespaces/bench/workloadidentities/frontend',
    headers: auth,
    payload: {
      apiVersion: 'core.riptides.io/v1alpha1',
      kind: 'WorkloadIdentity',
      metadata: { name: 'frontend', namespace: 'bench' },
      spec: { workloadID: 'bench/frontend', selectors: [{ 'process:name': 'frontend' }] },
    },
  });
  if (put.statusCode >= 300) throw new Error(`PUT WorkloadIdentity: ${put.statusCode} ${put.body}`);
  const { url } = await cp.listen('127.0.0.1', 0);
  const { Agent, request } = require('undici');
  const agent = new Agent({
    connect: { ca: fs.readFileSync(cp.paths.caFile, 'utf8') },
    connections: CONCURRENCY,
  });

  const { generateKeyAndCsr } = dist('io/svid-files.js');
  const csrs = [];
  for (let i = 0; i < 32; i++) csrs.push((await generateKeyAndCsr('ec-p256', 'bench')).csrPem);
  const post = async (csr) => {
    const res = await request(`${url}/v1/svids/x509`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ csr, workloadID: 'bench/frontend' }),
      dispatcher: agent,
    });
    const body = await res.body.json();
    if (res.statusCode !== 201) throw new Error(`issue: ${res.statusCode} ${JSON.stringify(body)}`);
    return body;
  };

  // 1. Issuance through the control plane (HTTPS, CONCURRENCY requests in flight).
  for (let i = 0; i < 20; i++) await post(csrs[i % csrs.length]); // warm-up: CA, x509 module, connections
  let next = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < ISSUE_N) await post(csrs[next++ % csrs.length]);
    }),
  );
  const issueSeconds = (performance.now() - t0) / 1000;
  const issueCpu = process.cpuUsage(cpu0);
  const issueCpuMs = (issueCpu.user + issueCpu.system) / 1000 / ISSUE_N;
  const issueRate = ISSUE_N / issueSeconds;

  // The issuer alone (no HTTP, no store), sequential.
  const { issueX509Svid } = dist('server/svid-issuer.js');
  const ca = await cp.getCertificateAuthority();
  const direct = 300;
  const t1 = performance.now();
  const leaves = [];
  for (let i = 0; i < direct; i++) {
    leaves.push(
      await issueX509Svid(ca, {
        csrPem: csrs[i % csrs.length],
        spiffeID: 'spiffe://bench.test/bench/frontend',
        now: new Date(),
      }),
    );
  }
  const issuerMs = (performance.now() - t1) / direct;

  // 2. Verification of a 1,000-certificate file (each leaf verified as [leaf, intermediate] against the root).
  while (leaves.length < FILE_CERTS) {
    leaves.push(
      await issueX509Svid(ca, {
        csrPem: csrs[leaves.length % csrs.length],
        spiffeID: 'spiffe://bench.test/bench/frontend',
        now: new Date(),
      }),
    );
  }
  const bigFile = path.join(dir, 'leaves.pem');
  fs.writeFileSync(bigFile, leaves.map((l) => l.leafPem).join('\n'));
  const bundleRes = await request(`${url}/v1/bundle`, { dispatcher: agent });
  const bundleJson = await bundleRes.body.text();
  const { parseTrustBundle } = dist('core/spiffe/bundle.js');
  const { parsePemCertificates } = dist('core/spiffe/x509-svid.js');
  const { inspectX509Svid } = dist('core/spiffe/verify.js');
  const intermediate = parsePemCertificates(ca.issuerPem).certs[0];
  const verifyOnce = () => {
    const c = process.cpuUsage();
    const t = performance.now();
    const bundle = parseTrustBundle(bundleJson);
    const { certs } = parsePemCertificates(fs.readFileSync(bigFile, 'utf8'));
    const tParsed = performance.now();
    const now = new Date();
    let valid = 0;
    for (const leaf of certs) if (inspectX509Svid([leaf, intermediate], { now, bundle }).valid) valid++;
    const tDone = performance.now();
    if (valid !== FILE_CERTS) throw new Error(`only ${valid} of ${FILE_CERTS} verified`);
    const cpu = process.cpuUsage(c);
    return { parse: tParsed - t, total: tDone - t, cpu: (cpu.user + cpu.system) / 1000 };
  };
  verifyOnce();
  const verifyRuns = Array.from({ length: 5 }, verifyOnce);
  const verifyMs = median(verifyRuns.map((r) => r.total));
  const parseMs = median(verifyRuns.map((r) => r.parse));
  const verifyCpuMs = median(verifyRuns.map((r) => r.cpu));

  // 3. Whole-process `svid inspect` of one SVID vs `node -e 0`.
  const svidFile = path.join(dir, 'svid.pem');
  const bundleFile = path.join(dir, 'bundle.json');
  fs.writeFileSync(svidFile, (await post(csrs[0])).svid);
  fs.writeFileSync(bundleFile, bundleJson);
  await agent.close();
  await cp.close();
  const nodeMs = timeProcess(['-e', '0']);
  const inspectMs = timeProcess([
    path.join(ROOT, 'bin', 'run.js'),
    'svid',
    'inspect',
    svidFile,
    '--bundle',
    bundleFile,
    '--offline',
  ]);
  const inspectJsonMs = timeProcess([
    path.join(ROOT, 'bin', 'run.js'),
    'svid',
    'inspect',
    svidFile,
    '--bundle',
    bundleFile,
    '--offline',
    '-o',
    'json',
  ]);

  const rows = [
    [
      'whole-process svid inspect (text), median',
      ms(inspectMs),
      `${(inspectMs / nodeMs).toFixed(2)}× node -e 0 (${ms(nodeMs)}); target ≤ 4×`,
    ],
    [
      'whole-process svid inspect -o json, median',
      ms(inspectJsonMs),
      `${(inspectJsonMs / nodeMs).toFixed(2)}× node -e 0`,
    ],
    [
      `verify a ${FILE_CERTS}-certificate file`,
      ms(verifyMs),
      `${Math.round(FILE_CERTS / (verifyMs / 1000))} certificates/s, ${Math.round(FILE_CERTS / (verifyCpuMs / 1000))}/CPU-s (parse only: ${Math.round(FILE_CERTS / (parseMs / 1000))}/s); target ≥ 5,000/s`,
    ],
    [
      `issuance via HTTPS control plane (${ISSUE_N}, ${CONCURRENCY} in flight)`,
      `${issueSeconds.toFixed(2)} s`,
      `${Math.round(issueRate)} SVIDs/s, ${issueCpuMs.toFixed(2)} CPU-ms per SVID (client + server, one process); target ≥ 250/s`,
    ],
    [
      'issuer alone (CSR verify + sign), sequential',
      `${issuerMs.toFixed(2)} ms/SVID`,
      `${Math.round(1000 / issuerMs)} SVIDs/s on one core`,
    ],
  ];
  for (const [name, value, note] of rows) console.log(`${name.padEnd(58)} ${value.padStart(12)}  ${note}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
