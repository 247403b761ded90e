/** `riptides-cli docs` end to end: pages printed offline, unknown codes exit 2 with a suggestion. */
import { runCli, tempDir } from '../helpers/cli';

describe('docs', () => {
  test('prints an RT code page and a reason page from any working directory', async () => {
    const cwd = tempDir();
    const rt = await runCli(['docs', 'RT1020'], { cwd });
    expect(rt.code).toBe(0);
    expect(rt.stdout.split('\n')[0]).toBe('# RT1020 unknown-field');
    const reason = await runCli(['docs', 'no-identity'], { cwd });
    expect(reason.code).toBe(0);
    expect(reason.stdout).toMatch(/^# .*no-identity/);
  });

  test('every kind of code has its page: a CLI error, an API problem type, a flow explanation; renamed names lead on', async () => {
    for (const [code, first] of [
      ['token-over-http', '# token-over-http'],
      ['conflict', '# conflict'],
      ['silent-downgrade', '# silent-downgrade'],
      ['overlapping-selectors', '# RT2005 overlapping-selectors'],
      // The reason kept the name; RT2005's former name is still taken by --disable (test/core/catalog.test.ts).
      ['ambiguous-identity', '# ambiguous-identity'],
    ]) {
      const r = await runCli(['docs', code]);
      expect({ code, exit: r.code, first: r.stdout.split('\n')[0] }).toEqual({ code, exit: 0, first });
    }
  });

  test('unknown code: exit 2, did you mean; --list lists every code; no code: exit 2', async () => {
    const bad = await runCli(['docs', 'RT1021x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/did you mean "RT1021"/);
    const list = await runCli(['docs', '--list']);
    expect(list.code).toBe(0);
    const codes = list.stdout
      .trim()
      .split('\n')
      .map((l) => l.split(/\s+/)[0]);
    expect(codes).toEqual(
      expect.arrayContaining([
        'RT1001',
        'RT1005',
        'RT2001',
        'RT3001',
        'RT4001',
        'no-identity',
        'usage',
        'not-found',
        'staged-change',
      ]),
    );
    expect((await runCli(['docs'])).code).toBe(2);
  });
});
