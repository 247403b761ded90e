#!/usr/bin/env node
'use strict';
// npm `prepare` (runs on `npm install` in a fresh clone, on installs from git, and before `npm pack`):
// build when there is no build yet, as in the clone that pre-commit makes of this repository for the
// riptides-validate hook (.pre-commit-hooks.yaml). A checkout that already has a build keeps it:
// `npm run build` is how developers rebuild, and a second build would only cost time.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
if (
  !fs.existsSync(path.join(root, 'dist', 'bundle', 'cli.js')) ||
  !fs.existsSync(path.join(root, 'oclif.manifest.json'))
) {
  require('./build.js');
}
