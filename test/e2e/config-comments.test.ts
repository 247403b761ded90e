/**
 * `config set-context`, `use-context` and `delete-context` edit the contexts file in place (issue
 * 14): the user's comments (at the top, above a context, after a value) and the contexts a command
 * does not touch stay as they were, the file still reads as the contexts it should, mode 0600. A
 * file with a YAML error is never rewritten. The built CLI, run as a child process, on real files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runCli, tempDir } from '../helpers/cli';

function freshEnv(): { env: Record<string, string>; file: string; home: string } {
  const home = tempDir('riptides-config-comments-');
  const env = {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_DATA_HOME: path.join(home, 'data'),
  };
  return { env, file: path.join(env.XDG_CONFIG_HOME, 'riptides', 'config.yaml'), home };
}

const HEADER = `# Contexts for the payments team. Ask #platform before adding one.
# Tokens live in ~/tokens, never here.
`;
const PROD = `  # production: read-only token, rotated monthly
  prod:
    server: https://prod.example:7443
    tokenFile: /home/me/tokens/prod.token # rotated on the 1st
    caFile: /home/me/ca/prod.pem
    namespace: payments
`;
const ORIGINAL = `${HEADER}currentContext: team # switch with use-context
contexts:
${PROD}
  # the shared team control plane
  team:
    server: https://team.example:7443 # through the VPN
    namespace: payments-dev
`;

interface Viewed {
  currentContext: string;
  contexts: Record<string, Record<string, unknown>>;
}

async function view(env: Record<string, string>): Promise<Viewed> {
  const r = await runCli(['config', 'view', '-o', 'json'], { env });
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Viewed;
}

async function ok(args: string[], env: Record<string, string>): Promise<void> {
  const r = await runCli(['config', ...args], { env });
  expect({ args, code: r.code }).toEqual({ args, code: 0 });
  // No "rewrote it whole" warning: the file was edited in place.
  expect(r.stderr).not.toContain('WARNING');
}

describe('config edits keep the file as the user wrote it', () => {
  test('set-context (new and existing), use-context, delete-context: comments and untouched contexts stay', async () => {
    const { env, file, home } = freshEnv();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, ORIGINAL, { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    const token = path.join(home, 'dev.token');
    fs.writeFileSync(token, 'dev-token\n');

    // A new context: added after the others (set apart by a blank line, as they are); nothing else changes.
    await ok(['set-context', 'dev', '--server', 'https://dev.example:7443', '--token-file', token], env);
    let text = fs.readFileSync(file, 'utf8');
    expect(text).toBe(ORIGINAL + `\n  dev:\n    server: https://dev.example:7443\n    tokenFile: ${token}\n`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    // An existing context: its changed line only, its comments kept.
    await ok(['set-context', 'team', '-n', 'payments-staging'], env);
    const withDev =
      ORIGINAL.replace('    namespace: payments-dev\n', '    namespace: payments-staging\n') +
      `\n  dev:\n    server: https://dev.example:7443\n    tokenFile: ${token}\n`;
    expect(fs.readFileSync(file, 'utf8')).toBe(withDev);

    // use-context: the value changes, the comment after it stays.
    await ok(['use-context', 'dev'], env);
    expect(fs.readFileSync(file, 'utf8')).toBe(
      withDev.replace('currentContext: team # switch', 'currentContext: dev # switch'),
    );

    // delete-context of the current one: currentContext goes, the header stays on top.
    await ok(['delete-context', 'dev'], env);
    text = fs.readFileSync(file, 'utf8');
    expect(text).toBe(
      ORIGINAL.replace('currentContext: team # switch with use-context\n', '').replace(
        '    namespace: payments-dev\n',
        '    namespace: payments-staging\n',
      ),
    );
    expect(text.startsWith(HEADER + 'contexts:\n' + PROD)).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['config.yaml']);

    // And the file still reads as the contexts it should.
    const viewed = await view(env);
    expect(viewed.currentContext).toBe('local');
    expect(viewed.contexts).toEqual({
      prod: {
        server: 'https://prod.example:7443',
        tokenFile: '/home/me/tokens/prod.token',
        caFile: '/home/me/ca/prod.pem',
        namespace: 'payments',
      },
      team: { server: 'https://team.example:7443', namespace: 'payments-staging' },
    });
  });

  test('deleting a context takes the comment right above it, and only that', async () => {
    const { env, file } = freshEnv();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, ORIGINAL, { mode: 0o600 });
    await ok(['delete-context', 'team'], env);
    // team was current: currentContext goes with it (the current context is local again).
    expect(fs.readFileSync(file, 'utf8')).toBe(`${HEADER}contexts:\n${PROD}`);
  });

  test('comments aligned in a column stay aligned on the lines an edit does not change', async () => {
    const { env, file } = freshEnv();
    const aligned = `currentContext: team          # switch with use-context
contexts:
  team:
    server: https://team.example:7443   # through the VPN
    namespace: payments-dev              # staging is next door
  lab:
    server: "https://lab.example:7443"   # quoted, and a "#" below
    namespace: "lab   #1"                # blanks before a # in a value
`;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, aligned, { mode: 0o600 });
    await ok(['use-context', 'lab'], env);
    // The changed line gets one space; every other line is as it was.
    const used = aligned.replace(
      'currentContext: team          # switch with use-context',
      'currentContext: lab # switch with use-context',
    );
    expect(fs.readFileSync(file, 'utf8')).toBe(used);
    await ok(['set-context', 'team', '-n', 'payments-staging'], env);
    expect(fs.readFileSync(file, 'utf8')).toBe(
      used.replace(
        '    namespace: payments-dev              # staging is next door',
        '    namespace: payments-staging # staging is next door',
      ),
    );
    const viewed = await view(env);
    expect(viewed.contexts.lab).toEqual({ server: 'https://lab.example:7443', namespace: 'lab   #1' });
  });

  test('a value whose blanks before a "#" the edit changes is written as the edit says', async () => {
    const { env, file } = freshEnv();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
      file,
      'contexts:\n  lab:\n    server: https://lab.example:7443\n    namespace: "a   #1"   # note\n',
      {
        mode: 0o600,
      },
    );
    // The new value differs from the old only in the blanks before its "#": it must not come back.
    await ok(['set-context', 'lab', '-n', 'a #1'], env);
    const viewed = await view(env);
    expect(viewed.contexts.lab.namespace).toBe('a #1');
    expect(fs.readFileSync(file, 'utf8')).toContain('# note');
  });

  test('a file with a YAML error is not rewritten: exit 2, the error at its line and column', async () => {
    const { env, file } = freshEnv();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const broken = `# mine
currentContext: team
contexts:
  team:
    server: https://team.example:7443
     namespace: oops
`;
    fs.writeFileSync(file, broken, { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    const before = fs.statSync(file);
    for (const args of [
      ['set-context', 'team', '-n', 'x'],
      ['set-context', 'new', '--server', 'https://new.example:1'],
      ['use-context', 'local'],
      ['delete-context', 'team'],
    ]) {
      const r = await runCli(['config', ...args], { env });
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toContain(`${file}: not valid YAML`);
      expect(r.stderr).toContain(`at ${file}:6:15`);
      expect(r.stderr).toContain('Code: invalid-config');
    }
    expect(fs.readFileSync(file, 'utf8')).toBe(broken);
    const after = fs.statSync(file);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(after.mode & 0o777).toBe(0o644);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['config.yaml']);
  });
});
