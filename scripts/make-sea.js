#!/usr/bin/env node
'use strict';
// `npm run build:sea` (after `npm run build`): the one-file binary dist/sea/riptides-cli, a Node.js
// single-executable application (https://nodejs.org/api/single-executable-applications.html).
//  1. esbuild bundles every command, @oclif/core and every dependency (nothing external: in a SEA,
//     require() only loads built-in modules) into one script that hands oclif the commands from
//     memory (its module loader is patched to look there; the help and autocomplete plugins, which
//     oclif loads from disk, are left out: --help still works, `help CMD` does not).
//  2. That bundle, the schemas and the docs pages become SEA assets (src/io/package-files.ts reads
//     the files there); the SEA's main script is small (see mainSource).
//  3. `node --experimental-sea-config` writes the blob (useCodeCache for the main script); postject
//     injects it into a copy of the Node.js binary that runs this script (the project's Node 24).
//     A training run then writes the bundle's V8 code cache, and the blob is made again with it.
// It builds for the platform it runs on; docs/ci.md says how to build the others.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');
const outDir = path.join(dist, 'sea');
const pjson = require('../package.json');
const SEA_COMMANDS = 'riptides-sea-commands';
const ASSET_DIRS = ['schemas', 'docs'];

function listCommands(dir, prefix = []) {
  const out = [];
  for (const entry of fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listCommands(full, [...prefix, entry.name]));
    else if (entry.name.endsWith('.js')) {
      const name = entry.name.slice(0, -3);
      out.push({ id: [...prefix, ...(name === 'index' ? [] : [name])].join(':'), file: full });
    }
  }
  return out;
}

function bundleEntrySource(commands) {
  const oclif = {
    ...pjson.oclif,
    plugins: [],
    commands: { strategy: 'explicit', target: `./${SEA_COMMANDS}`, identifier: 'COMMANDS' },
  };
  const seaPjson = { name: pjson.name, version: pjson.version, oclif };
  return `'use strict';
const COMMANDS = {};
${commands
  .map(
    ({ id, file }) =>
      `Object.defineProperty(COMMANDS, ${JSON.stringify(id)}, { enumerable: true, get: () => require(${JSON.stringify('./' + path.relative(dist, file).split(path.sep).join('/'))}).default });`,
  )
  .join('\n')}
globalThis.__riptidesSeaModules = { ${JSON.stringify(SEA_COMMANDS)}: { COMMANDS } };
globalThis.__riptidesSeaManifest = ${fs.readFileSync(path.join(root, 'oclif.manifest.json'), 'utf8').trim()};
const core = require('@oclif/core');
core.settings.enableAutoTranspile = false;
const pjson = ${JSON.stringify(seaPjson)};
core
  .execute({ loadOptions: { root: require('node:path').dirname(process.execPath), pjson } })
  .catch((err) => core.handle(err));
`;
}

/**
 * The SEA's main script: small, so that start-up (and --version, answered here) does not pay for the
 * 6 MB bundle. Everything else runs the bundle (asset cli.js) through vm.Script with the V8 code cache
 * made at build time (asset cli.cache, from a training run; a rejected or absent cache only costs
 * speed). RIPTIDES_SEA_WRITE_CACHE=FILE makes a run write that cache on exit (the build uses it).
 */
function mainSource() {
  const version = `${pjson.name}/${pjson.version}`;
  return `'use strict';
const argv = process.argv.slice(2);
if (argv.length === 1 && argv[0] === '--version') {
  process.stdout.write(${JSON.stringify(version)} + ' ' + process.platform + '-' + process.arch + ' node-' + process.version + '\\n');
} else {
  const sea = require('node:sea');
  const vm = require('node:vm');
  const path = require('node:path');
  let cachedData;
  const writeCache = process.env.RIPTIDES_SEA_WRITE_CACHE;
  if (!writeCache) {
    try {
      cachedData = Buffer.from(sea.getAsset('cli.cache'));
    } catch {
      // built without a cache
    }
  }
  const source = sea.getAsset('cli.js', 'utf8');
  const script = new vm.Script('(function (exports, require, module, __filename, __dirname) {' + source + '\\n})', {
    filename: path.join(path.dirname(process.execPath), 'riptides-cli.js'),
    cachedData,
  });
  if (writeCache) process.once('exit', () => require('node:fs').writeFileSync(writeCache, script.createCachedData()));
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, require, mod, process.execPath, path.dirname(process.execPath));
}
`;
}

/** `text` with `from` (which must occur exactly once) followed by `to`, or undefined. */
function insertAfter(text, from, to) {
  return text.split(from).length === 2 ? text.replace(from, `${from}${to}`) : undefined;
}

/**
 * The SEA bundle's patches of @oclif/core (pinned exactly in package.json) and of our own tsc output.
 * Each must apply: a patch whose text is not found exactly once fails the build when esbuild loads
 * the file, and one whose file esbuild never loaded (a file renamed or moved) fails it after the
 * bundle is built, so that an update that moves the code is noticed at build time, not by users of
 * the binary. test/e2e/sea-patches.test.ts checks them against the installed @oclif/core and dist/.
 */
const PATCHES = {
  /** oclif's module loader: modules registered in memory by the entry come from there, not from disk. */
  'oclif-sea-modules': {
    file: /@oclif[/\\]core[/\\]lib[/\\]module-loader\.js$/,
    patch(text) {
      const lookup = `const seaModule = globalThis.__riptidesSeaModules?.[require('node:path').basename(modulePath)];`;
      for (const [from, to] of [
        ['async function load(config, modulePath) {', `${lookup}\n    if (seaModule) return seaModule;`],
        [
          'async function loadWithData(config, modulePath) {',
          `${lookup}\n    if (seaModule) return { filePath: modulePath, isESM: false, module: seaModule };`,
        ],
      ]) {
        text = insertAfter(text, from, `\n    ${to}`);
        if (text === undefined) return undefined;
      }
      return text;
    },
  },
  /**
   * The command manifest (oclif.manifest.json, embedded by the entry): without it oclif would load
   * every command to list them.
   */
  'oclif-sea-manifest': {
    file: /@oclif[/\\]core[/\\]lib[/\\]config[/\\]plugin\.js$/,
    patch(text) {
      const from = 'const manifest = await (0, fs_1.readJson)(p);';
      if (text.split(from).length !== 2) return undefined;
      return text.replace(
        from,
        'const manifest = globalThis.__riptidesSeaManifest ?? (await (0, fs_1.readJson)(p));',
      );
    },
  },
  /** The precompiled schema validators are required by a computed path: make it a static one. */
  'static-validators': {
    file: /[/\\]dist[/\\]io[/\\]validators\.js$/,
    patch(text) {
      const from = 'require(exports.PRECOMPILED_VALIDATORS)';
      if (text.split(from).length !== 2) return undefined;
      return text.replace(from, "require('../generated/schema-validators.js')");
    },
  },
};

/** The names of the patches that applied, filled in while esbuild loads the files. */
const applied = new Set();

const seaPatches = {
  name: 'sea-patches',
  setup(build) {
    for (const [name, { file, patch }] of Object.entries(PATCHES)) {
      build.onLoad({ filter: file }, async (args) => {
        const contents = patch(await fs.promises.readFile(args.path, 'utf8'));
        if (contents === undefined)
          throw new Error(
            `make-sea: patch ${name} no longer matches ${args.path}; update scripts/make-sea.js`,
          );
        applied.add(name);
        return { contents, loader: 'js' };
      });
    }
  },
};

function listFiles(dir) {
  return fs
    .readdirSync(path.join(root, dir), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(`${dir}/${e.name}`) : [`${dir}/${e.name}`]));
}

/** Write the blob from these assets into a fresh copy of this Node.js binary. */
function inject(exe, mainFile, assets) {
  const configFile = path.join(outDir, 'sea-config.json');
  const blob = path.join(outDir, 'sea-prep.blob');
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      main: mainFile,
      output: blob,
      disableExperimentalSEAWarning: true,
      useCodeCache: true,
      assets,
    }),
  );
  execFileSync(process.execPath, ['--experimental-sea-config', configFile], { stdio: 'ignore' });
  fs.copyFileSync(process.execPath, exe);
  fs.chmodSync(exe, 0o755);
  if (process.platform === 'darwin') execFileSync('codesign', ['--remove-signature', exe]);
  execFileSync(
    process.execPath,
    [
      require.resolve('postject/dist/cli.js'),
      exe,
      'NODE_SEA_BLOB',
      blob,
      '--sentinel-fuse',
      'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2',
      ...(process.platform === 'darwin' ? ['--macho-segment-name', 'NODE_SEA'] : []),
    ],
    // postject warns about ELF note sections it does not know; the result runs (tested)
    { stdio: 'ignore' },
  );
  if (process.platform === 'darwin') execFileSync('codesign', ['--sign', '-', exe]);
  fs.rmSync(configFile);
  fs.rmSync(blob);
}

async function main() {
  if (!fs.existsSync(path.join(dist, 'generated', 'schema-validators.js')))
    throw new Error('run `npm run build` first');
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const bundleFile = path.join(outDir, 'cli.js');
  await esbuild.build({
    stdin: {
      contents: bundleEntrySource(listCommands(path.join(dist, 'commands'))),
      resolveDir: dist,
      sourcefile: 'sea-entry.js',
      loader: 'js',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    outfile: bundleFile,
    // optional peers that oclif and others probe for with require(); absent
    external: ['ts-node', 'tsx', 'typescript'],
    keepNames: true,
    legalComments: 'none',
    logLevel: 'error',
    plugins: [seaPatches],
  });
  const missing = Object.keys(PATCHES).filter((name) => !applied.has(name));
  if (missing.length)
    throw new Error(
      `make-sea: patch ${missing.join(', ')} found no file to patch (renamed or moved?); update scripts/make-sea.js`,
    );
  // In ASCII: decoded as one-byte text, the fast way (see asciiOnly in scripts/build-bundle.js).
  require('./build-bundle').asciiOnly(bundleFile);
  const mainFile = path.join(outDir, 'main.js');
  fs.writeFileSync(mainFile, mainSource());

  const files = ASSET_DIRS.flatMap(listFiles).sort();
  const assets = Object.fromEntries(files.map((f) => [f, path.join(root, f)]));
  const listFile = path.join(outDir, 'package-files.json');
  fs.writeFileSync(listFile, JSON.stringify(files));
  assets['package-files.json'] = listFile;
  assets['cli.js'] = bundleFile;
  const exe = path.join(outDir, process.platform === 'win32' ? 'riptides-cli.exe' : 'riptides-cli');
  inject(exe, mainFile, assets);

  // Training run for the code cache: a validate of the quickstart compiles what most commands use.
  const cacheFile = path.join(outDir, 'cli.cache');
  const home = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'riptides-sea-build-'));
  execFileSync(exe, ['validate', '-f', path.join(root, 'examples', 'quickstart')], {
    stdio: 'ignore',
    env: { ...process.env, RIPTIDES_SEA_WRITE_CACHE: cacheFile, XDG_CONFIG_HOME: home, XDG_CACHE_HOME: home },
  });
  fs.rmSync(home, { recursive: true, force: true });
  assets['cli.cache'] = cacheFile;
  inject(exe, mainFile, assets);

  const sizes = {
    exe: fs.statSync(exe).size,
    bundle: fs.statSync(bundleFile).size,
    cache: fs.statSync(cacheFile).size,
  };
  for (const f of [listFile, cacheFile, mainFile, bundleFile]) fs.rmSync(f);
  const mib = (n) => (n / 1024 / 1024).toFixed(1);
  process.stdout.write(
    `built ${path.relative(root, exe)} (${mib(sizes.exe)} MiB: bundle ${mib(sizes.bundle)} MiB, code cache ${mib(sizes.cache)} MiB, ${files.length} embedded files)\n`,
  );
}

module.exports = { PATCHES };

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`build:sea failed: ${err.stack || err}\n`);
    process.exit(1);
  });
}
