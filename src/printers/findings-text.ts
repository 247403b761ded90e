/**
 * Human output of findings: grouped by file, each with its position, code, message, the offending
 * source line with a caret under the exact place, and the fix. Colour only when asked.
 * Bounded whatever the input: excerpts are clipped to a window around the column, at most
 * MAX_FINDINGS_PER_DOCUMENT findings are shown per document (then a count of the rest), and every
 * piece of manifest text is escaped for the terminal.
 */
import chalk from 'chalk';
import type { Finding } from '../core/findings';
import type { ValidateReport } from '../core/manifest/validate-report';
import { escapeTerminal, escapeTerminalText } from '../core/text/terminal';

/** Findings shown per document (per resource, or per file for findings outside one); -o json has all. */
export const MAX_FINDINGS_PER_DOCUMENT = 50;
/**
 * Findings shown in all: with excerpts clipped, about 6 MB of text at most, however many documents
 * a 64 MiB input holds (the text is built in memory; a string has a maximum length).
 */
export const MAX_FINDINGS_SHOWN = 10_000;
/** Characters of a source line shown before the column, and in all, in an excerpt. */
const EXCERPT_BEFORE = 40;
const EXCERPT_WIDTH = 120;

export interface FindingsTextOptions {
  color: boolean;
  /** The text of a 1-based line of a file, for the source excerpt; absent: no excerpt. */
  sourceLine?: (file: string, line: number) => string | undefined;
}

/** Length of the token at `column` (1-based) of `line`: a quoted string, a key without its ':', a word. */
export function tokenLength(line: string, column: number): number {
  const rest = line.slice(column - 1, column - 1 + EXCERPT_WIDTH);
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

export interface Excerpt {
  /** The shown part of the line, escaped, with `…` where it was clipped. */
  text: string;
  /** Where the caret starts in `text` (0-based) and how long it is. */
  caretAt: number;
  caretLength: number;
}

/**
 * The part of `line` around `column` (1-based) that is shown: at most EXCERPT_WIDTH characters, starting
 * EXCERPT_BEFORE before the column, control characters made visible, the caret moved to match.
 */
export function clipExcerpt(line: string, column: number): Excerpt {
  const at = Math.min(Math.max(0, column - 1), line.length);
  const token = Math.min(tokenLength(line, at + 1), EXCERPT_WIDTH - EXCERPT_BEFORE);
  const from = at > EXCERPT_BEFORE + 1 ? at - EXCERPT_BEFORE : 0;
  const to = Math.min(line.length, from + EXCERPT_WIDTH);
  const before = (from > 0 ? '…' : '') + escapeTerminal(line.slice(from, at).replace(/\t/g, ' '));
  const marked = escapeTerminal(line.slice(at, at + token).replace(/\t/g, ' '));
  const after = escapeTerminal(line.slice(at + token, Math.max(at + token, to)).replace(/\t/g, ' '));
  return {
    text: before + marked + after + (to < line.length ? '…' : ''),
    caretAt: before.length,
    caretLength: Math.max(1, marked.length),
  };
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
  let shownInAll = 0;
  let notShown = 0;
  for (const [file, findings] of byFile) {
    if (shownInAll >= MAX_FINDINGS_SHOWN) {
      notShown += findings.length;
      continue;
    }
    out.push(c.underline(escapeTerminal(file || '(no file)')));
    const shownPerDocument = new Map<string, number>();
    const hiddenPerDocument = new Map<string, number>();
    for (const f of findings) {
      const doc = f.resource ?? '';
      const shown = shownPerDocument.get(doc) ?? 0;
      if (shownInAll >= MAX_FINDINGS_SHOWN) {
        notShown++;
        continue;
      }
      if (shown >= MAX_FINDINGS_PER_DOCUMENT) {
        hiddenPerDocument.set(doc, (hiddenPerDocument.get(doc) ?? 0) + 1);
        continue;
      }
      shownPerDocument.set(doc, shown + 1);
      shownInAll++;
      const where = f.line ? `${f.line}:${f.column ?? 1}` : '';
      const sev =
        f.severity === 'error'
          ? c.red('error')
          : f.severity === 'warning'
            ? c.yellow('warning')
            : c.blue('info');
      out.push(`  ${c.dim(where.padEnd(7))} ${sev} ${c.bold(f.code)}  ${escapeTerminalText(f.message)}`);
      const text = f.line && f.file ? options.sourceLine?.(f.file, f.line) : undefined;
      if (text !== undefined && f.line) {
        const num = String(f.line);
        const gutter = ' '.repeat(num.length);
        const excerpt = clipExcerpt(text, Math.max(1, f.column ?? 1));
        out.push(`    ${c.dim(num + ' |')} ${excerpt.text}`);
        out.push(
          `    ${c.dim(gutter + ' |')} ${' '.repeat(excerpt.caretAt)}${c.red('^'.repeat(excerpt.caretLength))}`,
        );
      }
      const details = [f.resource ? `in ${f.resource}` : '', f.path ? `at ${f.path}` : ''].filter(Boolean);
      if (details.length > 0) out.push(`    ${c.dim(escapeTerminal(details.join(' ')))}`);
      if (f.fix) out.push(`    ${c.cyan('fix:')} ${escapeTerminalText(f.fix)}`);
      for (const r of f.related ?? []) {
        const at = r.file ? ` ${r.file}${r.line ? `:${r.line}:${r.column ?? 1}` : ''}` : '';
        out.push(
          `    ${c.dim('related:')} ${escapeTerminal(`${r.message}${r.resource ? ` (${r.resource})` : ''}${at}`)}`,
        );
      }
    }
    for (const [doc, hidden] of hiddenPerDocument) {
      const what = doc ? `in ${escapeTerminal(doc)}` : 'in this file';
      out.push(`  … and ${plural(hidden, 'more finding')} ${what} (-o json lists them all)`);
    }
    out.push('');
  }
  if (notShown > 0)
    out.push(
      `… and ${plural(notShown, 'more finding')} not shown: text output shows at most ${MAX_FINDINGS_SHOWN} (-o json lists them all)`,
      '',
    );
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
