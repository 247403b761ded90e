/**
 * `ctl get --watch` against `controlplane serve` (SQLite): the list first, then one text line per
 * change, Ctrl-C exits 0; the embedded local context has no feed (exit 2 with a fix).
 */
import { spawn } from 'node:child_process';
import { BIN, isolatedEnv, runCli } from '../helpers/cli';
import { startServe, type ServedControlPlane } from '../api/serve-helper';

let cp: ServedControlPlane;
beforeAll(async () => {
  cp = await startServe();
});
afterAll(async () => {
  await cp?.stop();
});

const manifest = (name: string, workloadID = `myapp/${name}`) =>
  JSON.stringify({
    apiVersion: 'core.riptides.io/v1alpha1',
    kind: 'WorkloadIdentity',
    metadata: { name },
    spec: { workloadID, selectors: [{ 'process:name': name }] },
  });

test('lists, then prints each change as a line; SIGINT exits 0', async () => {
  expect((await runCli(['ctl', 'apply', '-f', '-', ...cp.flags], { input: manifest('before') })).code).toBe(
    0,
  );
  const child = spawn(process.execPath, [BIN, 'ctl', 'get', 'wi', '--watch', ...cp.flags], {
    env: { ...process.env, ...isolatedEnv(), NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise((r) => child.once('exit', r));
  const waitFor = async (re: RegExp) => {
    const deadline = Date.now() + 15_000;
    while (!re.test(out)) {
      if (Date.now() > deadline)
        throw new Error(`no ${re} in:\n${out}\nstderr: ${err} exit ${child.exitCode}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  try {
    await waitFor(/NAME\s+WORKLOADID[\s\S]*before/);
    expect((await runCli(['ctl', 'apply', '-f', '-', ...cp.flags], { input: manifest('after') })).code).toBe(
      0,
    );
    await waitFor(/ADDED\s+workloadidentity\/after\s+riptides-system\s+\d+/);
    expect(
      (await runCli(['ctl', 'apply', '-f', '-', ...cp.flags], { input: manifest('before', 'myapp/changed') }))
        .code,
    ).toBe(0);
    await waitFor(/MODIFIED\s+workloadidentity\/before/);
    expect((await runCli(['ctl', 'delete', 'wi', 'after', ...cp.flags])).code).toBe(0);
    await waitFor(/DELETED\s+workloadidentity\/after/);
    // The listed object is not printed again as an event.
    expect(out).not.toMatch(/ADDED\s+workloadidentity\/before/);
  } finally {
    child.kill('SIGINT');
    await exited;
  }
  expect(child.exitCode).toBe(0);
});

test('the embedded local context has no change feed: exit 2 with a fix', async () => {
  const r = await runCli(['ctl', 'get', 'wi', '--watch']);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/controlplane serve/);
});
