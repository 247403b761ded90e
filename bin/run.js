#!/usr/bin/env node
'use strict';
// Entry point. `--version` is answered before anything heavy loads; everything else goes to oclif.
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
function runOclif() {
  require('@oclif/core')
    .execute({ dir: __dirname })
    .catch((err) => require('@oclif/core').handle(err));
}
// `validate` (what CI runs on every pull request) starts without oclif when its flags are plain;
// anything else (--help, a bad flag) falls through to oclif. See src/cli/fast-validate.ts.
if (argv[0] === 'validate') {
  require('../dist/cli/fast-validate.js')
    .runFastValidate(argv.slice(1), require('../package.json').version)
    .then((code) => (code === undefined ? runOclif() : (process.exitCode = code)));
} else {
  // `svid inspect` likewise, when its arguments parse against the manifest's flags (src/cli/fast-path.ts).
  let fast;
  try {
    fast = require('../dist/cli/fast-path').tryFastPath(argv, require('node:path').join(__dirname, '..'));
  } catch {
    fast = undefined;
  }
  if (!fast) runOclif();
}
