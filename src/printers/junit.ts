/**
 * JUnit XML for CI test reports: one test suite per file, one test case per document (named after
 * its resource), a failure listing the document's findings; YAML problems are a test case of the file.
 */
import type { Finding } from '../core/findings';
import type { CheckedDocument, ValidateReport } from '../core/manifest/validate-report';

export interface JunitOptions {
  /** Warnings fail the test case too (`--strict`). */
  strict?: boolean;
}

/** Codes found while reading a file rather than checking one of its documents. */
const FILE_CODES = new Set(['RT1001', 'RT1002', 'RT1003', 'RT1004']);

function xml(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

interface Case {
  name: string;
  line?: number;
  findings: Finding[];
}

function describeFinding(f: Finding): string {
  const at = f.line ? `${f.file}:${f.line}:${f.column ?? 1}` : (f.file ?? '');
  return `${at} ${f.severity} ${f.code} ${f.message}${f.path ? ` (at ${f.path})` : ''}${f.fix ? `\n  fix: ${f.fix}` : ''}`;
}

export function renderJunit(report: ValidateReport, options: JunitOptions = {}): string {
  const docsByFile = new Map<string, CheckedDocument[]>();
  for (const d of report.documents) {
    if (!docsByFile.has(d.file)) docsByFile.set(d.file, []);
    docsByFile.get(d.file)!.push(d);
  }
  const files = [...new Set([...report.files, ...report.findings.map((f) => f.file ?? '')])];
  const suites: string[] = [];
  let totalTests = 0;
  let totalFailures = 0;
  for (const file of files) {
    const docs = (docsByFile.get(file) ?? []).slice().sort((a, b) => a.line - b.line);
    const fileCase: Case = { name: `${file} (YAML)`, findings: [] };
    const cases: Case[] = docs.map((d) => ({
      name: d.resource ?? `${file} document ${d.index + 1}`,
      line: d.line,
      findings: [],
    }));
    for (const f of report.findings) {
      if ((f.file ?? '') !== file) continue;
      let target = fileCase;
      if (!FILE_CODES.has(f.code) && f.line) {
        for (let i = docs.length - 1; i >= 0; i--) {
          if (docs[i].line <= f.line) {
            target = cases[i];
            break;
          }
        }
      }
      target.findings.push(f);
    }
    if (fileCase.findings.length > 0 || cases.length === 0) cases.unshift(fileCase);
    let failures = 0;
    const body = cases.map((c) => {
      const failing = c.findings.filter(
        (f) => f.severity === 'error' || (options.strict && f.severity === 'warning'),
      );
      const attrs = `name="${xml(c.name)}" classname="${xml(file)}" file="${xml(file)}"${c.line ? ` line="${c.line}"` : ''}`;
      if (c.findings.length === 0) return `    <testcase ${attrs}/>`;
      const lines = [`    <testcase ${attrs}>`];
      if (failing.length > 0) {
        failures++;
        const first = failing[0];
        lines.push(
          `      <failure message="${xml(`${first.code}: ${first.message}`)}" type="${xml(first.code)}">${xml(
            failing.map(describeFinding).join('\n'),
          )}</failure>`,
        );
      }
      const rest = c.findings.filter((f) => !failing.includes(f));
      if (rest.length > 0)
        lines.push(`      <system-out>${xml(rest.map(describeFinding).join('\n'))}</system-out>`);
      lines.push('    </testcase>');
      return lines.join('\n');
    });
    totalTests += cases.length;
    totalFailures += failures;
    suites.push(
      `  <testsuite name="${xml(file)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">\n${body.join('\n')}\n  </testsuite>`,
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="riptides-cli validate" tests="${totalTests}" failures="${totalFailures}" errors="0">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
