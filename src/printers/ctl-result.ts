/**
 * `ctl apply`, `ctl delete` and `ctl diff` results → output: the findings that stopped the command
 * (text on stderr, or a WriteResult document with -o json), skipped documents and warnings (stderr),
 * then one line per resource (or JSON), or the diff. The exit status is `ctlExitCode`.
 */
import { ExitCode } from '../core/errors';
import type { Finding } from '../core/findings';
import type { ValidateReport } from '../core/manifest/validate-report';
import type { ResourceDiff } from '../core/apply/diff';
import { printWriteResultJson, printWriteResultText, type WriteResult } from './ctl-apply';
import { printDiffs } from './ctl-diff';
import { renderJsonDocument } from './envelope';
import { toStderr, toStdout, type Printed } from './printed';

/** Local checks found errors: nothing was sent. */
export interface CtlBlocked {
  kind: 'blocked';
  report: ValidateReport;
  sourceLine?: (file: string, line: number) => string | undefined;
  /** Scenario documents set aside before the checks that blocked (ctl apply). */
  skipped: SkippedDocument[];
  /** 1, or 2 for ctl diff (kubectl diff keeps 1 for "differences"). */
  exitCode: number;
}

export interface SkippedDocument {
  file: string;
  kind: string;
}

/** What ctl apply / ctl delete did to each resource. */
export interface CtlWritten {
  kind: 'written';
  write: WriteResult;
  skipped: SkippedDocument[];
  /** Non-blocking findings of the local checks (shown as `Warning:` lines). */
  warnings: Finding[];
  /** Stopped part-way (ctl apply): the acknowledged outcomes are printed, then this error. */
  error?: Error;
}

/** `ctl diff`: live against local, per resource. */
export interface CtlDiffed {
  kind: 'diff';
  diffs: ResourceDiff[];
}

/** Failed after documents were set aside (ctl apply): the skipped notes are printed, then the error. */
export interface CtlFailed {
  kind: 'failed';
  skipped: SkippedDocument[];
  error: Error;
}

export type CtlResult = CtlBlocked | CtlWritten | CtlDiffed | CtlFailed;

export function printCtlResult(
  r: CtlResult,
  options: { output: string; color: boolean; colorStderr: boolean },
): Printed {
  if (r.kind === 'diff') return [toStdout(printDiffs(r.diffs, { color: options.color }))];
  const out: Printed = r.skipped.map((d) =>
    toStderr(`${d.file}: ${d.kind} skipped (used by explain and simulate, never applied)`),
  );
  if (r.kind === 'failed') return out;
  if (r.kind === 'blocked') {
    if (options.output === 'json') {
      const { findings, summary } = r.report;
      out.push(toStdout(renderJsonDocument('WriteResult', { items: [], findings, summary })));
    } else out.push(toStderr(renderBlockingFindings(r.report, options.colorStderr, r.sourceLine)));
    return out;
  }
  const warnings = renderWarningLines(r.warnings);
  if (warnings) out.push(toStderr(warnings));
  if (options.output === 'json') out.push(toStdout(printWriteResultJson(r.write)));
  else {
    const printed = printWriteResultText(r.write);
    out.push(toStdout(printed.stdout));
    if (printed.stderr) out.push(toStderr(printed.stderr));
  }
  return out;
}

/** 1 when a resource failed (or the local checks blocked), 1 when ctl diff found differences. */
export function ctlExitCode(r: CtlResult): number {
  if (r.kind === 'blocked') return r.exitCode;
  if (r.kind === 'diff') return r.diffs.some((d) => d.change !== 'same') ? ExitCode.FINDINGS : ExitCode.OK;
  if (r.kind === 'failed') return ExitCode.OK; // the error sets it
  return r.write.items.some((i) => i.action === 'error') ? ExitCode.FINDINGS : ExitCode.OK;
}

/** The blocking findings in validate's text format, and a last line saying nothing was sent. */
export function renderBlockingFindings(
  report: ValidateReport,
  color: boolean,
  sourceLine?: (file: string, line: number) => string | undefined,
): string {
  const { renderFindingsText } = require('./findings-text') as typeof import('./findings-text');
  return (
    renderFindingsText(report, { color, sourceLine }).trimEnd() +
    '\nNothing was sent to the control plane: fix the errors above (riptides-cli validate -f … checks the same).'
  );
}

/** Non-blocking findings as kubectl-style `Warning:` lines (at most `max`, then a count). */
export function renderWarningLines(findings: readonly Finding[], max = 5): string {
  const warnings = findings.filter((f) => f.severity === 'warning');
  const lines = warnings.slice(0, max).map((f) => {
    const where = f.file ? `${f.file}${f.line ? `:${f.line}:${f.column ?? 1}` : ''}: ` : '';
    return `Warning: ${where}${f.code} ${f.message}`;
  });
  if (warnings.length > max)
    lines.push(`Warning: … and ${warnings.length - max} more (riptides-cli validate -f … lists them all)`);
  return lines.join('\n');
}
