#!/usr/bin/env node
'use strict';
// Entry point. `--version` is answered before anything heavy loads; everything else goes to oclif,
// from the one-file bundle dist/bundle/cli.js (scripts/build-bundle.js) when the build made one that
// is not older than the tsc output, else from dist/commands through oclif's normal loading.
const argv = process.argv.slice(2);
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  // Too old (a fresh machine's system Node): hand over to the Node.js that `npm ci` installed as a
  // dev dependency (the `node` package), when this is a source checkout that has one.
  const local = require('node:path').join(__dirname, '..', 'node_modules', 'node', 'bin', 'node');
  if (!process.env.RIPTIDES_NODE_REEXEC && require('node:fs').existsSync(local)) {
    const result = require('node:child_process').spawnSync(local, [process.argv[1], ...argv], {
      stdio: 'inherit',
      env: { ...process.env, RIPTIDES_NODE_REEXEC: '1' },
    });
    if (result.error) {
      process.stderr.write(`Error: could not start ${local}: ${result.error.message}\n`);
      process.exit(2);
    }
    if (result.signal) process.kill(process.pid, result.signal);
    process.exit(result.status ?? 1);
  }
  process.stderr.write(
    `Error: riptides-cli needs Node.js >= 22.13 (this is ${process.version}).\nTry this:\n  install Node.js 22.13 or newer (Node 24 LTS recommended), or run \`npm ci\` in the checkout (it installs Node 24 as a dev dependency)\n`,
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
// Keep V8's young generation at its initial size (1 MiB semi-spaces) in the short-lived commands:
// by default it doubles up to 32 MiB under the garbage of parsing thousands of documents, and each
// new page costs a page fault. Measured on `validate` of 10,000 files: a third fewer page faults,
// 7 % less CPU (docs/performance.md). `controlplane serve` is long-lived and keeps V8's default.
// (V8 reads this flag when it grows the space, so setting it here, after start-up, works.)
// `simulate --flows` sets it itself once it runs (src/cli/simulate-flows.ts), after start-up has let
// the young generation grow a little; set here already, it cost that replay more than it saved —
// peak RSS 166–171 → 196–206 MiB, +5,000 page faults on 1,000,000 flows of the 2,000-workload set
// (docs/performance.md).
const flowReplay = argv[0] === 'simulate' && argv.some((a) => a.startsWith('--flows'));
if (argv[0] !== 'controlplane' && !flowReplay)
  require('node:v8').setFlagsFromString('--semi-space-growth-factor=1');
// No TurboFan (V8's optimising compiler; Maglev, the faster-compiling one, still runs) in the commands
// that do one bounded pass: TurboFan's compile threads cost more than its code saves in a run of a
// second. `validate -R` of 10,000 documents: CPU 1,110 → 910 ms (docs/performance.md). The
// long-running ones keep it (`controlplane serve`, `simulate`'s millions of pairs: 1.50 → 2.03 s
// without it), and so does a large input: src/cli/v8-tiering.ts turns it back on. Only from Node.js 24:
// Node.js 22 does not enable Maglev, and without TurboFan too its hot code would only be interpreted.
if (major >= 24 && argv[0] !== 'controlplane' && argv[0] !== 'simulate')
  require('node:v8').setFlagsFromString('--no-turbofan');
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
  const file = path.join(root, BUNDLE);
  let stat;
  try {
    stat = fs.statSync(file);
  } catch {
    return undefined;
  }
  try {
    if (fs.statSync(path.join(root, 'dist', '.tsbuildinfo')).mtimeMs > stat.mtimeMs) return undefined;
  } catch {
    // no tsc record (a packed install): the bundle is all there is
  }
  return runWithCodeCache(file, stat);
}

/**
 * Runs the bundle as a CommonJS module, with a V8 code cache of its own. Node's compile cache keeps
 * only what V8 compiles up front, and in a bundle every module body is a function compiled lazily on
 * first use, so it would recompile the same ~100 functions on every run. This cache is taken after
 * the command ran (V8 then includes every function compiled so far), one file per command word, in
 * $XDG_CACHE_HOME/riptides (~/.cache/riptides); the name holds the bundle's size and mtime and the
 * Node.js version, since V8 only checks the source length. Any cache problem only costs speed.
 */
function runWithCodeCache(file, stat) {
  const Module = require('node:module');
  const vm = require('node:vm');
  // The build writes the bundle in ASCII (scripts/build-bundle.js), for which latin1 is exact and the
  // fastest decoding.
  const source = fs.readFileSync(file, 'latin1');
  const word = /^[a-z][a-z-]{0,30}$/.test(argv[0] ?? '') ? argv[0] : 'other';
  const key = `${stat.size}-${Math.trunc(stat.mtimeMs)}-${process.version}-${process.arch}`;
  const cacheDir = path.join(
    process.env.XDG_CACHE_HOME || path.join(require('node:os').homedir(), '.cache'),
    'riptides',
    'code-cache',
  );
  const cacheFile = path.join(cacheDir, `${word}-${key}.bin`);
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // first run of this command word with this build
  }
  // A dynamic import() compiled by vm has no loader: the bundle's (oclif loading the ESM help and
  // autocomplete plugins) calls __riptidesImport instead (scripts/build-bundle.js).
  const wrapped = `(function (exports, require, module, __filename, __dirname, __riptidesImport) {${source}\n})`;
  const script = new vm.Script(wrapped, { filename: file, cachedData });
  const bundleRequire = Module.createRequire(file);
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = bundleRequire.resolve.paths('@oclif/core');
  // oclif requires the bundle again as the commands' target: let it find this module (require.cache
  // is the public face of the module cache).
  require.cache[file] = mod;
  const dynamicImport = (specifier) => import(specifier);
  script.runInThisContext()(mod.exports, bundleRequire, mod, file, path.dirname(file), dynamicImport);
  mod.loaded = true;
  // Only words that name a topic or command (or help, autocomplete, a leading flag) get a cache file.
  const words = new Set(['help', 'autocomplete', 'other']);
  for (const id of Object.keys(mod.exports.COMMANDS ?? {})) words.add(id.split(':')[0]);
  // The first run of a word writes its cache, and the cache holds what that run compiled: a command's
  // help, or a run that stopped early (a usage error, an unreachable control plane, a bug), would
  // leave every later run compiling the command's code afresh. Such runs write none.
  const help = argv.includes('--help') || argv.includes('-h');
  const helpOnly = help && word !== 'help' && word !== 'other';
  if ((!cachedData || script.cachedDataRejected) && words.has(word) && !helpOnly) {
    process.once('exit', (code) => {
      // 0 ok, 1 findings, 10 and 11 explain --exit-code verdicts: the command did its job.
      if (code !== 0 && code !== 1 && code !== 10 && code !== 11) return;
      try {
        fs.mkdirSync(cacheDir, { recursive: true });
        const tmp = `${cacheFile}.${process.pid}`;
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, cacheFile);
        // caches of this word for other builds or Node.js versions are dead weight
        for (const other of fs.readdirSync(cacheDir)) {
          const rest = other.startsWith(`${word}-`) ? other.slice(word.length + 1) : '';
          if (/^\d/.test(rest) && !rest.startsWith(key) && rest.endsWith('.bin')) {
            fs.rmSync(path.join(cacheDir, other), { force: true });
          }
        }
      } catch {
        // an unwritable cache directory only costs speed
      }
    });
  }
  return mod.exports;
}

const bundle = loadBundle();
if (bundle) {
  // Commands come from the bundle's COMMANDS (oclif's explicit discovery), listed by oclif.manifest.json.
  const pjson = require('../package.json');
  const oclif = {
    ...pjson.oclif,
    commands: { strategy: 'explicit', target: `./${BUNDLE}`, identifier: 'COMMANDS' },
  };
  // One of our own commands, without a help flag, needs neither the help nor the autocomplete plugin:
  // do not load them (their package.json and manifests, and the pattern matching of plugin names).
  const ids = Object.keys(bundle.COMMANDS);
  const ownCommand = ids.includes(argv[0]) || ids.includes(`${argv[0]}:${argv[1]}`);
  if (ownCommand && !argv.includes('--help') && !argv.includes('-h')) oclif.plugins = [];
  // The bundle is compiled JavaScript: never look for TypeScript sources (NODE_ENV=test would).
  bundle.settings.enableAutoTranspile = false;
  bundle.execute({ loadOptions: { root, pjson: { ...pjson, oclif } } }).catch((err) => bundle.handle(err));
} else {
  require('@oclif/core')
    .execute({ dir: __dirname })
    .catch((err) => require('@oclif/core').handle(err));
}
