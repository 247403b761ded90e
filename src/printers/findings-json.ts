/** JSON output of `validate` (documented in docs/validate.md): a summary and every finding, 1-based positions. */
import type { Finding, RelatedLocation } from '../core/findings';
import type { ValidateReport, ValidateSummary } from '../core/manifest/validate-report';
import { renderJsonDocument } from './envelope';

export interface FindingJson {
  severity: Finding['severity'];
  code: string;
  message: string;
  file: string | null;
  line: number | null;
  column: number | null;
  path: string | null;
  resource: string | null;
  fix?: string;
  /** Lint findings: the other resources involved, each `{message, resource, file, line, column, path}`. */
  related?: RelatedLocation[];
}

export interface FindingsJson {
  summary: ValidateSummary;
  findings: FindingJson[];
}

export function toFindingsJson(report: ValidateReport): FindingsJson {
  return {
    summary: { ...report.summary },
    findings: report.findings.map((f) => {
      const out: FindingJson = {
        severity: f.severity,
        code: f.code,
        message: f.message,
        file: f.file ?? null,
        line: f.line ?? null,
        column: f.column ?? null,
        path: f.path ?? null,
        resource: f.resource ?? null,
      };
      if (f.fix) out.fix = f.fix;
      if (f.related && f.related.length > 0) out.related = f.related;
      return out;
    }),
  };
}

export function renderFindingsJson(report: ValidateReport): string {
  return renderJsonDocument('ValidateReport', toFindingsJson(report));
}
