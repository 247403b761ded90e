#!/usr/bin/env node
'use strict';
// Benchmark of `riptides-cli validate` against ajv-cli on the same 10,000 generated WorkloadIdentity and
// Service documents (~25 lines each, 20 of them invalid; references between them resolve, so the
// cross-resource rules find nothing else), whole-process wall and CPU time, median of several runs.
// Usage: npm run build && node bench/validate/run.js [--runs N] [--baseline DIR]
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'run.js');
const AJV = path.join(ROOT, 'node_modules', '.bin', 'ajv');
const DOCS = 10000;
const INVALID_EVERY = 500; // 20 invalid documents (all Services: port 70000)
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
// --baseline DIR: another checkout's build (e.g. `git worktree add /tmp/base <rev>` + npm run build),
// whose `validate` of the 10,000 files runs in the same turns, for a before/after figure.
const baselineArg = process.argv.indexOf('--baseline');
const BASELINE = baselineArg > 0 ? path.resolve(process.argv[baselineArg + 1]) : undefined;

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
    `      - spiffe://example.com/myapp/app/workload-${(i + 2) % DOCS}`,
    '  egress:',
    '    - selectors:',
    `        - service: service-${i + 1}`,
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
    `    - address: service-${i}.internal.example.com`,
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

/** CPU time (user + system, ms) of the children this process has waited for (Linux /proc), or undefined. */
function childrenCpuMs() {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    // fields[13], fields[14]: cutime, cstime (fields 16 and 17 of proc(5)), in clock ticks (100 per second).
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * Median wall time and median CPU time (user + system) of RUNS runs of each command, run in turns
 * (one run of each, RUNS times over), so that a machine whose speed drifts over the minutes skews
 * every command alike instead of the ones measured last.
 */
function timeInTurns(commands) {
  const runs = commands.map(() => ({ walls: [], cpus: [], last: undefined }));
  for (let i = 0; i < RUNS; i++) {
    commands.forEach(([cmd, args, options = {}], k) => {
      const cpu0 = childrenCpuMs();
      const start = process.hrtime.bigint();
      runs[k].last = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28, ...options });
      runs[k].walls.push(Number(process.hrtime.bigint() - start) / 1e6);
      const cpu1 = childrenCpuMs();
      if (cpu0 !== undefined && cpu1 !== undefined) runs[k].cpus.push(cpu1 - cpu0);
    });
  }
  const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return runs.map((r) => ({
    ms: median(r.walls),
    cpu: r.cpus.length ? median(r.cpus) : undefined,
    result: r.last,
  }));
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
    // The schema findings of the invalid documents (the rule pass then adds a warning for each egress
    // rule that selected one of the invalid Services, which are left out of the resource set).
    const positioned = out.findings.filter((f) => f.code.startsWith('RT1') && f.line > 0 && f.column > 0);
    return `${positioned.length}/${expectInvalid} invalid reported with line:col`;
  };

  // The baseline keeps its V8 code cache in a directory of its own: bin/run.js keeps one cache file per
  // command, so two builds sharing ~/.cache/riptides would each find the other's and recompile
  // (≈ 150 ms a run here).
  const baselineEnv = { ...env, XDG_CACHE_HOME: path.join(dir, 'baseline-cache') };
  const baselineRun = BASELINE
    ? [
        [
          process.execPath,
          [path.join(BASELINE, 'bin', 'run.js'), 'validate', '-f', path.join(dir, 'files'), '-o', 'json'],
          { env: baselineEnv },
        ],
      ]
    : [];
  if (BASELINE)
    spawnSync(
      process.execPath,
      [path.join(BASELINE, 'bin', 'run.js'), 'validate', '-f', path.join(dir, 'one.yaml')],
      { env: baselineEnv },
    );
  const [multi, many, multiSchema, manySchema, ajvMany, baseline] = timeInTurns([
    [process.execPath, [BIN, 'validate', '-f', path.join(dir, 'all.yaml'), '-o', 'json'], { env }],
    [process.execPath, [BIN, 'validate', '-f', path.join(dir, 'files'), '-o', 'json'], { env }],
    // Schema checks only (this benchmark's subject; --no-rules skips the cross-resource rule pass).
    [
      process.execPath,
      [BIN, 'validate', '--no-rules', '-f', path.join(dir, 'all.yaml'), '-o', 'json'],
      { env },
    ],
    [process.execPath, [BIN, 'validate', '--no-rules', '-f', path.join(dir, 'files'), '-o', 'json'], { env }],
    [AJV, ajvArgs(dir, path.join(dir, 'files', '*.yaml')), { env }],
    ...baselineRun,
  ]);
  const ajvInvalid = (ajvMany.result.stdout + ajvMany.result.stderr)
    .split('\n')
    .filter((l) => / invalid/.test(l)).length;
  const [one, ajvOne] = timeInTurns([
    [process.execPath, [BIN, 'validate', '-f', path.join(dir, 'one.yaml')], { env }],
    [AJV, ajvArgs(dir, path.join(dir, 'one.yaml')), { env }],
  ]);
  const [version, bare] = timeInTurns([
    [process.execPath, [BIN, '--version'], { env }],
    [process.execPath, ['-e', '0'], { env }],
  ]);

  rows.push([
    'validate --no-rules (schema only), 10,000 docs in one multi-document file',
    multiSchema,
    ajvMany,
    'ajv-cli, 10,000 files',
    reported(multiSchema.result),
  ]);
  rows.push([
    'validate --no-rules (schema only), 10,000 one-document files',
    manySchema,
    ajvMany,
    'ajv-cli, 10,000 files',
    reported(manySchema.result),
  ]);
  rows.push([
    'validate (schema + rules), 10,000 docs in one multi-document file',
    multi,
    ajvMany,
    'ajv-cli, 10,000 files',
    reported(multi.result),
  ]);
  rows.push([
    'validate (schema + rules), 10,000 one-document files',
    many,
    ajvMany,
    'ajv-cli, 10,000 files',
    reported(many.result),
  ]);
  if (baseline)
    rows.push([
      `baseline ${BASELINE}: validate (schema + rules), 10,000 one-document files`,
      baseline,
      ajvMany,
      'ajv-cli, 10,000 files',
      reported(baseline.result),
    ]);
  rows.push(['validate, one file', one, ajvOne, 'ajv-cli, one file', `exit ${one.result.status}`]);
  rows.push(['bin/run.js --version', version, bare, 'node -e 0', '']);

  const fmt = (n) => (n === undefined ? 'n/a' : `${n.toFixed(0)} ms`);
  const ratio = (name, ours, peer) => {
    if (ours === undefined || peer === undefined || ours === 0) return 'n/a';
    return name.includes('--version')
      ? `${(ours / peer).toFixed(2)}× node -e 0`
      : `${(peer / ours).toFixed(2)}×`;
  };
  process.stdout.write(
    `documents: ${DOCS} (${lines.toFixed(1)} lines each, ${expectInvalid} invalid); median of ${RUNS} runs; node ${process.version}; ${os.cpus().length} CPUs; load average ${os.loadavg()[0].toFixed(1)}\n` +
      `ajv-cli on 10,000 files reported ${ajvInvalid} invalid (no line/column: it reports JSON pointers only)\n` +
      'ratio = peer / riptides-cli (higher is better for us); --version: riptides-cli / node -e 0 (lower is better)\n\n',
  );
  process.stdout.write(
    '| measurement | riptides-cli wall | peer | peer wall | ratio (wall) | riptides-cli CPU | peer CPU | ratio (CPU) | notes |\n|---|---|---|---|---|---|---|---|---|\n',
  );
  for (const [name, ours, peer, peerName, note] of rows) {
    process.stdout.write(
      `| ${name} | ${fmt(ours.ms)} | ${peerName} | ${fmt(peer.ms)} | ${ratio(name, ours.ms, peer.ms)} | ${fmt(ours.cpu)} | ${fmt(peer.cpu)} | ${ratio(name, ours.cpu, peer.cpu)} | ${note} |\n`,
    );
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

main();
