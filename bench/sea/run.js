#!/usr/bin/env node
'use strict';
// The one-file binary (dist/sea/riptides-cli, `npm run build:sea` first): its size, and whole-process
// wall and CPU time of short commands against `node -e 0` and the npm build (bin/run.js), measured
// interleaved (one run of every case per round, medians) so that a loaded machine slows all alike.
//   node bench/sea/run.js [--rounds N]
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..', '..');
const exe = path.join(root, 'dist', 'sea', 'riptides-cli');
if (!fs.existsSync(exe)) {
  process.stderr.write('run `npm run build && npm run build:sea` first\n');
  process.exit(2);
}
const argv = process.argv.slice(2);
const rounds = Number(argv[argv.indexOf('--rounds') + 1]) || 21;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'riptides-sea-bench-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
const env = {
  ...process.env,
  NO_COLOR: '1',
  XDG_CONFIG_HOME: path.join(tmp, 'config'),
  XDG_DATA_HOME: path.join(tmp, 'data'),
  XDG_CACHE_HOME: path.join(tmp, 'cache'),
};
const file = path.join(root, 'examples', 'quickstart', 'frontend-workloadidentity.yaml');
const node = process.execPath;
const bin = path.join(root, 'bin', 'run.js');
const cases = [
  { name: 'node -e 0', cmd: [node, '-e', '0'] },
  { name: 'sea --version', cmd: [exe, '--version'] },
  { name: 'npm build --version', cmd: [node, bin, '--version'] },
  { name: 'sea validate -f FILE', cmd: [exe, 'validate', '-f', file] },
  { name: 'npm build validate -f FILE', cmd: [node, bin, 'validate', '-f', file] },
  { name: 'sea --help', cmd: [exe, '--help'] },
];

/** Wall ms of one run, and the child's CPU ms (user + system, from the kernel's rusage of children). */
function once(cmd) {
  const before = process.resourceUsage ? childCpu() : 0;
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd[0], cmd.slice(1), { env, stdio: 'ignore' });
  const wall = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd.join(' ')} exited ${r.status}`);
  return { wall, cpu: childCpu() - before };
}
function childCpu() {
  // /proc/self/stat fields 16 and 17: cutime and cstime of waited-for children, in clock ticks.
  const f = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return ((Number(f[13]) + Number(f[14])) * 1000) / 100;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const c of cases) once(c.cmd); // warm the page cache and the code caches
const times = new Map(cases.map((c) => [c.name, { wall: [], cpu: [] }]));
for (let i = 0; i < rounds; i++) {
  for (const c of cases) {
    const m = once(c.cmd);
    times.get(c.name).wall.push(m.wall);
    times.get(c.name).cpu.push(m.cpu);
  }
}
const med = (name, k) => median(times.get(name)[k]);
const size = fs.statSync(exe).size;
const nodeSize = fs.statSync(fs.realpathSync(node)).size;
const out = [
  `dist/sea/riptides-cli: ${(size / 1048576).toFixed(1)} MiB (the Node.js binary alone: ${(nodeSize / 1048576).toFixed(1)} MiB)`,
  `${rounds} rounds, medians (CPU from /proc, 10 ms ticks)`,
  '',
  '| case | wall ms | CPU ms | wall / node -e 0 |',
  '| --- | ---: | ---: | ---: |',
  ...cases.map(
    (c) =>
      `| \`${c.name}\` | ${med(c.name, 'wall').toFixed(1)} | ${med(c.name, 'cpu').toFixed(0)} | ${(med(c.name, 'wall') / med('node -e 0', 'wall')).toFixed(2)} |`,
  ),
];
process.stdout.write(out.join('\n') + '\n');
