/**
 * Edits of the contexts file keep what the user wrote (src/cli/config-edit.ts): comments, blank
 * lines, the order of contexts and keys; only the touched lines change. And `saveConfig` around it:
 * a new file's layout, the whole-file fallback, mode 0600, a failed write.
 */
import fs from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { applyConfigEdit, CONFIG_HEADER, editConfigText, type ConfigEdit } from '../../src/cli/config-edit';
import { configFilePath, loadConfig, saveConfig } from '../../src/cli/context';
import { tempDir } from '../helpers/cli';

const ANNOTATED = `# my contexts: prod is read-only
currentContext: team # the one I use most
contexts:
  # production, careful
  prod:
    server: https://prod.example:7443
    tokenFile: /home/me/prod.token # rotated monthly
    caFile: /home/me/prod-ca.pem

  # the team's shared control plane
  team:
    server: "https://team.example:7443" # via the VPN
    namespace: myapp

  staging:
    server: https://staging.example:7443
    insecureSkipTlsVerify: true # self-signed, for now
# end of file
`;

/** `text` with each `[from, to]` line replaced once (`to` null: the line removed). */
function withLines(text: string, ...changes: [string, string | null][]): string {
  let out = text;
  for (const [from, to] of changes) {
    expect(out).toContain(from + '\n');
    out = out.replace(from + '\n', to === null ? '' : to + '\n');
  }
  return out;
}

const PROD_BLOCK = `  # production, careful
  prod:
    server: https://prod.example:7443
    tokenFile: /home/me/prod.token # rotated monthly
    caFile: /home/me/prod-ca.pem
`;
const TEAM = { server: 'https://team.example:7443', namespace: 'myapp' };

describe('editConfigText', () => {
  test('a file in yaml’s own layout reads back byte for byte when nothing changes', () => {
    expect(editConfigText(ANNOTATED, {})).toBe(ANNOTATED);
    expect(editConfigText(ANNOTATED, { currentContext: 'team', contexts: { team: TEAM } })).toBe(ANNOTATED);
  });

  test('use-context changes only the currentContext value; its comment stays', () => {
    expect(editConfigText(ANNOTATED, { currentContext: 'prod' })).toBe(
      withLines(ANNOTATED, [
        'currentContext: team # the one I use most',
        'currentContext: prod # the one I use most',
      ]),
    );
  });

  test('changing a context: its changed key in place (quotes and comment kept), a new key last', () => {
    const out = editConfigText(ANNOTATED, {
      contexts: { team: { server: 'https://team2.example:7443', namespace: 'other', caFile: '/ca.pem' } },
    });
    expect(out).toBe(
      withLines(
        ANNOTATED,
        [
          '    server: "https://team.example:7443" # via the VPN',
          '    server: "https://team2.example:7443" # via the VPN',
        ],
        ['    namespace: myapp', '    namespace: other\n    caFile: /ca.pem'],
      ),
    );
  });

  test('a key the entry no longer has goes, with its inline comment', () => {
    const out = editConfigText(ANNOTATED, {
      contexts: { staging: { server: 'https://staging.example:7443' } },
    });
    expect(out).toBe(withLines(ANNOTATED, ['    insecureSkipTlsVerify: true # self-signed, for now', null]));
  });

  test('a new context goes last, set apart by a blank line like the others; the closing comment stays last', () => {
    const out = editConfigText(ANNOTATED, {
      currentContext: 'dev',
      contexts: { dev: { server: 'https://dev.example:7443', tokenFile: '/dev.token' } },
    });
    expect(out).toBe(
      withLines(
        ANNOTATED,
        ['currentContext: team # the one I use most', 'currentContext: dev # the one I use most'],
        [
          '    insecureSkipTlsVerify: true # self-signed, for now',
          '    insecureSkipTlsVerify: true # self-signed, for now\n\n  dev:\n    server: https://dev.example:7443\n    tokenFile: /dev.token',
        ],
      ),
    );
  });

  test('deleting a context takes its own comment and leaves the others', () => {
    const team =
      '\n  # the team\'s shared control plane\n  team:\n    server: "https://team.example:7443" # via the VPN\n    namespace: myapp\n';
    expect(ANNOTATED).toContain(team);
    expect(editConfigText(ANNOTATED, { contexts: { team: null } })).toBe(ANNOTATED.replace(team, ''));
    // The first context: its comment is the `contexts` mapping's in yaml; it goes too.
    expect(editConfigText(ANNOTATED, { contexts: { prod: null } })).toBe(
      ANNOTATED.replace(PROD_BLOCK + '\n', ''),
    );
  });

  test('deleting the current context removes currentContext; the header comment stays on top', () => {
    const out = editConfigText(ANNOTATED, { currentContext: null, contexts: { team: null } });
    expect(out.startsWith('# my contexts: prod is read-only\ncontexts:\n' + PROD_BLOCK)).toBe(true);
    expect(out).not.toContain('currentContext');
    // …and a new currentContext goes first again, under the header.
    expect(editConfigText(out, { currentContext: 'prod' })).toBe(
      out.replace('read-only\ncontexts:', 'read-only\ncurrentContext: prod\ncontexts:'),
    );
  });

  test('a comment set apart by a blank line above a deleted context stays', () => {
    const text = `contexts:
  a:
    server: https://a:1

  # --- lab machines ---

  b:
    server: https://b:1
  c:
    server: https://c:1
`;
    expect(editConfigText(text, { contexts: { b: null } })).toBe(`contexts:
  a:
    server: https://a:1

  # --- lab machines ---

  c:
    server: https://c:1
`);
  });

  test('the file written by an older riptides-cli: header kept through delete and re-add', () => {
    const ours = `${CONFIG_HEADER}currentContext: a\ncontexts:\n  a:\n    server: https://a:1\n`;
    const none = editConfigText(ours, { currentContext: null, contexts: { a: null } });
    expect(none).toBe(`${CONFIG_HEADER}contexts: {}\n`);
    expect(editConfigText(none, { currentContext: 'b', contexts: { b: { server: 'https://b:1' } } })).toBe(
      `${CONFIG_HEADER}currentContext: b\ncontexts:\n  b:\n    server: https://b:1\n`,
    );
  });

  test('indentation, CRLF line ends, flow mappings and a comment-only file are kept', () => {
    expect(
      editConfigText('contexts:\n    a:\n        server: x\n', {
        contexts: { a: { server: 'x', namespace: 'n' } },
      }),
    ).toBe('contexts:\n    a:\n        server: x\n        namespace: n\n');
    expect(editConfigText('contexts:\r\n  a:\r\n    server: x # c\r\n', { currentContext: 'a' })).toBe(
      'currentContext: a\r\ncontexts:\r\n  a:\r\n    server: x # c\r\n',
    );
    expect(
      editConfigText('contexts:\n  a: {server: x}\n', { contexts: { a: { server: 'x', namespace: 'n' } } }),
    ).toBe('contexts:\n  a: { server: x, namespace: n }\n');
    expect(editConfigText('# just a note\n', { contexts: { a: { server: 'x' } } })).toBe(
      '# just a note\n\ncontexts:\n  a:\n    server: x\n',
    );
  });

  test('a merge key stays, and values it gives are not repeated', () => {
    const text =
      'contexts:\n  a: &base\n    server: x\n    namespace: n\n  b:\n    <<: *base\n    tokenFile: /t\n';
    expect(editConfigText(text, { contexts: { b: { server: 'y', namespace: 'n', tokenFile: '/t' } } })).toBe(
      text + '    server: y\n',
    );
  });

  test('what the edit gives reads back (js-yaml) as applyConfigEdit says', () => {
    const edits: ConfigEdit[] = [
      { currentContext: 'prod' },
      { currentContext: null, contexts: { team: null } },
      { contexts: { dev: { server: 'https://d:1' }, prod: null, staging: null } },
    ];
    for (const edit of edits) {
      const read = load(editConfigText(ANNOTATED, edit)) as { currentContext?: string; contexts: object };
      const expected = applyConfigEdit(load(ANNOTATED) as never, edit);
      expect(read.currentContext).toBe(expected.currentContext);
      expect(read.contexts).toEqual(expected.contexts);
      expect(Object.keys(read.contexts)).toEqual(Object.keys(expected.contexts));
    }
  });
});

describe('saveConfig', () => {
  function setup(text?: string, mode = 0o600) {
    const home = tempDir();
    const env = { HOME: home, XDG_CONFIG_HOME: path.join(home, 'cfg') };
    const file = configFilePath(env);
    if (text !== undefined) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text, { mode });
      fs.chmodSync(file, mode);
    }
    return { env, file };
  }

  test('a new file: the header, currentContext, contexts; mode 0600 in a 0700 directory', () => {
    const { env, file } = setup();
    saveConfig(loadConfig(env), { currentContext: 'a', contexts: { a: { server: 'https://a:1' } } });
    expect(fs.readFileSync(file, 'utf8')).toBe(
      `${CONFIG_HEADER}currentContext: a\ncontexts:\n  a:\n    server: https://a:1\n`,
    );
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
  });

  test('an existing file is edited in place and made 0600', () => {
    const { env, file } = setup(ANNOTATED, 0o644);
    const warnings: string[] = [];
    const saved = saveConfig(loadConfig(env), { currentContext: 'prod' }, (w) => warnings.push(w));
    expect(saved.currentContext).toBe('prod');
    expect(fs.readFileSync(file, 'utf8')).toBe(
      ANNOTATED.replace('currentContext: team', 'currentContext: prod'),
    );
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(warnings).toEqual([]);
  });

  test('an anchor two contexts share cannot be edited in place: written whole, with a warning', () => {
    const text = '# shared\ncontexts:\n  a: &base\n    server: https://a:1\n  b: *base\n';
    const { env, file } = setup(text);
    const warnings: string[] = [];
    saveConfig(loadConfig(env), { contexts: { a: { server: 'https://a:1', namespace: 'n' } } }, (w) =>
      warnings.push(w),
    );
    expect(warnings).toEqual([expect.stringContaining('rewrote it whole')]);
    expect(loadConfig(env).config).toEqual({
      currentContext: undefined,
      contexts: { a: { server: 'https://a:1', namespace: 'n' }, b: { server: 'https://a:1' } },
    });
    expect(fs.readFileSync(file, 'utf8').startsWith(CONFIG_HEADER)).toBe(true);
  });

  test('a failed write leaves the old file as it was', () => {
    const { env, file } = setup(ANNOTATED);
    // The temporary file's name is taken by a directory: writing it fails.
    fs.mkdirSync(`${file}.${process.pid}.tmp`);
    expect(() => saveConfig(loadConfig(env), { currentContext: 'prod' })).toThrow();
    expect(fs.readFileSync(file, 'utf8')).toBe(ANNOTATED);
    expect(fs.readdirSync(path.dirname(file)).sort()).toEqual([
      'config.yaml',
      `config.yaml.${process.pid}.tmp`,
    ]);
  });
});
