import { ExitCode, RiptidesError, isRiptidesError, usageError } from '../../src/core/errors';
import { atLeast, compareFindings, summarizeFindings } from '../../src/core/findings';

describe('error family', () => {
  test('usageError carries exit 2 and suggestions', () => {
    const err = usageError('bad flag', ['use --foo']);
    expect(isRiptidesError(err)).toBe(true);
    expect(err.exitCode).toBe(ExitCode.USAGE);
    expect(err.suggestions).toEqual(['use --foo']);
  });

  test('cause is preserved', () => {
    const cause = new Error('inner');
    const err = new RiptidesError('outer', { code: 'unreachable', exitCode: ExitCode.UNAVAILABLE, cause });
    expect(err.cause).toBe(cause);
  });
});

describe('findings', () => {
  test('summary counts by severity', () => {
    const s = summarizeFindings([
      { severity: 'error', code: 'RT1', message: '' },
      { severity: 'warning', code: 'RT2', message: '' },
      { severity: 'warning', code: 'RT2', message: '' },
      { severity: 'info', code: 'RT3', message: '' },
    ]);
    expect(s).toEqual({ errors: 1, warnings: 2, infos: 1 });
  });

  test('severity threshold', () => {
    expect(atLeast('error', 'warning')).toBe(true);
    expect(atLeast('info', 'warning')).toBe(false);
  });

  test('stable order by file, line, column, code', () => {
    const a = { severity: 'error' as const, code: 'RT2', message: '', file: 'a.yaml', line: 2, column: 1 };
    const b = { severity: 'error' as const, code: 'RT1', message: '', file: 'a.yaml', line: 2, column: 1 };
    const c = { severity: 'error' as const, code: 'RT1', message: '', file: 'a.yaml', line: 1, column: 5 };
    expect([a, b, c].sort(compareFindings)).toEqual([c, b, a]);
  });
});
