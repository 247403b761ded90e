/** The findings text printer stays bounded: clipped excerpts with the caret in place, capped lists. */
import type { Finding } from '../../src/core/findings';
import type { ValidateReport } from '../../src/core/manifest/validate-report';
import {
  clipExcerpt,
  MAX_FINDINGS_PER_DOCUMENT,
  MAX_FINDINGS_SHOWN,
  renderFindingsText,
} from '../../src/printers/findings-text';

function report(findings: Finding[]): ValidateReport {
  const errors = findings.filter((f) => f.severity === 'error').length;
  return {
    summary: { files: 1, resources: 1, errors, warnings: 0, infos: 0, skipped: 0, suppressed: 0 },
    findings,
    documents: [],
    files: ['f.yaml'],
  };
}

const finding = (i: number, resource?: string): Finding => ({
  severity: 'error',
  code: 'RT1020',
  message: `unknown field b${i}`,
  file: 'f.yaml',
  line: 1,
  column: 1 + i,
  resource,
});

test('an excerpt of a 1 MB line is a window around the column, and the caret points at the token', () => {
  const line = `${'x'.repeat(500_000)} bogus: 1 ${'y'.repeat(500_000)}`;
  const e = clipExcerpt(line, 500_002);
  expect(e.text.length).toBeLessThan(130);
  expect(e.text.slice(e.caretAt, e.caretAt + e.caretLength)).toBe('bogus');
  expect(e.text.startsWith('…')).toBe(true);
  expect(e.text.endsWith('…')).toBe(true);
  const short = clipExcerpt('  name: "a\u001b[2Jb"', 9);
  expect(short.text).toBe('  name: "a\\x1b[2Jb"');
  expect(short.text.slice(short.caretAt, short.caretAt + short.caretLength)).toBe('"a\\x1b[2Jb"');
});

test('at most MAX_FINDINGS_PER_DOCUMENT per resource, then a count of the rest', () => {
  const findings = Array.from({ length: 120 }, (_, i) => finding(i, 'Service ns/a'));
  const text = renderFindingsText(report(findings), { color: false, sourceLine: () => 'x'.repeat(200) });
  expect(text.match(/RT1020/g)).toHaveLength(MAX_FINDINGS_PER_DOCUMENT);
  expect(text).toContain(`… and ${120 - MAX_FINDINGS_PER_DOCUMENT} more findings in Service ns/a`);
});

test('at most MAX_FINDINGS_SHOWN in all, then a count of those not shown', () => {
  const findings = Array.from({ length: MAX_FINDINGS_SHOWN + 5 }, (_, i) => finding(i, `Service ns/s${i}`));
  const text = renderFindingsText(report(findings), { color: false });
  expect(text.match(/RT1020/g)).toHaveLength(MAX_FINDINGS_SHOWN);
  expect(text).toContain('… and 5 more findings not shown');
  expect(text).toContain(`${MAX_FINDINGS_SHOWN + 5} errors`);
});
