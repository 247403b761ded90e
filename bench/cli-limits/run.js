#!/usr/bin/env node
'use strict';
// Hostile-input benchmarks of the CLI (docs/performance.md, "Hostile input", issue 10): wall time,
// exit code and bytes printed by `validate` on inputs that used to blow up:
// 3,000 documents with %TAG directives, a 1 MB one-line manifest with 100 findings, 200,000 findings
// in one document, and `-f /dev/zero`. Needs a fresh build: `npm run build && node bench/cli-limits/run.js`.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'run.js');

function measure(name, argv, env = {}) {
  const t = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...argv], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', ...env },
    maxBuffer: 1024 * 1024 * 1024,
    timeout: 300_000,
  });
  const wall = performance.now() - t;
  console.log(
    `${name.padEnd(44)} exit ${String(r.status).padEnd(4)} wall ${(wall / 1000).toFixed(2).padStart(6)} s  stdout ${String(r.stdout.length).padStart(9)} bytes`,
  );
}

function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'riptides-bench-limits-'));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  console.log(
    `node ${process.version}, ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  let tags = '';
  for (let i = 0; i < 3000; i++)
    tags += `%TAG !e! tag:yaml.org,2002:\n---\napiVersion: core.riptides.io/v1alpha1\nkind: Service\nmetadata:\n  name: s${i}\nspec:\n  addresses:\n    - address: !e!str a${i}.internal\n      port: 443\n  bogus: 1\n...\n`;
  fs.writeFileSync(path.join(dir, 'tags.yaml'), tags);
  const bogus = Array.from({ length: 100 }, (_, i) => `bogus${i}: 1`).join(', ');
  fs.writeFileSync(
    path.join(dir, 'wide.yaml'),
    `{apiVersion: core.riptides.io/v1alpha1, kind: Service, metadata: {name: a, annotations: {pad: ${'x'.repeat(1024 * 1024)}}}, spec: {addresses: [{address: a.internal, port: 443}], ${bogus}}}\n`,
  );
  const many = Array.from({ length: 200000 }, (_, i) => `b${i}: 1`).join(', ');
  fs.writeFileSync(
    path.join(dir, 'many.yaml'),
    `{apiVersion: core.riptides.io/v1alpha1, kind: Service, metadata: {name: a}, spec: {addresses: [{address: a.internal, port: 443}], ${many}}}\n`,
  );
  measure('validate: 3,000 docs with %TAG (3,000 findings)', ['validate', '-f', path.join(dir, 'tags.yaml')]);
  measure('validate: 1 MB one-line doc, 100 findings', ['validate', '-f', path.join(dir, 'wide.yaml')]);
  measure('validate: 200,000 findings in one document', ['validate', '-f', path.join(dir, 'many.yaml')]);
  measure('validate -f /dev/zero (64 MiB cap)', ['validate', '-f', '/dev/zero']);
}

main();
