/**
 * The result of `validate` as data: counts, findings in a stable order, and the documents checked
 * (JUnit writes one test case per document). Printers render it; `--strict` decides the exit code.
 */
import type { Finding } from '../findings';
import { compareFindings, summarizeFindings } from '../findings';
import { nameDocument } from './check';
import type { LoadedDocument } from './document';

export interface ValidateSummary {
  /** Files read (stdin counts as one). */
  files: number;
  /** Riptides documents checked (WorkloadIdentity, Service, Scenario), valid or not; skipped ones excluded. */
  resources: number;
  errors: number;
  warnings: number;
  infos: number;
  /** Non-Riptides documents passed over with --skip-unknown. */
  skipped: number;
  /** Lint findings not reported: disabled (flag, config file) or suppressed by an annotation. */
  suppressed: number;
}

export interface CheckedDocument {
  file: string;
  /** 0-based index of the document in its file. */
  index: number;
  line: number;
  column: number;
  /** `Service riptides-system/backend`, when the document names one. */
  resource?: string;
}

export interface ValidateReport {
  summary: ValidateSummary;
  findings: Finding[];
  documents: CheckedDocument[];
  /** Files that were read (including those without documents): every one is a JUnit test suite. */
  files: string[];
}

export interface ValidateReportInput {
  files: readonly string[];
  /** The documents checked (not those skipped). */
  documents: readonly LoadedDocument[];
  /** Every finding: loading, schema, and later rule passes. */
  findings: readonly Finding[];
  skipped: number;
  /** Lint findings suppressed (counted, not reported). */
  suppressed?: number;
}

export function buildValidateReport(input: ValidateReportInput): ValidateReport {
  const findings = [...input.findings].sort(compareFindings);
  const counts = summarizeFindings(findings);
  // Only the JUnit report lists the documents: worked out when first read (10,000 start positions
  // and names are otherwise made for nothing).
  let documents: CheckedDocument[] | undefined;
  const listDocuments = (): CheckedDocument[] =>
    input.documents.map((d) => {
      const data = d.data as { kind?: unknown } | null;
      const kind =
        typeof data === 'object' && data !== null && typeof data.kind === 'string' ? data.kind : undefined;
      const doc: CheckedDocument = {
        file: d.origin.file,
        index: d.origin.index,
        line: d.origin.start.line,
        column: d.origin.start.column,
      };
      const resource = kind ? nameDocument(kind, data) : undefined;
      if (resource) doc.resource = resource;
      return doc;
    });
  return {
    summary: {
      files: input.files.length,
      resources: input.documents.length,
      errors: counts.errors,
      warnings: counts.warnings,
      infos: counts.infos,
      skipped: input.skipped,
      suppressed: input.suppressed ?? 0,
    },
    findings,
    get documents() {
      return (documents ??= listDocuments());
    },
    files: [...input.files],
  };
}

/** Whether the run fails: any error, or with `strict` any warning too. */
export function failsValidation(summary: ValidateSummary, strict = false): boolean {
  return summary.errors > 0 || (strict && summary.warnings > 0);
}
