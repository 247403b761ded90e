#!/usr/bin/env node
'use strict';
// Build step (run by scripts/build.js after tsc): bundle dist/ (every command, @oclif/core and the
// light dependencies) into one CommonJS file, dist/bundle/cli.js, so that start-up reads and compiles
// one file (whose bytecode the compile cache keeps) instead of resolving and reading ~200 modules.
// bin/run.js loads it when it is present and not older than the tsc output; otherwise it falls back
// to oclif's normal loading of dist/commands. The bundle exports oclif's `execute`/`handle` and
// COMMANDS, an object of lazy getters (oclif's "explicit" command discovery): a command's module graph
// is only initialised when that command runs.
// Heavy dependencies that only some commands use stay external (required from node_modules when
// needed): @peculiar/x509, fastify, jose, ajv (+ ajv-formats). undici is bundled: like every module
// of the bundle it is initialised on its first require only (the commands that talk to a control
// plane), and inside the bundle its code is in the command's code cache (requiring it from
// node_modules took 75–90 ms of a `ctl` run even with Node's compile cache; ≈ 40–60 ms less a run). The precompiled schema
// validators (dist/generated, written by build-validators.js) are required at run time by path, so
// this step does not depend on that one.
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');
const outDir = path.join(dist, 'bundle');
const outFile = path.join(outDir, 'cli.js');

/** Packages left out of the bundle: heavy, and only loaded by the commands that use them. */
const EXTERNAL = [
  '@peculiar/x509',
  'fastify',
  // fastify's schema compilers, loaded only when a plugin route declares a schema (src/server/index.ts)
  '@fastify/ajv-compiler',
  '@fastify/fast-json-stringify-compiler',
  'jose',
  'ajv',
  'ajv/*',
  'ajv-formats',
  // PostgreSQL client (controlplane serve --datastore postgres://… only); probes for pg-native
  'pg',
  'pg-copy-streams',
  // optional peers that oclif or its dependencies probe for with require(); absent here
  'ts-node',
  'tsx',
  'typescript',
];

/**
 * The bundle's two patches of @oclif/core (pinned exactly in package.json). Each must apply: a patch
 * whose file or text is not found fails the build (checked after esbuild), so that an
 * @oclif/core update that moves the code is noticed at build time, not by users at start-up.
 */
const PATCHES = {
  /**
   * oclif sorts every plugin's commands with localeCompare when it loads them; the first
   * localeCompare of a process sets up the ICU collator (≈ 8 ms of CPU, a quarter of `node -e 0`).
   * Command ids are lower-case ASCII, for which code-unit order is the same order.
   */
  'oclif-command-sort': {
    file: /@oclif[/\\]core[/\\]lib[/\\]config[/\\]plugin\.js$/,
    patch(text) {
      const from = '.sort((a, b) => a.id.localeCompare(b.id))';
      if (text.split(from).length !== 2) return undefined;
      return text.replace(from, '.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))');
    },
  },
  /**
   * bin/run.js runs the bundle through vm.Script (to keep a V8 code cache of it), where a dynamic
   * import() has no loader unless an experimental option is set. oclif's module loader import()s ESM
   * command files (the help and autocomplete plugins): route those calls to the `__riptidesImport`
   * that bin/run.js passes in (a plain require of the bundle falls back to import()).
   */
  'oclif-dynamic-import': {
    file: /@oclif[/\\]core[/\\]lib[/\\]module-loader\.js$/,
    patch(text) {
      const parts = text.split('await import(');
      if (parts.length < 2) return undefined;
      return (
        "const riptidesImport = typeof __riptidesImport === 'function' ? __riptidesImport : (s) => import(s);\n" +
        parts.join('await riptidesImport(')
      );
    },
  },
};

/** The names of the patches that applied, filled in while esbuild loads the files. */
const applied = new Set();

const oclifPatches = {
  name: 'oclif-patches',
  setup(build) {
    for (const [name, { file, patch }] of Object.entries(PATCHES)) {
      build.onLoad({ filter: file }, async (args) => {
        const text = await fs.promises.readFile(args.path, 'utf8');
        const contents = patch(text);
        if (contents === undefined) {
          throw new Error(
            `patch ${name} no longer matches ${args.path}: @oclif/core changed; update scripts/build-bundle.js`,
          );
        }
        applied.add(name);
        return { contents, loader: 'js' };
      });
    }
  },
};

/** Command ids (oclif form, `svid:inspect`) → dist files, from dist/commands/**.js. */
function listCommands(dir, prefix = []) {
  const out = [];
  for (const entry of fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listCommands(full, [...prefix, entry.name]));
    else if (entry.name.endsWith('.js') && !entry.name.endsWith('.test.js')) {
      const name = entry.name.slice(0, -3);
      out.push({ id: [...prefix, ...(name === 'index' ? [] : [name])].join(':'), file: full });
    }
  }
  return out;
}

function entrySource(commands) {
  const lines = [
    "'use strict';",
    "const core = require('@oclif/core');",
    'exports.execute = core.execute;',
    'exports.handle = core.handle;',
    'exports.settings = core.settings;',
    'exports.oclif = core;',
    'const COMMANDS = {};',
  ];
  for (const { id, file } of commands) {
    const rel = './' + path.relative(dist, file).split(path.sep).join('/');
    lines.push(
      `Object.defineProperty(COMMANDS, ${JSON.stringify(id)}, { enumerable: true, get: () => require(${JSON.stringify(rel)}).default });`,
    );
  }
  lines.push('exports.COMMANDS = COMMANDS;', '');
  return lines.join('\n');
}

async function main() {
  const commands = listCommands(path.join(dist, 'commands'));
  fs.rmSync(outDir, { recursive: true, force: true });
  const result = await esbuild.build({
    stdin: { contents: entrySource(commands), resolveDir: dist, sourcefile: 'bundle-entry.js', loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    outfile: outFile,
    external: EXTERNAL,
    // keep class and function names: oclif and error messages show them
    keepNames: true,
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    plugins: [oclifPatches],
    banner: {
      js: '// Generated by scripts/build-bundle.js from dist/ and node_modules: do not edit.',
    },
  });
  const missing = Object.keys(PATCHES).filter((name) => !applied.has(name));
  if (missing.length) {
    throw new Error(
      `patch ${missing.join(', ')} found no file to patch: @oclif/core changed; update scripts/build-bundle.js`,
    );
  }
  asciiOnly(outFile);
  const inputs = Object.keys(result.metafile.inputs).length;
  if (process.env.BUNDLE_ANALYZE) process.stdout.write(await esbuild.analyzeMetafile(result.metafile));
  const bytes = fs.statSync(outFile).size;
  process.stdout.write(
    `bundled ${inputs} modules (${commands.length} commands) into dist/bundle/cli.js (${(bytes / 1024).toFixed(0)} KiB)\n`,
  );
}

/**
 * Rewrite every non-ASCII character of the bundle as a \u escape. esbuild escapes them in strings but
 * leaves comments, and a dependency's regular expression, as they are; one such character makes
 * bin/run.js's read of the file a two-byte string, decoded the slow way (≈ 23 ms against ≈ 4 ms for
 * the same file in ASCII, on every run of every command). A \u escape means the same character in
 * a string, a regular expression, a template or an identifier, and is only text in a comment.
 * The result must still compile, and bin/run.js reads it as latin1, which is exact for ASCII.
 */
function asciiOnly(file) {
  const text = fs.readFileSync(file, 'utf8');
  const ascii = text.replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  new (require('node:vm').Script)(`(function (exports, require, module) {${ascii}\n})`, { filename: file });
  fs.writeFileSync(file, ascii);
}

module.exports = { PATCHES, asciiOnly };

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`${err.stack || err}\n`);
    process.exit(1);
  });
}
