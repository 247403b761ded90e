/**
 * The GitHub Action's script (scripts/github-action.js, what action.yml runs) against a real git
 * repository with two commits (a base branch and a pull request branch) and a faked GitHub
 * environment: GITHUB_WORKSPACE, GITHUB_BASE_REF, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and INPUT_*.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { BIN, REPO_ROOT, isolatedEnv, tempDir } from '../helpers/cli';

const SCRIPT = path.join(REPO_ROOT, 'scripts', 'github-action.js');
const GIT_ENV = {
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@example.com',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
}

/** A repository: main has examples/quickstart under deploy/; branch `change` weakens it and adds a bad file. */
function makeRepo(): string {
  const repo = tempDir('riptides-action-repo-');
  git(repo, 'init', '-q', '-b', 'main');
  fs.cpSync(path.join(REPO_ROOT, 'examples', 'quickstart'), path.join(repo, 'deploy'), { recursive: true });
  // Not a Riptides document: passed over, as in a repository that keeps Kubernetes manifests beside.
  fs.writeFileSync(
    path.join(repo, 'deploy', 'configmap.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: b}\n',
  );
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'base');
  git(repo, 'checkout', '-q', '-b', 'change');
  const edit = (file: string, from: string | RegExp, to: string) => {
    const p = path.join(repo, 'deploy', file);
    fs.writeFileSync(p, fs.readFileSync(p, 'utf8').replace(from, to));
  };
  // The backend's process is renamed (its identity no longer matches it) and the frontend's egress is
  // PERMISSIVE: frontend → backend falls back to plain TCP, a security regression.
  edit('backend-api-workloadidentity.yaml', 'process:name: node', 'process:name: java');
  edit('frontend-workloadidentity.yaml', /mode: MUTUAL/, 'mode: PERMISSIVE');
  // A file with schema errors, its resources renamed so that they do not also redefine the
  // quickstart's (that would be RT2003 in the good files, which the simulation then leaves out).
  fs.writeFileSync(
    path.join(repo, 'deploy', 'bad.yaml'),
    fs
      .readFileSync(path.join(REPO_ROOT, 'test/fixtures/validate/e2e/invalid-frontend.yaml'), 'utf8')
      .replace('name: frontend', 'name: bad-frontend')
      .replace('name: backend-api-svc', 'name: bad-svc')
      .replace('workloadID: myapp/app/frontend', 'workloadID: myapp/app/bad-frontend'),
  );
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'change');
  return repo;
}

interface ActionRun {
  code: number | null;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

function runAction(repo: string, env: Record<string, string>): ActionRun {
  const dir = tempDir('riptides-action-gh-');
  const outputFile = path.join(dir, 'output');
  const summaryFile = path.join(dir, 'summary.md');
  fs.writeFileSync(outputFile, '');
  fs.writeFileSync(summaryFile, '');
  const r = spawnSync(process.execPath, [SCRIPT], {
    cwd: repo,
    encoding: 'utf8',
    env: {
      ...process.env,
      ...isolatedEnv(),
      ...GIT_ENV,
      NO_COLOR: '1',
      RIPTIDES_CLI: BIN,
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: repo,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      INPUT_MANIFESTS: 'deploy',
      ...env,
    },
    timeout: 60000,
  });
  const outputs: Record<string, string> = {};
  for (const line of fs.readFileSync(outputFile, 'utf8').split('\n').filter(Boolean)) {
    const i = line.indexOf('=');
    outputs[line.slice(0, i)] = line.slice(i + 1);
  }
  return { code: r.status, stderr: r.stderr, outputs, summary: fs.readFileSync(summaryFile, 'utf8') };
}

let repo: string;
beforeAll(() => {
  repo = makeRepo();
});

test('action.yml is a composite action on Node 24 that runs this script, with the documented inputs and outputs', () => {
  const action = parse(fs.readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8'));
  expect(action.runs.using).toBe('composite');
  expect(Object.keys(action.inputs)).toEqual(
    expect.arrayContaining(['manifests', 'baseline-ref', 'fail-on', 'regressions', 'sarif-file']),
  );
  expect(Object.keys(action.outputs)).toEqual(expect.arrayContaining(['findings', 'regressions']));
  const steps = action.runs.steps as { uses?: string; with?: Record<string, unknown>; run?: string }[];
  expect(steps.find((s) => s.uses?.startsWith('actions/setup-node'))?.with?.['node-version']).toBe(24);
  expect(steps.some((s) => s.run?.includes('scripts/github-action.js'))).toBe(true);
  expect(JSON.stringify(action)).not.toMatch(/docker/i);
});

test('pull request: findings, the regression against the base branch, SARIF, outputs, summary; exit 1', () => {
  git(repo, 'checkout', '-q', 'change');
  const r = runAction(repo, { GITHUB_BASE_REF: 'main' });
  expect(r.code).toBe(1);
  expect(r.outputs['exit-code']).toBe('1');
  expect(Number(r.outputs.findings)).toBeGreaterThan(0);
  // frontend → backend loses mTLS; legacy-client → backend, REJECTED before, is now admitted in
  // plain TCP: both are security regressions (issue 9: a newly admitted connection is one).
  expect(r.outputs.regressions).toBe('2');
  // SARIF for code scanning, with repository-relative paths.
  const sarif = JSON.parse(fs.readFileSync(path.join(repo, 'riptides.sarif'), 'utf8'));
  expect(sarif.version).toBe('2.1.0');
  const uris = sarif.runs[0].results.map(
    (x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
      x.locations[0].physicalLocation.artifactLocation.uri,
  );
  expect(uris).toContain('deploy/bad.yaml');
  // The summary: counts, the changed connections with the deciding file:line, the top findings.
  expect(r.summary).toMatch(/^## Riptides manifests: ❌ failed/);
  expect(r.summary).toMatch(/\*\*\d+\*\* errors/);
  expect(r.summary).toContain('| pair | before → after | reason | file:line |');
  expect(r.summary).toContain(
    '| ❌ frontend → backend-api.myapp.svc.cluster.local:3000 | MTLS → PLAINTEXT | permissive-fallback | `deploy/frontend-workloadidentity.yaml:',
  );
  expect(r.summary).toMatch(
    /\| ❌ legacy-client → backend-api\.myapp\.svc\.cluster\.local:3000 \| REJECTED → PLAINTEXT \|/,
  );
  expect(r.summary).toContain('### Top findings');
  expect(r.summary).toMatch(/\| error \| RT\d{4} \| `deploy\/bad\.yaml:\d+` \|/);
  expect(r.summary).toContain('Simulated without `deploy/bad.yaml` (errors).');
  expect(r.summary).not.toContain('configmap');
  // The baseline worktree is gone.
  expect(git(repo, 'worktree', 'list').trim().split('\n')).toHaveLength(1);
});

test('regressions: availability does not count a security regression; none counts nothing', () => {
  git(repo, 'checkout', '-q', 'change');
  fs.rmSync(path.join(repo, 'deploy', 'bad.yaml'));
  // Without the failing expectations, only the regressions policy decides.
  const scenario = path.join(repo, 'deploy', 'scenario.yaml');
  const original = fs.readFileSync(scenario, 'utf8');
  fs.writeFileSync(scenario, original.replace(/\n {2}connections:[\s\S]*$/, '\n'));
  try {
    const availability = runAction(repo, { GITHUB_BASE_REF: 'main', INPUT_REGRESSIONS: 'availability' });
    // Every change here loses mTLS (the backend's identity no longer matches it) or admits a caller
    // that was REJECTED before: security regressions all, none an availability one.
    expect(availability.outputs.regressions).toBe('3');
    expect(availability.code).toBe(0);
    expect(availability.summary).toContain('| ⚠️ frontend → backend-api');
    const security = runAction(repo, { GITHUB_BASE_REF: 'main', INPUT_REGRESSIONS: 'security' });
    expect(security.code).toBe(1);
    expect(security.summary).toContain('| ❌ frontend → backend-api');
    const none = runAction(repo, { GITHUB_BASE_REF: 'main', INPUT_REGRESSIONS: 'none' });
    expect(none.code).toBe(0);
    expect(none.outputs.regressions).toBe('3');
  } finally {
    fs.writeFileSync(scenario, original);
    git(repo, 'checkout', '-q', '--', '.');
  }
});

test('push build (no base): validate only, passes with outputs 0; an explicit baseline-ref that does not exist is reported', () => {
  git(repo, 'checkout', '-q', 'main');
  const r = runAction(repo, {});
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.outputs).toMatchObject({ findings: '0', regressions: '0', 'exit-code': '0' });
  expect(r.summary).toMatch(/^## Riptides manifests: ✅ passed/);
  expect(r.summary).toContain('No baseline ref');
  const missing = runAction(repo, { INPUT_BASELINE_REF: 'no-such-branch' });
  expect(missing.code).toBe(0);
  expect(missing.summary).toContain('`no-such-branch` not found');
});

test('bad inputs: exit 2 with a workflow error annotation', () => {
  const r = runAction(repo, { 'INPUT_FAIL-ON': 'fatal' });
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/^::error title=riptides-cli action::fail-on: "fatal"/);
  expect(r.outputs['exit-code']).toBe('2');
  const outside = runAction(repo, { INPUT_MANIFESTS: '../elsewhere' });
  expect(outside.code).toBe(2);
});
