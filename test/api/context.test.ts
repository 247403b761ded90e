/** Context resolution: flags > env > config file > the built-in `local`; the config file's shape. */
import fs from 'node:fs';
import path from 'node:path';
import {
  configFilePath,
  loadConfig,
  localDataDir,
  parseConfig,
  resolveConnection,
  saveConfig,
} from '../../src/cli/context';
import { isRiptidesError } from '../../src/core/errors';
import { tempDir } from '../helpers/cli';

function setup(config?: object) {
  const home = tempDir();
  const env: Record<string, string> = {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, 'cfg'),
    XDG_DATA_HOME: path.join(home, 'data'),
  };
  if (config) saveConfig(loadConfig(env), config as never);
  const tokenFile = path.join(home, 'token');
  fs.writeFileSync(tokenFile, 'file-token\n');
  return { env, home, tokenFile };
}

const quiet = { warn: () => undefined };

describe('paths', () => {
  test('XDG dirs with ~/.config and ~/.local/share fallbacks', () => {
    expect(configFilePath({ XDG_CONFIG_HOME: '/x' })).toBe('/x/riptides/config.yaml');
    expect(configFilePath({ HOME: '/h' })).toBe('/h/.config/riptides/config.yaml');
    expect(localDataDir({ XDG_DATA_HOME: '/d' })).toBe('/d/riptides/local');
    expect(localDataDir({ HOME: '/h' })).toBe('/h/.local/share/riptides/local');
  });
});

describe('resolveConnection', () => {
  const config = {
    currentContext: 'team',
    contexts: {
      team: { server: 'https://team.example:7443', token: 'ctx-token', namespace: 'team-ns' },
      other: { server: 'https://other.example:7443', tokenFile: '' },
    },
  };

  test('the file decides when nothing else is given', async () => {
    const { env } = setup(config);
    const conn = await resolveConnection({}, env, quiet);
    expect(conn.context).toMatchObject({
      name: 'team',
      embedded: false,
      server: 'https://team.example:7443',
      tokenSource: 'context team token',
    });
    expect(conn.namespace).toBe('team-ns');
    await conn.client.close();
  });

  test('env beats the file, flags beat env', async () => {
    const { env, tokenFile } = setup(config);
    const envs = {
      ...env,
      RIPTIDES_SERVER: 'https://env.example:1',
      RIPTIDES_TOKEN: 'env-token',
      RIPTIDES_CA_FILE: '',
    };
    let conn = await resolveConnection({}, envs, quiet);
    expect(conn.context).toMatchObject({ server: 'https://env.example:1', tokenSource: 'RIPTIDES_TOKEN' });
    await conn.client.close();
    conn = await resolveConnection(
      { server: 'https://flag.example:2', 'token-file': tokenFile, namespace: 'n1' },
      envs,
      quiet,
    );
    expect(conn.context).toMatchObject({ server: 'https://flag.example:2', tokenSource: '--token-file' });
    expect(conn.namespace).toBe('n1');
    await conn.client.close();
  });

  test('RIPTIDES_CONTEXT beats currentContext, --context beats RIPTIDES_CONTEXT', async () => {
    const { env, tokenFile } = setup({
      ...config,
      contexts: { ...config.contexts, other: { server: 'https://other.example:7443', tokenFile: '' } },
    });
    const withOther = { ...env, RIPTIDES_CONTEXT: 'other' };
    saveConfig(loadConfig(env), {
      currentContext: 'team',
      contexts: { ...config.contexts, other: { server: 'https://other.example:7443', tokenFile } },
    });
    let conn = await resolveConnection({}, withOther, quiet);
    expect(conn.context.name).toBe('other');
    expect(conn.context.tokenSource).toContain('tokenFile');
    await conn.client.close();
    conn = await resolveConnection({ context: 'team' }, withOther, quiet);
    expect(conn.context.name).toBe('team');
    await conn.client.close();
  });

  test('no file: local (embedded), namespace riptides-system', async () => {
    const { env } = setup();
    const conn = await resolveConnection({}, env, quiet);
    expect(conn.context).toMatchObject({ name: 'local', embedded: true });
    expect(conn.namespace).toBe('riptides-system');
    await conn.client.close();
    expect(fs.existsSync(localDataDir(env))).toBe(true);
  });

  test('an unknown context is a usage error (exit 2) naming the known ones', async () => {
    const { env } = setup(config);
    const err = await resolveConnection({ context: 'tem' }, env, quiet).catch((e: unknown) => e);
    expect(isRiptidesError(err) && err.exitCode).toBe(2);
    expect((err as Error).message).toContain('did you mean "team"');
  });

  test('--insecure-skip-tls-verify warns', async () => {
    const { env } = setup(config);
    const warnings: string[] = [];
    const conn = await resolveConnection({ 'insecure-skip-tls-verify': true }, env, {
      warn: (l) => warnings.push(l),
    });
    expect(warnings.join('\n')).toMatch(/WARNING/);
    await conn.client.close();
  });
});

describe('config file', () => {
  test('saved 0600 in a 0700 directory and read back', () => {
    const { env } = setup({ contexts: { a: { server: 'https://a:1', token: 't' } } });
    const file = configFilePath(env);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(loadConfig(env).config.contexts.a).toEqual({ server: 'https://a:1', token: 't' });
  });

  test.each([
    [[], 'mapping'],
    [{ currentContex: 'x' }, 'did you mean "currentContext"'],
    [{ contexts: { a: { server: 1 } } }, 'must be a string'],
    [{ contexts: { a: { insecureSkipTlsVerify: 'yes' } } }, 'true or false'],
    [{ contexts: { local: { server: 'https://x:1' } } }, 'built-in'],
    [{ contexts: { a: { tokenfile: 'x' } } }, 'did you mean "tokenFile"'],
  ])('invalid %j → exit 2 mentioning %s', (data, text) => {
    let err: unknown;
    try {
      parseConfig('/c.yaml', data);
    } catch (e) {
      err = e;
    }
    expect(isRiptidesError(err) && err.exitCode).toBe(2);
    expect((err as Error).message).toContain(text);
  });
});

describe('config file YAML (read by the manifest parser, the one YAML reader)', () => {
  test.each([
    ['contexts:\n  a:\n    server: [1\n', 'not valid YAML', 4, 1],
    ['contexts: {}\n---\ncontexts: {}\n', 'single YAML document', 3, 1],
    ['contexts:\n  a: {server: "https://x:1"}\n  a: {server: "https://y:1"}\n', 'duplicate', 3, 3],
  ])('%j → exit 2, code invalid-config, at its line and column', (text, message, line, column) => {
    const { env } = setup();
    const file = configFilePath(env);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    let err: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      err = e;
    }
    expect(isRiptidesError(err) && [err.exitCode, err.code, err.location]).toEqual([
      2,
      'invalid-config',
      { file, line, column },
    ]);
    expect((err as Error).message).toContain(message);
  });

  test('an empty file is an empty config', () => {
    const { env } = setup();
    const file = configFilePath(env);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '# nothing yet\n');
    expect(loadConfig(env).config).toEqual({ contexts: {} });
  });
});

describe('a bearer token over plain http:// (issue 9)', () => {
  test('to another host: refused with exit 2 before connecting, saying why and what to do', async () => {
    const { env } = setup();
    for (const server of ['http://cp.example.com:7443', 'http://10.0.0.7:7443', 'http://[fd00::1]:80']) {
      const err = await resolveConnection({ server, token: 't0ken' }, env, quiet).catch((e: unknown) => e);
      expect(isRiptidesError(err) && err.exitCode).toBe(2);
      expect(isRiptidesError(err) && err.code).toBe('token-over-http');
      expect((err as Error).message).toContain('plain http://');
      expect((err as Error).message).not.toContain('t0ken');
      expect(isRiptidesError(err) && err.suggestions.join('\n')).toContain('https://');
    }
  });

  test('to loopback: a warning, and the connection is made', async () => {
    const { env } = setup();
    for (const server of ['http://127.0.0.1:7443', 'http://localhost:7443', 'http://[::1]:7443']) {
      const warnings: string[] = [];
      const conn = await resolveConnection(
        { server },
        { ...env, RIPTIDES_TOKEN: 'x' },
        {
          warn: (l) => warnings.push(l),
        },
      );
      expect(warnings.join('\n')).toMatch(
        /WARNING: sending the bearer token \(RIPTIDES_TOKEN\) over plain http/,
      );
      await conn.client.close();
    }
  });

  test('https:// and http:// without a token say nothing', async () => {
    const { env } = setup();
    const warnings: string[] = [];
    for (const flags of [
      { server: 'https://cp.example.com', token: 't' },
      { server: 'http://cp.example.com' },
    ]) {
      const conn = await resolveConnection(flags, env, { warn: (l) => warnings.push(l) });
      await conn.client.close();
    }
    expect(warnings).toEqual([]);
  });
});
