/**
 * Local findings that stopped `ctl apply/diff/delete -f` before anything was sent:
 * `file:line:col: error RT1012 message` lines with their fix, then a count.
 */
import type { Finding } from '../core/findings';

export function printFindingsText(findings: readonly Finding[]): string {
  const lines: string[] = [];
  for (const f of findings) {
    const where = f.file ? `${f.file}${f.line ? `:${f.line}${f.column ? `:${f.column}` : ''}` : ''}: ` : '';
    lines.push(`${where}${f.severity} ${f.code} ${f.message}${f.resource ? ` (${f.resource})` : ''}`);
    if (f.fix) lines.push(...f.fix.split('\n').map((l) => `  fix: ${l}`));
    for (const r of f.related ?? []) {
      lines.push(
        `  ${r.message}${r.file ? ` at ${r.file}${r.line ? `:${r.line}${r.column ? `:${r.column}` : ''}` : ''}` : ''}`,
      );
    }
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  lines.push(`${errors} error(s) in the input: nothing was sent to the control plane`);
  return lines.join('\n');
}
