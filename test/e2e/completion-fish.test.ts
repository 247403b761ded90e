/**
 * Fish completion (`completion fish`), checked with the real fish shell: the script is sourced and
 * `complete -C` asked what it offers, as fish does on TAB. .ci/run installs fish when missing.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runCli, tempDir } from '../helpers/cli';

let script: string;

/** The candidates fish offers for a command line (the words before the TAB). */
function complete(line: string): string[] {
  const r = spawnSync('fish', ['--no-config', '-c', `source ${script}; complete -C '${line}'`], {
    encoding: 'utf8',
  });
  expect(r.stderr).toBe('');
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t')[0]);
}

beforeAll(async () => {
  const r = await runCli(['completion', 'fish']);
  expect(r.code).toBe(0);
  script = path.join(tempDir('riptides-fish-'), 'riptides-cli.fish');
  fs.writeFileSync(script, r.stdout);
  expect(spawnSync('fish', ['--no-config', '-n', script]).status).toBe(0);
});

test('commands and topics word by word', () => {
  expect(complete('riptides-cli ')).toEqual(
    expect.arrayContaining([
      'ctl',
      'validate',
      'explain',
      'simulate',
      'svid',
      'config',
      'schemas',
      'completion',
    ]),
  );
  expect(complete('riptides-cli ctl ')).toEqual(['apply', 'delete', 'diff', 'get']);
  expect(complete('riptides-cli svid ')).toEqual(['inspect', 'issue']);
});

test('flags per command, option values, --no- forms, after positional arguments too', () => {
  const apply = complete('riptides-cli ctl apply --');
  expect(apply).toEqual(expect.arrayContaining(['--filename', '--dry-run', '--output', '--atomic']));
  expect(apply).not.toContain('--fail-on');
  expect(complete('riptides-cli validate --fail-on ')).toEqual(['error', 'info', 'warning']);
  expect(complete('riptides-cli ctl get wi -o ')).toEqual(['json', 'name', 'table', 'text', 'wide', 'yaml']);
  expect(complete('riptides-cli validate --no-')).toContain('--no-rules');
  expect(complete('riptides-cli completion ')).toEqual(['fish']);
});

test('path flags complete file names; bash, zsh and PowerShell stay with `autocomplete`', async () => {
  const dir = tempDir('riptides-fish-files-');
  fs.mkdirSync(path.join(dir, 'manifests'));
  const r = spawnSync(
    'fish',
    ['--no-config', '-c', `source ${script}; cd ${dir}; complete -C 'riptides-cli validate -f man'`],
    {
      encoding: 'utf8',
    },
  );
  expect(r.stdout.split('\n')[0]).toBe('manifests/');
  const other = await runCli(['completion', 'bash']);
  expect(other.code).toBe(2);
  expect(other.stderr).toContain('fish');
});
