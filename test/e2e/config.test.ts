/**
 * `config` commands: contexts written with mode 0600, tokens never printed, use-context errors, and
 * a context pointing `ctl` at a real `controlplane serve` over HTTPS.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runCli, tempDir } from '../helpers/cli';
import { startServe, type ServedControlPlane } from '../api/serve-helper';

function freshEnv(): Record<string, string> {
  const home = tempDir('riptides-config-');
  return { HOME: home, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_DATA_HOME: path.join(home, 'data') };
}

let cp: ServedControlPlane;
beforeAll(async () => {
  cp = await startServe();
});
afterAll(async () => {
  await cp?.stop();
});

describe('config', () => {
  test('with no file: current context is local, get-contexts lists it', async () => {
    const env = freshEnv();
    let r = await runCli(['config', 'current-context'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('local');
    r = await runCli(['config', 'get-contexts', '-o', 'json'], { env });
    const rows = (JSON.parse(r.stdout) as { contexts: { name: string; current: boolean }[] }).contexts;
    expect(rows).toEqual([expect.objectContaining({ name: 'local', current: true })]);
  });

  test('set-context + use-context point ctl at a served control plane; the file is 0600 in a 0700 dir', async () => {
    const env = freshEnv();
    let r = await runCli(
      [
        'config',
        'set-context',
        'team',
        '--server',
        cp.url,
        '--token-file',
        cp.tokenFile,
        '--ca-file',
        cp.caFile,
        '-n',
        'team-x',
      ],
      { env },
    );
    expect(r.code).toBe(0);
    const file = path.join(env.XDG_CONFIG_HOME, 'riptides', 'config.yaml');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);

    r = await runCli(['config', 'use-context', 'team'], { env });
    expect(r.code).toBe(0);
    r = await runCli(['config', 'current-context'], { env });
    expect(r.stdout.trim()).toBe('team');

    const dir = tempDir();
    const svc = path.join(dir, 'svc.yaml');
    fs.writeFileSync(
      svc,
      'apiVersion: core.riptides.io/v1alpha1\nkind: Service\nmetadata: {name: via-context}\nspec: {addresses: [{address: a.example, port: 80}]}\n',
    );
    r = await runCli(['ctl', 'apply', '-f', svc, '-o', 'json'], { env });
    expect(r.code).toBe(0);
    // The context's namespace applies to namespace-less manifests.
    expect((JSON.parse(r.stdout) as { items: { namespace: string }[] }).items[0].namespace).toBe('team-x');

    // RIPTIDES_CONTEXT overrides the file, --context overrides both.
    r = await runCli(['ctl', 'get', 'svc', '-o', 'name'], { env: { ...env, RIPTIDES_CONTEXT: 'local' } });
    expect(r.stdout.trim()).toBe('');
    r = await runCli(['ctl', 'get', 'svc', '-o', 'name', '--context', 'team'], {
      env: { ...env, RIPTIDES_CONTEXT: 'local' },
    });
    expect(r.stdout.trim()).toBe('service/via-context');

    r = await runCli(['config', 'delete-context', 'team'], { env });
    expect(r.code).toBe(0);
    r = await runCli(['config', 'current-context'], { env });
    expect(r.stdout.trim()).toBe('local');
  });

  test('config view and get-contexts never show a token', async () => {
    const env = freshEnv();
    const secret = cp.token; // the real admin token, stored inline
    let r = await runCli(
      ['config', 'set-context', 'inline', '--server', cp.url, '--token', secret, '--ca-file', cp.caFile],
      { env },
    );
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(env.XDG_CONFIG_HOME, 'riptides', 'config.yaml'), 'utf8')).toContain(
      secret,
    );
    for (const args of [
      ['config', 'view'],
      ['config', 'view', '-o', 'json'],
      ['config', 'get-contexts'],
      ['config', 'get-contexts', '-o', 'json'],
    ]) {
      r = await runCli(args, { env });
      expect(r.code).toBe(0);
      expect(r.stdout + r.stderr).not.toContain(secret);
    }
    r = await runCli(['config', 'view', '-o', 'json'], { env });
    expect(
      (JSON.parse(r.stdout) as { contexts: Record<string, { token?: string }> }).contexts.inline.token,
    ).toBe('<redacted>');
    // The inline token works (and is not echoed by -v).
    r = await runCli(['ctl', 'get', 'wi', '-A', '--context', 'inline', '-v'], { env });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain(secret);
  });

  test('use-context with an unknown name exits 2 and lists the contexts', async () => {
    const env = freshEnv();
    await runCli(['config', 'set-context', 'staging', '--server', 'https://127.0.0.1:1'], { env });
    const r = await runCli(['config', 'use-context', 'stagin'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('staging');
    expect(r.stderr).toContain('local');
  });

  test('set-context: a new context needs --server, local takes only --namespace, files must exist', async () => {
    const env = freshEnv();
    expect((await runCli(['config', 'set-context', 'x'], { env })).code).toBe(2);
    expect((await runCli(['config', 'set-context', 'local', '--server', 'https://h:1'], { env })).code).toBe(
      2,
    );
    expect((await runCli(['config', 'set-context', 'local', '-n', 'mine'], { env })).code).toBe(0);
    expect(
      (
        await runCli(['config', 'set-context', 'y', '--server', 'https://h:1', '--ca-file', '/no/such.pem'], {
          env,
        })
      ).code,
    ).toBe(2);
    expect((await runCli(['config', 'set-context', 'z', '--server', 'ftp://h'], { env })).code).toBe(2);
    expect((await runCli(['config', 'delete-context', 'nope'], { env })).code).toBe(2);
  });

  test('a broken config file is a usage error naming the file and key', async () => {
    const env = freshEnv();
    const file = path.join(env.XDG_CONFIG_HOME, 'riptides', 'config.yaml');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'contexts:\n  team:\n    sever: https://x:1\n');
    const r = await runCli(['ctl', 'get', 'wi'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain('did you mean "server"');
  });
});
