/**
 * The one-file binary (`npm run build:sea` → dist/sea/riptides-cli), copied alone into an empty
 * directory and run with no Node.js on PATH and no package files around it: the e2e smoke tests
 * (--version, validate, explain, ctl apply to the embedded control plane, svid issue + inspect, schemas).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, tempDir } from '../helpers/cli';

const work = tempDir('riptides-sea-');
const exe = path.join(work, 'bin', 'riptides-cli');
const home = path.join(work, 'home');

function sea(args: string[]) {
  const r = spawnSync(exe, args, {
    cwd: path.join(work, 'cwd'),
    encoding: 'utf8',
    env: {
      PATH: path.join(work, 'no-such-dir'),
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
  // Built with the project's Node 24 (what `npm run build:sea` uses), also when the suite runs on the minimum Node.
  const node24 = path.join(REPO_ROOT, 'node_modules', 'node', 'bin', 'node');
  execFileSync(
    fs.existsSync(node24) ? node24 : process.execPath,
    [path.join(REPO_ROOT, 'scripts', 'make-sea.js')],
    {
      cwd: REPO_ROOT,
      stdio: 'ignore',
    },
  );
  fs.mkdirSync(path.dirname(exe));
  fs.copyFileSync(path.join(REPO_ROOT, 'dist', 'sea', 'riptides-cli'), exe);
  fs.chmodSync(exe, 0o755);
  fs.mkdirSync(path.join(work, 'cwd'));
  fs.cpSync(path.join(REPO_ROOT, 'examples', 'quickstart'), path.join(work, 'cwd', 'quickstart'), {
    recursive: true,
  });
  fs.copyFileSync(
    path.join(REPO_ROOT, 'test/fixtures/validate/e2e/invalid-frontend.yaml'),
    path.join(work, 'cwd', 'bad.yaml'),
  );
}, 180000);

test('--version and --help', () => {
  const v = sea(['--version']);
  expect(v.code).toBe(0);
  expect(v.stdout).toMatch(/^riptides-cli\/\d+\.\d+\.\d+ linux-x64 node-v24\./);
  const help = sea(['validate', '--help']);
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('Exit codes:');
});

test('validate: a valid set (0) and findings with codes (1), JSON with apiVersion/kind', () => {
  expect(sea(['validate', '-f', 'quickstart']).code).toBe(0);
  const bad = sea(['validate', '-f', 'bad.yaml', '-o', 'json']);
  expect(bad.code).toBe(1);
  const report = JSON.parse(bad.stdout);
  expect(report).toMatchObject({ apiVersion: 'cli.riptides.io/v1', kind: 'ValidateReport' });
  expect(report.findings.map((f: { code: string }) => f.code)).toEqual(
    expect.arrayContaining(['RT1020', 'RT1023']),
  );
});

test('explain connection', () => {
  const r = sea([
    'explain',
    'connection',
    '-f',
    'quickstart',
    '--from',
    'frontend',
    '--to',
    'backend-api.myapp.svc.cluster.local:3000',
    '-o',
    'json',
  ]);
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ verdict: 'MTLS', path: 'explicit' });
});

test('ctl apply to the embedded control plane (node:sqlite), get, then svid issue and svid inspect', () => {
  const applied = sea(['ctl', 'apply', '-f', 'quickstart']);
  expect(applied.stderr).not.toMatch(/Error/);
  expect(applied.code).toBe(0);
  expect(applied.stdout.trim().split('\n')).toHaveLength(3);
  const got = sea(['ctl', 'get', 'wi', '-o', 'json']);
  expect(JSON.parse(got.stdout).items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual([
    'backend-api',
    'frontend',
  ]);
  const out = path.join(work, 'svid');
  expect(sea(['svid', 'issue', '--workload', 'myapp/app/frontend', '--out', out]).code).toBe(0);
  const inspected = sea([
    'svid',
    'inspect',
    path.join(out, 'svid.pem'),
    '--bundle',
    path.join(out, 'bundle.pem'),
    '-o',
    'json',
  ]);
  expect(inspected.code).toBe(0);
  expect(JSON.parse(inspected.stdout)).toMatchObject({ type: 'x509-svid', valid: true });
});

test('the schemas and docs pages are inside: schemas --out writes them from the binary', () => {
  const out = path.join(work, 'schemas');
  expect(sea(['schemas', '--out', out]).code).toBe(0);
  expect(fs.readFileSync(path.join(out, 'workloadidentity.schema.json'), 'utf8')).toBe(
    fs.readFileSync(path.join(REPO_ROOT, 'schemas', 'workloadidentity.schema.json'), 'utf8'),
  );
  // The docs pages are SEA assets too (read through src/io/package-files.ts).
  const binary = fs.readFileSync(exe);
  const page = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'codes', 'RT1020.md'));
  expect(binary.indexOf(page)).toBeGreaterThan(0);
  // `docs CODE` prints the page from the binary's assets, with no docs/ directory beside it.
  const docs = sea(['docs', 'RT1020']);
  expect(docs.code).toBe(0);
  expect(docs.stdout.trim()).toBe(page.toString('utf8').trim());
});
