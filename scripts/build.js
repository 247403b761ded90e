#!/usr/bin/env node
'use strict';
// Build: compile TypeScript to dist/, run the code-generation steps, write the oclif manifest
// (so that start-up does not scan and require every command to list them).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');

// Several agents or test runs may build at once in one work tree: take a lock (a directory) first.
const lock = path.join(root, '.build.lock');
const deadline = Date.now() + 120000;
for (;;) {
  try {
    fs.mkdirSync(lock);
    break;
  } catch {
    try {
      if (Date.now() - fs.statSync(lock).mtimeMs > 120000) fs.rmSync(lock, { recursive: true, force: true });
    } catch {
      /* gone meanwhile */
    }
    if (Date.now() > deadline) break;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
  }
}
process.on('exit', () => fs.rmSync(lock, { recursive: true, force: true }));
function run(script, args) {
  try {
    execFileSync(process.execPath, [script, ...args], { stdio: 'inherit', cwd: root });
  } catch (err) {
    process.stderr.write(`build failed: ${path.relative(root, script)} exited with ${err.status}\n`);
    process.exit(1);
  }
}

run(require.resolve('typescript/bin/tsc'), ['-p', path.join(root, 'tsconfig.build.json')]);
removeStale();

// Code-generation steps (each a script in scripts/ named build-*.js), in name order.
for (const step of fs
  .readdirSync(__dirname)
  .filter((f) => /^build-.+\.js$/.test(f))
  .sort()) {
  run(path.join(__dirname, step), []);
}

/**
 * tsc never deletes: a compiled file whose source was removed or renamed would stay in dist/ (and a
 * removed command would still be listed by the manifest). Delete every compiled file under the
 * directories tsc writes whose src/ counterpart is gone; the generated steps' own outputs
 * (dist/bundle, dist/generated, dist/sea) are theirs to replace.
 */
function removeStale() {
  const dist = path.join(root, 'dist');
  const src = path.join(root, 'src');
  const walk = (dir) => {
    for (const e of fs.readdirSync(path.join(dist, dir), { withFileTypes: true })) {
      const rel = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!fs.existsSync(path.join(src, rel)))
          fs.rmSync(path.join(dist, rel), { recursive: true, force: true });
        else walk(rel);
        continue;
      }
      const m = /^(.*?)(\.d\.ts|\.js)(\.map)?$/.exec(e.name);
      if (m && !fs.existsSync(path.join(src, dir, `${m[1]}.ts`)))
        fs.rmSync(path.join(dist, rel), { force: true });
    }
  };
  for (const top of fs.readdirSync(src, { withFileTypes: true }))
    if (top.isDirectory() && fs.existsSync(path.join(dist, top.name))) walk(top.name);
}

async function writeManifest() {
  const { Plugin } = require('@oclif/core');
  const plugin = new Plugin({
    root,
    type: 'core',
    ignoreManifest: true,
    errorOnManifestCreate: true,
    isRoot: true,
  });
  await plugin.load();
  const manifest = plugin.manifest;
  fs.writeFileSync(path.join(root, 'oclif.manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return Object.keys(manifest.commands).length;
}

writeManifest().then(
  (n) => process.stdout.write(`built dist/ and oclif.manifest.json (${n} commands)\n`),
  (err) => {
    process.stderr.write(`build failed: ${err.stack || err}\n`);
    process.exit(1);
  },
);
