#!/usr/bin/env node
'use strict';
// The rule pass in whole `riptides-cli validate` runs: the same ~10,000 generated documents (the
// repository of bench/validate-rules/generate.js, written to a temporary directory) validated with
// --no-rules (schema only) and with every lint rule. CPU time of the child process (read by a
// --require hook at exit) and wall time, median of several pairs run in turns. Target: rules ≤ 1.5× schema-only.
// Usage: npm run build && node bench/validate/rules.js [--runs N]
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { generate } = require('../validate-rules/generate');

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'run.js');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'riptides-bench-rules-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
const { files, documents } = generate(10000);
fs.mkdirSync(path.join(dir, 'manifests'));
for (const f of files) fs.writeFileSync(path.join(dir, f.file), f.text);
const hook = path.join(dir, 'cpu-hook.js');
const cpuFile = path.join(dir, 'cpu.json');
fs.writeFileSync(
  hook,
  `process.on('exit', () => { const u = process.cpuUsage(); require('fs').writeFileSync(${JSON.stringify(cpuFile)}, String((u.user + u.system) / 1000)); });`,
);

function runOnce(extra) {
  const t = performance.now();
  const r = spawnSync(
    process.execPath,
    [
      '--require',
      hook,
      BIN,
      'validate',
      '-R',
      '-f',
      path.join(dir, 'manifests'),
      '-o',
      'json',
      '--trust-domain',
      'example.com',
      ...extra,
    ],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      // Each variant keeps its own V8 code cache (bin/run.js keeps one per command word, written by
      // the first run): sharing one, the rules runs would compile the rule code on every run, since
      // the --no-rules run that went first wrote a cache without it. A user runs one way each time.
      env: {
        ...process.env,
        NO_COLOR: '1',
        XDG_CACHE_HOME: path.join(dir, extra.length ? 'cache-schema' : 'cache-rules'),
      },
    },
  );
  const wall = performance.now() - t;
  if (r.status !== 0) throw new Error(`validate exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  const out = JSON.parse(r.stdout);
  return { wall, cpu: Number(fs.readFileSync(cpuFile, 'utf8')), findings: out.findings.length };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// The two variants run in turns (schema-only, then rules, RUNS times), so that the machine getting
// busier or quieter part-way shifts both alike; the ratio of each pair is reported too.
runOnce(['--no-rules']); // warm the file cache and write each variant's code cache
runOnce([]);
const pairs = Array.from({ length: RUNS }, () => ({ schema: runOnce(['--no-rules']), rules: runOnce([]) }));
const summary = (pick) => ({
  cpu: median(pairs.map((p) => pick(p).cpu)),
  wall: median(pairs.map((p) => pick(p).wall)),
  findings: pick(pairs[0]).findings,
});
const schema = summary((p) => p.schema);
const rules = summary((p) => p.rules);
const pairRatio = median(pairs.map((p) => p.rules.cpu / p.schema.cpu));
console.log(
  `${documents} documents in ${files.length} files; whole validate process, median of ${RUNS} pairs in turns`,
);
console.log(
  `schema only (--no-rules)  CPU ${schema.cpu.toFixed(0).padStart(6)} ms   wall ${schema.wall.toFixed(0).padStart(6)} ms   ${schema.findings} findings`,
);
console.log(
  `schema + all rules        CPU ${rules.cpu.toFixed(0).padStart(6)} ms   wall ${rules.wall.toFixed(0).padStart(6)} ms   ${rules.findings} findings`,
);
console.log(`ratio (CPU)               ${(rules.cpu / schema.cpu).toFixed(2)}x   (target <= 1.50x)`);
console.log(`median of the pairs' ratios ${pairRatio.toFixed(2)}x`);
