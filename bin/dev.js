#!/usr/bin/env node
'use strict';
// Development entry point: rebuilds dist/ (incremental tsc + oclif manifest), then runs like bin/run.js.
const { execFileSync } = require('node:child_process');
const path = require('node:path');
execFileSync(process.execPath, [path.join(__dirname, '..', 'scripts', 'build.js')], { stdio: 'inherit' });
require('./run.js');
