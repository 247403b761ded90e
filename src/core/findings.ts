/**
 * Findings: what `validate`, the lint rules and `svid inspect` report. A finding is data with a
 * stable code from the catalog (src/core/catalog); printers render it, tests assert its code.
 */

export type Severity = 'error' | 'warning' | 'info';

/** A place in a source file. `line` and `column` are 1-based. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/** A place in a manifest: file position plus the JSON pointer of the node (`/spec/selectors/0`). */
export interface SourceRef extends SourcePosition {
  path: string;
}

export interface RelatedLocation {
  message: string;
  file?: string;
  line?: number;
  column?: number;
  path?: string;
  resource?: string;
}

export interface Finding {
  severity: Severity;
  /** Stable code from the catalog, e.g. `RT1001`. Never renumbered, never reused. */
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  /** JSON pointer of the offending node inside its document. */
  path?: string;
  /** `Kind namespace/name` of the resource, when the finding belongs to one. */
  resource?: string;
  /** How to fix it (plain sentences or YAML to paste). */
  fix?: string;
  /** Other places involved (the other Service claiming the address, the identity it conflicts with …). */
  related?: RelatedLocation[];
}

export interface FindingSummary {
  errors: number;
  warnings: number;
  infos: number;
}

export function summarizeFindings(findings: readonly Finding[]): FindingSummary {
  const summary: FindingSummary = { errors: 0, warnings: 0, infos: 0 };
  for (const f of findings) {
    if (f.severity === 'error') summary.errors++;
    else if (f.severity === 'warning') summary.warnings++;
    else summary.infos++;
  }
  return summary;
}

const severityRank: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** True when `severity` is at least as severe as `threshold`. */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank[severity] >= severityRank[threshold];
}

/** Stable order for output: file, line, column, code. */
export function compareFindings(a: Finding, b: Finding): number {
  // Findings of one file (the common case) never reach localeCompare, whose first call sets up the
  // ICU collator (≈ 8 ms of CPU); codes are ASCII, so code-unit order is their order.
  return (
    (a.file === b.file ? 0 : (a.file ?? '').localeCompare(b.file ?? '')) ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
  );
}
