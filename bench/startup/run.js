#!/usr/bin/env node
'use strict';
// Start-up benchmark: whole-process wall time of short riptides-cli commands against `node -e 0`
// and `ajv-cli`, measured interleaved (one run of every case per round, many rounds, medians) so
// that a loaded machine slows every case alike and the ratios stay meaningful. Also lists the
// heavy modules each command loads (through bench/startup/record-modules.js).
//   node bench/startup/run.js [--rounds N] [--json]
const { spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'run.js');
const argv = process.argv.slice(2);
const rounds = Number(argv[argv.indexOf('--rounds') + 1]) || (argv.includes('--rounds') ? 0 : 25);
const asJson = argv.includes('--json');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'riptides-startup-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));

// Inputs: one WorkloadIdentity file, and an X.509-SVID (CA + leaf with a SPIFFE URI SAN) from openssl.
const oneFile = path.join(root, 'examples', 'quickstart', 'frontend-workloadidentity.yaml');
const svid = makeSvid();
const env = {
  ...process.env,
  NO_COLOR: '1',
  XDG_CONFIG_HOME: path.join(tmp, 'config'),
  XDG_DATA_HOME: path.join(tmp, 'data'),
  XDG_CACHE_HOME: path.join(tmp, 'cache'),
};

const node = process.execPath;
const cli = (...args) => [node, bin, ...args];
const cases = [
  { name: 'node -e 0', cmd: [node, '-e', '0'] },
  { name: '--version', cmd: cli('--version') },
  { name: '--help', cmd: cli('--help') },
  { name: 'validate -f FILE', cmd: cli('validate', '-f', oneFile) },
  {
    name: 'ajv validate FILE',
    cmd: [
      node,
      path.join(root, 'node_modules', 'ajv-cli', 'dist', 'index.js'),
      'validate',
      '--spec=draft2020',
      '--strict=false',
      '-c',
      'ajv-formats',
      '-s',
      path.join(root, 'schemas', 'workloadidentity.schema.json'),
      ...referencedSchemas('workloadidentity.schema.json').flatMap((f) => ['-r', f]),
      '-d',
      oneFile,
    ],
  },
  { name: 'svid inspect FILE', cmd: cli('svid', 'inspect', svid, '--offline') },
  {
    name: 'explain connection',
    cmd: cli(
      'explain',
      'connection',
      '-f',
      path.join(root, 'examples', 'quickstart'),
      '--scenario',
      path.join(root, 'examples', 'quickstart', 'scenario.yaml'),
      '--from',
      'frontend',
      '--to',
      'backend-api.myapp.svc.cluster.local:3000',
    ),
  },
  { name: 'config view', cmd: cli('config', 'view') },
];
// The same commands without the bundle (oclif's normal loading of dist/commands): before/after.
const unbundled = { RIPTIDES_NO_BUNDLE: '1' };
for (const name of ['--help', 'validate -f FILE', 'svid inspect FILE']) {
  const c = cases.find((x) => x.name === name);
  cases.push({ name: `${name} (no bundle)`, cmd: c.cmd, env: unbundled });
}

// Every case must work before it is timed (a failing command is fast and would flatter us).
for (const c of cases) {
  const r = spawnSync(c.cmd[0], c.cmd.slice(1), { env: { ...env, ...c.env }, encoding: 'utf8' });
  c.exit = r.status;
  if (r.status !== 0 && !(c.name.startsWith('explain') && r.status >= 10)) {
    process.stderr.write(`${c.name}: exit ${r.status}\n${r.stderr}\n${r.stdout}\n`);
    process.exit(1);
  }
}

// Each round runs every case twice: once timed by wall clock, once with bench/startup/cpu-usage.js
// preloaded to read the CPU time (user + system) it used, which a loaded machine disturbs far less.
const times = new Map(cases.map((c) => [c.name, []]));
const cpuTimes = new Map(cases.map((c) => [c.name, []]));
const cpuFile = path.join(tmp, 'cpu.txt');
const cpuEnv = {
  NODE_OPTIONS: `--require ${path.join(__dirname, 'cpu-usage.js')}`,
  RIPTIDES_CPU_FILE: cpuFile,
};
for (let i = 0; i < rounds; i++) {
  for (const c of cases) {
    const start = process.hrtime.bigint();
    spawnSync(c.cmd[0], c.cmd.slice(1), { env: { ...env, ...c.env }, stdio: 'ignore' });
    times.get(c.name).push(Number(process.hrtime.bigint() - start) / 1e6);
    spawnSync(c.cmd[0], c.cmd.slice(1), { env: { ...env, ...c.env, ...cpuEnv }, stdio: 'ignore' });
    cpuTimes.get(c.name).push(Number(fs.readFileSync(cpuFile, 'utf8')) / 1000);
  }
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const med = Object.fromEntries(cases.map((c) => [c.name, median(times.get(c.name))]));
const cpu = Object.fromEntries(cases.map((c) => [c.name, median(cpuTimes.get(c.name))]));

// Heavy modules each command loads.
const HEAVY = {
  '@oclif/core': /node_modules\/@oclif\/core\//,
  undici: /node_modules\/undici\//,
  '@peculiar/x509': /node_modules\/@peculiar\/x509\//,
  fastify: /node_modules\/fastify\//,
  jose: /node_modules\/jose\//,
  'ajv compiler': /node_modules\/ajv\/dist\/(core|ajv|2020|compile\/index)\.js$/,
  'js-yaml': /node_modules\/js-yaml\//,
  yaml: /node_modules\/yaml\//,
  chalk: /node_modules\/chalk\//,
};
const loads = {};
for (const c of cases.filter((x) => x.cmd[1] === bin)) {
  const rec = path.join(tmp, 'modules.json');
  spawnSync(c.cmd[0], ['--require', path.join(__dirname, 'record-modules.js'), ...c.cmd.slice(1)], {
    env: { ...env, ...c.env, RIPTIDES_RECORD_MODULES: rec },
    stdio: 'ignore',
  });
  const files = JSON.parse(fs.readFileSync(rec, 'utf8')).map((m) => m.file);
  loads[c.name] = {
    modules: files.filter((f) => f.startsWith('/')).length,
    heavy: Object.keys(HEAVY).filter((k) => files.some((f) => HEAVY[k].test(f))),
    bundle: files.some((f) => /dist[/\\]bundle[/\\]/.test(f)),
  };
}

const ratio = (a, b) => [med[a] / med[b], cpu[a] / cpu[b]];
const result = {
  node: process.version,
  cpus: os.cpus().length,
  loadavg: os.loadavg().map((x) => Number(x.toFixed(1))),
  rounds,
  medianMs: Object.fromEntries(Object.entries(med).map(([k, v]) => [k, Number(v.toFixed(1))])),
  medianCpuMs: Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, Number(v.toFixed(0))])),
  ratios: {
    'ajv-cli / validate (target >= 1.7)': ratio('ajv validate FILE', 'validate -f FILE'),
    'ajv-cli / validate, no bundle': ratio('ajv validate FILE', 'validate -f FILE (no bundle)'),
    'svid inspect / node -e 0 (target <= 4)': ratio('svid inspect FILE', 'node -e 0'),
    'svid inspect / node -e 0, no bundle': ratio('svid inspect FILE (no bundle)', 'node -e 0'),
    '--version / node -e 0 (target <= 1.3)': ratio('--version', 'node -e 0'),
    '--help / node -e 0': ratio('--help', 'node -e 0'),
    '--help / node -e 0, no bundle': ratio('--help (no bundle)', 'node -e 0'),
    'explain connection / node -e 0': ratio('explain connection', 'node -e 0'),
    'config view / node -e 0': ratio('config view', 'node -e 0'),
  },
  loads,
};
if (asJson) {
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
} else {
  process.stdout.write(
    `node ${result.node}, ${result.cpus} CPUs, load ${result.loadavg.join(' ')}, ${rounds} interleaved rounds\n\n`,
  );
  process.stdout.write('case                             wall ms  cpu ms  modules  heavy modules loaded\n');
  for (const c of cases) {
    const l = loads[c.name];
    process.stdout.write(
      `${c.name.padEnd(33)}${med[c.name].toFixed(1).padStart(7)} ${cpu[c.name].toFixed(0).padStart(7)}  ${l ? String(l.modules).padStart(7) : '      -'}  ${
        l ? (l.heavy.join(', ') || 'none') + (l.bundle ? ' (bundle)' : '') : ''
      }\n`,
    );
  }
  process.stdout.write('\n');
  process.stdout.write(`${'ratio of medians'.padEnd(42)}   wall    cpu\n`);
  for (const [k, [w, c]] of Object.entries(result.ratios))
    process.stdout.write(`${k.padEnd(42)} ${w.toFixed(2).padStart(6)} ${c.toFixed(2).padStart(6)}\n`);
}

function referencedSchemas(main) {
  return fs
    .readdirSync(path.join(root, 'schemas'))
    .filter((f) => f.endsWith('.schema.json') && f !== main)
    .map((f) => path.join(root, 'schemas', f));
}

function makeSvid() {
  const dir = path.join(tmp, 'svid');
  fs.mkdirSync(dir);
  const o = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  fs.writeFileSync(
    path.join(dir, 'ext.cnf'),
    [
      '[ca]',
      'basicConstraints=critical,CA:TRUE',
      'keyUsage=critical,keyCertSign,cRLSign',
      'subjectKeyIdentifier=hash',
      '[leaf]',
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth,clientAuth',
      'subjectAltName=URI:spiffe://example.com/myapp/frontend',
      'authorityKeyIdentifier=keyid',
      '',
    ].join('\n'),
  );
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  o(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-subj',
    '/O=bench/CN=ca',
    '-days',
    '2',
    '-extensions',
    'ca',
    '-config',
    'ext.cnf',
  );
  o('req', ...ec, '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/O=bench');
  o(
    'x509',
    '-req',
    '-in',
    'leaf.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'leaf.pem',
    '-days',
    '1',
    '-extfile',
    'ext.cnf',
    '-extensions',
    'leaf',
  );
  const file = path.join(dir, 'svid.pem');
  fs.writeFileSync(file, fs.readFileSync(path.join(dir, 'leaf.pem')));
  return file;
}
