#!/usr/bin/env node
'use strict';
// Entry point. `--version` is answered before anything heavy loads; everything else goes to oclif,
// from the one-file bundle dist/bundle/cli.js (scripts/build-bundle.js) when the build made one that
// is not older than the tsc output, else from dist/commands through oclif's normal loading.
const argv = process.argv.slice(2);
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  process.stderr.write(
    `Error: riptides-cli needs Node.js >= 22.13 (this is ${process.version}).\nTry this:\n  install Node.js 22.13 or newer (Node 24 LTS recommended)\n`,
  );
  process.exit(2);
}
if (argv.length === 1 && argv[0] === '--version') {
  const pkg = require('../package.json');
  process.stdout.write(
    `${pkg.name}/${pkg.version} ${process.platform}-${process.arch} node-${process.version}\n`,
  );
  process.exit(0);
}
// Cache compiled bytecode between runs: most of a short command's time is module loading.
try {
  require('node:module').enableCompileCache?.();
} catch {
  // an unwritable cache directory only costs speed
}
const fs = require('node:fs');
const path = require('node:path');
const root = path.join(__dirname, '..');
const BUNDLE = 'dist/bundle/cli.js';

/** The bundle, if present and built after the last tsc run (else a stale bundle would hide changes). */
function loadBundle() {
  if (process.env.RIPTIDES_NO_BUNDLE) return undefined;
  let built;
  try {
    built = fs.statSync(path.join(root, BUNDLE)).mtimeMs;
  } catch {
    return undefined;
  }
  try {
    if (fs.statSync(path.join(root, 'dist', '.tsbuildinfo')).mtimeMs > built) return undefined;
  } catch {
    // no tsc record (a packed install): the bundle is all there is
  }
  return require(path.join(root, BUNDLE));
}

const bundle = loadBundle();
if (bundle) {
  // Commands come from the bundle's COMMANDS (oclif's explicit discovery), listed by oclif.manifest.json.
  const pjson = require('../package.json');
  const oclif = {
    ...pjson.oclif,
    commands: { strategy: 'explicit', target: `./${BUNDLE}`, identifier: 'COMMANDS' },
  };
  // The bundle is compiled JavaScript: never look for TypeScript sources (NODE_ENV=test would).
  bundle.settings.enableAutoTranspile = false;
  bundle.execute({ loadOptions: { root, pjson: { ...pjson, oclif } } }).catch((err) => bundle.handle(err));
} else {
  require('@oclif/core')
    .execute({ dir: __dirname })
    .catch((err) => require('@oclif/core').handle(err));
}
