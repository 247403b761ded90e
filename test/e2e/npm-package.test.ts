/**
 * The npm package as users get it: `npm pack` of this checkout, then `npm install -g` of the tarball
 * into an empty prefix, run from an empty directory with only Node.js (this test's) on PATH. The
 * package must carry the schemas and the docs pages that findings and reasons refer to.
 * Dependencies come from the npm registry (or npm's cache: --prefer-offline), as for any user.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, tempDir } from '../helpers/cli';

const FIXTURE = path.join(REPO_ROOT, 'test/fixtures/validate/e2e/invalid-frontend.yaml');

let prefix: string;
let installed: string;
let files: string[];
const work = tempDir('riptides-npm-');

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, {
    cwd,
    encoding: 'utf8',
    // npm runs with this test's Node.js first on PATH; no project scripts run on pack or install.
    env: {
      ...process.env,
      PATH: `${path.dirname(process.execPath)}:${process.env.PATH}`,
      npm_config_loglevel: 'error',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Run the installed `riptides-cli` from an empty directory, with only Node.js and the prefix on PATH. */
function cli(args: string[]) {
  const home = path.join(work, 'home');
  const r = spawnSync(path.join(prefix, 'bin', 'riptides-cli'), args, {
    cwd: path.join(work, 'empty'),
    encoding: 'utf8',
    env: {
      PATH: `${path.join(prefix, 'bin')}:${path.dirname(process.execPath)}:/usr/bin:/bin`,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, 'config'),
      XDG_DATA_HOME: path.join(home, 'data'),
      XDG_CACHE_HOME: path.join(home, 'cache'),
      NO_COLOR: '1',
    },
    timeout: 60000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', work], REPO_ROOT)) as {
    filename: string;
    files: { path: string }[];
  }[];
  files = packed[0].files.map((f) => f.path);
  prefix = path.join(work, 'prefix');
  fs.mkdirSync(prefix);
  fs.mkdirSync(path.join(work, 'empty'));
  npm(
    [
      'install',
      '-g',
      '--prefix',
      prefix,
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      path.join(work, packed[0].filename),
    ],
    work,
  );
  installed = path.join(prefix, 'lib', 'node_modules', 'riptides-cli');
}, 300000);

test('the tarball holds the CLI, the bundle, the schemas (output schemas too) and the docs pages, not the tests', () => {
  for (const f of [
    'bin/run.js',
    'dist/bundle/cli.js',
    'oclif.manifest.json',
    'schemas/workloadidentity.schema.json',
    'schemas/service.schema.json',
    'schemas/output/ValidateReport.schema.json',
    'docs/output.md',
  ])
    expect(files).toContain(f);
  expect(files.some((f) => /^docs\/codes\/RT\d{4}\.md$/.test(f))).toBe(true);
  expect(files).toContain('docs/codes/no-identity.md');
  expect(
    files.filter((f) => f.startsWith('test/') || f.startsWith('src/') || f.startsWith('node_modules/')),
  ).toEqual([]);
});

test('the installed CLI runs: --version, validate (a docs page for every finding), explain, ctl apply (embedded)', () => {
  const v = cli(['--version']);
  expect(v.code).toBe(0);
  expect(v.stdout).toMatch(/^riptides-cli\/\d+\.\d+\.\d+ /);

  fs.copyFileSync(FIXTURE, path.join(work, 'empty', 'bad.yaml'));
  const bad = cli(['validate', '-f', 'bad.yaml', '-o', 'json']);
  expect(bad.code).toBe(1);
  const report = JSON.parse(bad.stdout) as { kind: string; findings: { code: string }[] };
  expect(report.kind).toBe('ValidateReport');
  expect(report.findings.length).toBeGreaterThan(0);
  for (const { code } of report.findings) {
    expect(fs.existsSync(path.join(installed, 'docs', 'codes', `${code}.md`))).toBe(true);
  }

  // The user's own manifests (a copy of examples/quickstart): explain, and apply to the embedded control plane.
  const qs = path.join(work, 'empty', 'quickstart');
  fs.cpSync(path.join(REPO_ROOT, 'examples', 'quickstart'), qs, { recursive: true });
  const explain = cli([
    'explain',
    'connection',
    '-f',
    'quickstart',
    '--scenario',
    'quickstart/scenario.yaml',
    '--from',
    'legacy-client',
    '--to',
    'backend-api.myapp.svc.cluster.local:3000',
    '-o',
    'json',
  ]);
  expect(explain.code).toBe(0);
  const result = JSON.parse(explain.stdout) as { verdict: string; reasons: string[] };
  expect(result.verdict).toBe('REJECTED');
  expect(result.reasons.length).toBeGreaterThan(0);
  for (const reason of result.reasons)
    expect(fs.existsSync(path.join(installed, 'docs', 'codes', `${reason}.md`))).toBe(true);
  const applied = cli(['ctl', 'apply', '-f', 'quickstart', '-o', 'json']);
  expect(applied.code).toBe(0);
  expect((JSON.parse(applied.stdout) as { items: unknown[] }).items).toHaveLength(3);
});
