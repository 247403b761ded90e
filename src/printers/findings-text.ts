/**
 * Human output of findings: grouped by file, each with its position, code, message, the offending
 * source line with a caret under the exact place, and the fix. Colour only when asked.
 */
import chalk from 'chalk';
import type { Finding } from '../core/findings';
import type { ValidateReport } from '../core/manifest/validate-report';

export interface FindingsTextOptions {
  color: boolean;
  /** The text of a 1-based line of a file, for the source excerpt; absent: no excerpt. */
  sourceLine?: (file: string, line: number) => string | undefined;
}

/** Length of the token at `column` (1-based) of `line`: a quoted string, a key without its ':', a word. */
export function tokenLength(line: string, column: number): number {
  const rest = line.slice(column - 1);
  const m = /^("(?:[^"\\]|\\.)*"?|'(?:[^']|'')*'?|[^\s,[\]{}#]+)/.exec(rest);
  if (!m) return 1;
  let token = m[1];
  if (!/^["']/.test(token)) {
    const keyEnd = token.search(/:(\s|$)/);
    if (keyEnd > 0) token = token.slice(0, keyEnd);
    else if (token.endsWith(':') && token.length > 1) token = token.slice(0, -1);
  }
  return Math.max(1, token.length);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function renderFindingsText(report: ValidateReport, options: FindingsTextOptions): string {
  const c = new chalk.Instance({ level: options.color ? 1 : 0 });
  const out: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const key = f.file ?? '';
    if (!byFile.has(key)) byFile.set(key, []);
    byFile.get(key)!.push(f);
  }
  for (const [file, findings] of byFile) {
    out.push(c.underline(file || '(no file)'));
    for (const f of findings) {
      const where = f.line ? `${f.line}:${f.column ?? 1}` : '';
      const sev =
        f.severity === 'error'
          ? c.red('error')
          : f.severity === 'warning'
            ? c.yellow('warning')
            : c.blue('info');
      out.push(`  ${c.dim(where.padEnd(7))} ${sev} ${c.bold(f.code)}  ${f.message}`);
      const text = f.line && f.file ? options.sourceLine?.(f.file, f.line) : undefined;
      if (text !== undefined && f.line) {
        const num = String(f.line);
        const gutter = ' '.repeat(num.length);
        const col = Math.max(1, f.column ?? 1);
        const shown = text.replace(/\t/g, ' ');
        out.push(`    ${c.dim(num + ' |')} ${shown}`);
        out.push(
          `    ${c.dim(gutter + ' |')} ${' '.repeat(col - 1)}${c.red('^'.repeat(tokenLength(shown, col)))}`,
        );
      }
      const details = [f.resource ? `in ${f.resource}` : '', f.path ? `at ${f.path}` : ''].filter(Boolean);
      if (details.length > 0) out.push(`    ${c.dim(details.join(' '))}`);
      if (f.fix) out.push(`    ${c.cyan('fix:')} ${f.fix}`);
      for (const r of f.related ?? []) {
        const at = r.file ? ` ${r.file}${r.line ? `:${r.line}:${r.column ?? 1}` : ''}` : '';
        out.push(`    ${c.dim('related:')} ${r.message}${r.resource ? ` (${r.resource})` : ''}${at}`);
      }
    }
    out.push('');
  }
  const s = report.summary;
  const checked = `${plural(s.resources, 'document')} in ${plural(s.files, 'file')}`;
  const skipped =
    (s.skipped > 0 ? `, ${s.skipped} non-Riptides skipped` : '') +
    (s.suppressed > 0 ? `, ${s.suppressed} suppressed` : '');
  if (s.errors === 0 && s.warnings === 0) {
    out.push(`${c.green('✔')} ${checked} valid${skipped}`);
  } else {
    const parts = [plural(s.errors, 'error'), plural(s.warnings, 'warning')];
    out.push(`${s.errors > 0 ? c.red('✖') : c.yellow('!')} ${parts.join(', ')} in ${checked}${skipped}`);
  }
  return out.join('\n') + '\n';
}
