/**
 * bin/run.js has two start paths: the one-file bundle (dist/bundle/cli.js, run through vm.Script
 * with a V8 code cache and two build-time patches of @oclif/core) and oclif's normal loading of
 * dist/commands (RIPTIDES_NO_BUNDLE=1, or no bundle). Both must behave the same; and each patch of
 * the bundle must still match the pinned @oclif/core (scripts/build-bundle.js fails the build if not).
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, runCli, tempDir } from '../helpers/cli';
import { jsFilesUnder, testPatchTable, type PatchTable } from '../helpers/patch-tables';

const QUICKSTART = path.join(REPO_ROOT, 'examples', 'quickstart');
const { PATCHES } = require(path.join(REPO_ROOT, 'scripts', 'build-bundle.js')) as { PATCHES: PatchTable };

let bad: string;
beforeAll(() => {
  bad = path.join(tempDir('riptides-start-'), 'bad.yaml');
  fs.writeFileSync(
    bad,
    'apiVersion: core.riptides.io/v1alpha1\nkind: Service\nmetadata: {name: x}\nspec: [1\n',
  );
});

/**
 * [name, arguments, whether the bundle keeps a code cache for the first word (only known words get
 * one, from a run that did its job, not from a command's --help)]
 */
const CASES: [string, () => string[], boolean][] = [
  ['validate (ok)', () => ['validate', '-f', QUICKSTART], true],
  ['validate (a YAML error)', () => ['validate', '-f', bad], true],
  // the help plugin is ESM: oclif import()s it (the dynamic-import patch); the list is sorted (the sort patch)
  ['--help', () => ['--help'], true],
  // a command's help writes no cache for its word (it would hold the help's code, not the command's)
  ['ctl --help', () => ['ctl', '--help'], false],
  ['an unknown command (the command_not_found hook)', () => ['valdate'], false],
  // nor does a run that stopped early (exit 3 here)
  [
    'ctl get, control plane unreachable',
    () => ['ctl', 'get', 'workloadidentities', '--server', 'https://127.0.0.1:9', '--token', 't'],
    false,
  ],
  // the embedded control plane: fastify, node:sqlite, the server code
  ['ctl get on the embedded control plane', () => ['ctl', 'get', 'workloadidentities', '-o', 'json'], true],
];

/** A run in a home of its own; `bundled` says whether a code cache was written (the bundle alone writes one). */
async function run(args: string[], env: Record<string, string> = {}) {
  const home = tempDir('riptides-start-home-');
  const r = await runCli(args, {
    env: {
      XDG_CONFIG_HOME: path.join(home, 'config'),
      XDG_DATA_HOME: path.join(home, 'data'),
      XDG_CACHE_HOME: path.join(home, 'cache'),
      ...env,
    },
  });
  const bundled = fs.existsSync(path.join(home, 'cache', 'riptides', 'code-cache'));
  // the data directory is per run: name it the same in both outputs
  const scrub = (s: string) => s.split(home).join('HOME');
  return { code: r.code, stdout: scrub(r.stdout), stderr: scrub(r.stderr), bundled };
}

describe('both start paths', () => {
  test.each(CASES)(
    '%s: same exit code and output with and without the bundle',
    async (_name, args, cached) => {
      const viaBundle = await run(args());
      const viaOclif = await run(args(), { RIPTIDES_NO_BUNDLE: '1' });
      expect(viaBundle.bundled).toBe(cached);
      expect(viaOclif.bundled).toBe(false);
      expect(viaBundle.code).not.toBe(70);
      expect({ ...viaOclif, bundled: undefined }).toEqual({ ...viaBundle, bundled: undefined });
    },
  );
});

describe('the bundle patches of @oclif/core', () => {
  const oclifLib = path.join(path.dirname(require.resolve('@oclif/core/package.json')), 'lib');
  testPatchTable(PATCHES, jsFilesUnder(oclifLib));
});
