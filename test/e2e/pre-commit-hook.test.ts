/**
 * The pre-commit hook (.pre-commit-hooks.yaml) with the real `pre-commit` tool: `pre-commit try-repo`
 * of this repository, from a temporary repository with a bad and a good manifest staged, a
 * non-Riptides YAML file staged and a bad manifest left unstaged. pre-commit clones this repository,
 * installs it with npm (the clone has no build: postinstall builds it) and runs the hook on the staged
 * files only. .ci/run installs pre-commit (Debian package) when it is missing.
 * pre-commit's `system` Node.js is the first `nodejs` or `node` on PATH: this test's Node.js.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, tempDir } from '../helpers/cli';

const GIT_ENV = {
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@example.com',
};

test('pre-commit try-repo: the staged bad manifest fails the hook, with its findings; nothing else is reported', () => {
  const work = tempDir('riptides-pre-commit-');
  const repo = path.join(work, 'repo');
  fs.mkdirSync(repo);
  const bin = path.join(work, 'bin');
  fs.mkdirSync(bin);
  for (const name of ['node', 'nodejs']) fs.symlinkSync(process.execPath, path.join(bin, name));
  const env = {
    ...process.env,
    ...GIT_ENV,
    PATH: `${bin}:${process.env.PATH}`,
    PRE_COMMIT_HOME: path.join(work, 'pre-commit-home'),
    NO_COLOR: '1',
  };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, env, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  fs.copyFileSync(
    path.join(REPO_ROOT, 'examples/quickstart/backend-api-svc.yaml'),
    path.join(repo, 'good.yaml'),
  );
  fs.copyFileSync(
    path.join(REPO_ROOT, 'test/fixtures/validate/e2e/invalid-frontend.yaml'),
    path.join(repo, 'bad.yaml'),
  );
  fs.writeFileSync(
    path.join(repo, 'configmap.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n',
  );
  fs.writeFileSync(path.join(repo, 'notes.txt'), 'kind: WorkloadIdentity\n');
  git('add', 'good.yaml', 'bad.yaml', 'configmap.yaml', 'notes.txt');
  // Not staged: the hook must not see it.
  fs.writeFileSync(
    path.join(repo, 'unstaged.yaml'),
    'apiVersion: core.riptides.io/v1alpha1\nkind: Service\n',
  );

  const r = spawnSync('pre-commit', ['try-repo', REPO_ROOT, 'riptides-validate', '--verbose'], {
    cwd: repo,
    env,
    encoding: 'utf8',
    timeout: 590000,
  });
  const out = r.stdout + r.stderr;
  expect(r.error).toBeUndefined();
  expect(out).toMatch(/riptides-cli validate\.+Failed/);
  expect(out).toMatch(/exit code: 1\b/);
  // The findings of bad.yaml, by code and position.
  expect(out).toMatch(/^bad\.yaml$/m);
  expect(out).toMatch(/11:13\s+error RT1023/);
  expect(out).toMatch(/12:3\s+error RT1020/);
  // Three staged YAML files were passed (not notes.txt, not unstaged.yaml), the ConfigMap was skipped.
  expect(out).toMatch(/in 3 documents in 3 files, 1 non-Riptides skipped/);
  expect(out).not.toContain('unstaged.yaml');
  expect(out).not.toMatch(/^good\.yaml$/m);
}, 600000);
