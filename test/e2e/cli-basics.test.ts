import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, runCli } from '../helpers/cli';

describe('riptides-cli basics', () => {
  test('--version prints name, version, platform and node version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^riptides-cli\/\d+\.\d+\.\d+ \S+-\S+ node-v\d+/);
  });

  test('--help lists the help and autocomplete plugins', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('autocomplete');
    expect(r.stdout).toContain('help');
  });

  test('an unknown command is a usage error (exit 2)', async () => {
    const r = await runCli(['no-such-command']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not found/i);
  });

  // SPEC §5: 2 = usage. Errors that oclif finds (not a RiptidesError) end with the catalog code too.
  test.each([
    ['an unknown command', ['nosuchcommand']],
    ['an unknown flag', ['validate', '--nosuchflag']],
    ['a flag value not allowed', ['validate', '-f', 'examples/quickstart', '-o', 'nope']],
    ['an unexpected argument', ['ctl', 'apply', 'manifests/']],
    ['a missing required flag', ['svid', 'issue']],
  ])('%s: exit 2 and the code of its page, usage', async (_what, args) => {
    const r = await runCli(args);
    expect({ args, code: r.code }).toEqual({ args, code: 2 });
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe('Code: usage (riptides-cli docs usage)');
  });
});

describe('help, -o text and command names (issue 9)', () => {
  test('-h is accepted as --help, on the root and on commands', async () => {
    for (const args of [['-h'], ['ctl', 'get', '-h'], ['svid', 'inspect', '-h'], ['validate', '-h']]) {
      const r = await runCli(args);
      expect({ args, code: r.code }).toEqual({ args, code: 0 });
      expect(r.stdout).toContain('USAGE');
    }
  });

  test('a mistyped command gets a did-you-mean suggestion, spelled with spaces, and exit 2', async () => {
    const cases: [string[], string][] = [
      [['ctl', 'gte', 'wi'], 'riptides-cli ctl get'],
      [['valdate', '-f', 'x'], 'riptides-cli validate'],
      [['clt', 'apply'], 'riptides-cli ctl apply'],
      [['svid', 'inspekt'], 'riptides-cli svid inspect'],
    ];
    for (const [args, suggestion] of cases) {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`Did you mean: ${suggestion}`);
      expect(r.stderr).not.toMatch(/\b(ctl|svid):[a-z]/);
    }
  });

  test('an argument a command does not take is named as such (exit 2), never "command not found"', async () => {
    const cases: [string[], string, string | undefined][] = [
      [
        ['ctl', 'apply', 'manifests/'],
        'riptides-cli ctl apply takes no argument "manifests/"',
        '-f manifests/',
      ],
      [['explain', 'connection', 'a', 'b'], '"a" (nor "b")', '-f a -f b'],
      [['schemas', 'extra'], 'riptides-cli schemas takes no argument "extra"', undefined],
    ];
    for (const [args, message, fix] of cases) {
      const r = await runCli(args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toMatch(/not found/);
      if (fix) expect(r.stderr).toContain(`riptides-cli ${args.slice(0, 2).join(' ')} ${fix}`);
      expect(r.stderr).toContain('--help');
    }
  });

  test('validate takes PATHs as arguments too, the same as -f PATH', async () => {
    const positional = await runCli([
      'validate',
      'examples/quickstart',
      'examples/implicit-mtls',
      '-o',
      'json',
    ]);
    const flagged = await runCli([
      'validate',
      '-f',
      'examples/quickstart',
      '-f',
      'examples/implicit-mtls',
      '-o',
      'json',
    ]);
    expect(positional.code).toBe(0);
    expect(positional.stdout).toBe(flagged.stdout);
    const files = (JSON.parse(positional.stdout) as { summary: { files: number } }).summary.files;
    expect(files).toBeGreaterThan(4);
    const missing = await runCli(['validate', 'no/such/dir']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no/such/dir');
  });

  test('usage errors name the command with spaces, never the internal id', async () => {
    const r = await runCli(['ctl', 'get', 'wi', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('riptides-cli ctl get --help');
    expect(r.stderr).not.toContain('ctl:get');
  });

  test('a mistyped flag gets a did-you-mean suggestion (exit 2)', async () => {
    const r = await runCli(['ctl', 'apply', '-f', 'examples/quickstart', '--atomc', '--dryrun=server']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--atomc: did you mean --atomic?');
    expect(r.stderr).toContain('--dryrun: did you mean --dry-run?');
  });

  test('every command has -o/--output accepting text (the built command manifest)', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'oclif.manifest.json'), 'utf8')) as {
      commands: Record<string, { flags: Record<string, { char?: string; options?: string[] }> }>;
    };
    const ids = Object.keys(manifest.commands);
    expect(ids.length).toBeGreaterThanOrEqual(16);
    for (const id of ids) {
      const output = manifest.commands[id].flags.output;
      expect({ id, char: output?.char, text: output?.options?.includes('text') }).toEqual({
        id,
        char: 'o',
        text: true,
      });
    }
  });

  test('config current-context -o text prints the same as without -o', async () => {
    const plain = await runCli(['config', 'current-context']);
    const text = await runCli(['config', 'current-context', '-o', 'text']);
    expect(text.code).toBe(0);
    expect(text.stdout).toBe(plain.stdout);
  });

  test('-o text is accepted by ctl get (= table), simulate (= table) and config view (= yaml)', async () => {
    const get = await runCli(['ctl', 'get', 'wi', '-o', 'text']);
    expect(get.code).toBe(0);
    const sim = await runCli(['simulate', '-f', 'examples/quickstart', '-o', 'text']);
    const simTable = await runCli(['simulate', '-f', 'examples/quickstart', '-o', 'table']);
    expect(sim.code).toBe(simTable.code);
    expect(sim.stdout).toBe(simTable.stdout);
    const view = await runCli(['config', 'view', '-o', 'text']);
    expect(view.code).toBe(0);
    expect(view.stdout).toContain('currentContext');
  });
});
