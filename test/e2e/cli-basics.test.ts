import { runCli } from '../helpers/cli';

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
});
