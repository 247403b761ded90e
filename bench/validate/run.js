#!/usr/bin/env node
'use strict';
// Benchmark of `riptides-cli validate` against ajv-cli on the same 10,000 generated WorkloadIdentity and
// Service documents (~25 lines each, 20 of them invalid), whole-process wall time, median of several runs.
// Usage: npm run build && node bench/validate/run.js [--runs N]
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'run.js');
const AJV = path.join(ROOT, 'node_modules', '.bin', 'ajv');
const DOCS = 10000;
const INVALID_EVERY = 500; // 20 invalid documents
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;

function workloadIdentity(i, invalid) {
  return [
    'apiVersion: core.riptides.io/v1alpha1',
    'kind: WorkloadIdentity',
    'metadata:',
    `  name: workload-${i}`,
    '  namespace: riptides-system',
    '  labels:',
    `    team: team-${i % 17}`,
    'spec:',
    `  workloadID: myapp/app/workload-${i}`,
    '  selectors:',
    `    - k8s:label:app: workload-${i}`,
    '      k8s:pod:namespace: myapp',
    '      process:name: node',
    '  scope:',
    '    daemonGroup:',
    '      id: riptides/daemongroup/dev-eu-west-1/on-demand-workers',
    '  connection:',
    '    tls:',
    `      mode: ${invalid ? 'STRICT' : 'MUTUAL'}`,
    '  allowedSPIFFEIDs:',
    '    inbound:',
    `      - spiffe://example.com/myapp/app/workload-${i + 1}`,
    '  egress:',
    '    - selectors:',
    `        - app: service-${i + 1}`,
    '      connection:',
    '        tls:',
    '          mode: MUTUAL',
  ].join('\n');
}

function service(i, invalid) {
  return [
    'apiVersion: core.riptides.io/v1alpha1',
    'kind: Service',
    'metadata:',
    `  name: service-${i}`,
    '  namespace: riptides-system',
    '  labels:',
    `    team: team-${i % 17}`,
    '  annotations:',
    `    example.com/owner: team-${i % 17}`,
    'spec:',
    '  addresses:',
    `    - address: service-${i}.myapp.svc.cluster.local`,
    `      port: ${invalid ? 70000 : 3000}`,
    `    - address: 10.0.${(i >> 8) & 255}.${i & 255}`,
    '      port: 3000',
    '    - address: service-internal.example.com',
    '      port: 443',
    '  labels:',
    '    app: myapp',
    `    service: service-${i}`,
    '    tier: backend',
    `    shard: shard-${i % 8}`,
    '    region: eu-west-1',
    '    env: dev',
    '    owner: platform',
  ].join('\n');
}

function generate(dir) {
  fs.mkdirSync(path.join(dir, 'files'));
  const docs = [];
  for (let i = 0; i < DOCS; i++) {
    const invalid = i % INVALID_EVERY === INVALID_EVERY - 1;
    const text = (i % 2 === 0 ? workloadIdentity : service)(i, invalid) + '\n';
    docs.push(text);
    fs.writeFileSync(path.join(dir, 'files', `doc-${String(i).padStart(5, '0')}.yaml`), text);
  }
  fs.writeFileSync(path.join(dir, 'all.yaml'), docs.join('---\n'));
  fs.writeFileSync(path.join(dir, 'one.yaml'), docs[0]);
  // ajv-cli takes one schema: pick the kind's schema by `kind`, the way validate does.
  fs.writeFileSync(
    path.join(dir, 'by-kind.schema.json'),
    JSON.stringify({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'https://riptides.io/schemas/v1alpha1/by-kind.schema.json',
      if: { properties: { kind: { const: 'Service' } } },
      then: { $ref: 'service.schema.json' },
      else: { $ref: 'workloadidentity.schema.json' },
    }),
  );
  return docs.reduce((n, d) => n + d.split('\n').length - 1, 0) / DOCS;
}

function time(cmd, args, options = {}) {
  const times = [];
  let last;
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    last = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28, ...options });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], result: last };
}

function ajvArgs(dir, data) {
  const s = (f) => path.join(ROOT, 'schemas', f);
  return [
    'validate',
    '--spec=draft2020',
    '--strict=false',
    '--all-errors',
    '--errors=line',
    '-s',
    path.join(dir, 'by-kind.schema.json'),
    '-r',
    s('defs.schema.json'),
    '-r',
    s('workloadidentity.schema.json'),
    '-r',
    s('service.schema.json'),
    '-d',
    data,
  ];
}

function main() {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'commands', 'validate.js'))) {
    process.stderr.write('build first: npm run build\n');
    process.exit(2);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'riptides-bench-validate-'));
  const lines = generate(dir);
  const env = { ...process.env, NO_COLOR: '1' };
  // Warm the compile cache once, as a user's second run would.
  spawnSync(process.execPath, [BIN, 'validate', '-f', path.join(dir, 'one.yaml')], { env });

  const rows = [];
  const expectInvalid = DOCS / INVALID_EVERY;
  const reported = (r) => {
    const out = JSON.parse(r.stdout);
    const positioned = out.findings.filter((f) => f.line > 0 && f.column > 0);
    return `${positioned.length}/${expectInvalid} invalid reported with line:col`;
  };

  const multi = time(process.execPath, [BIN, 'validate', '-f', path.join(dir, 'all.yaml'), '-o', 'json'], {
    env,
  });
  const many = time(process.execPath, [BIN, 'validate', '-f', path.join(dir, 'files'), '-o', 'json'], {
    env,
  });
  const ajvMany = time(AJV, ajvArgs(dir, path.join(dir, 'files', '*.yaml')), { env });
  const ajvInvalid = (ajvMany.result.stdout + ajvMany.result.stderr)
    .split('\n')
    .filter((l) => / invalid/.test(l)).length;
  const one = time(process.execPath, [BIN, 'validate', '-f', path.join(dir, 'one.yaml')], { env });
  const ajvOne = time(AJV, ajvArgs(dir, path.join(dir, 'one.yaml')), { env });
  const version = time(process.execPath, [BIN, '--version'], { env });
  const bare = time(process.execPath, ['-e', '0'], { env });

  rows.push([
    'validate, 10,000 docs in one multi-document file',
    multi.ms,
    ajvMany.ms,
    'ajv-cli, 10,000 files',
    reported(multi.result),
  ]);
  rows.push([
    'validate, 10,000 one-document files',
    many.ms,
    ajvMany.ms,
    'ajv-cli, 10,000 files',
    reported(many.result),
  ]);
  rows.push(['validate, one file', one.ms, ajvOne.ms, 'ajv-cli, one file', `exit ${one.result.status}`]);
  rows.push(['bin/run.js --version', version.ms, bare.ms, 'node -e 0', '']);

  const fmt = (n) => `${n.toFixed(0)} ms`;
  process.stdout.write(
    `documents: ${DOCS} (${lines.toFixed(1)} lines each, ${expectInvalid} invalid); median of ${RUNS} runs; node ${process.version}; ${os.cpus().length} CPUs\n` +
      `ajv-cli on 10,000 files reported ${ajvInvalid} invalid (no line/column: it reports JSON pointers only)\n\n`,
  );
  process.stdout.write(
    '| measurement | riptides-cli | peer | peer time | ratio (peer / ours) | notes |\n|---|---|---|---|---|---|\n',
  );
  for (const [name, ours, peer, peerName, note] of rows) {
    const ratio = name.includes('--version')
      ? `${(ours / peer).toFixed(2)}× node -e 0`
      : `${(peer / ours).toFixed(2)}× faster`;
    process.stdout.write(`| ${name} | ${fmt(ours)} | ${peerName} | ${fmt(peer)} | ${ratio} | ${note} |\n`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

main();
