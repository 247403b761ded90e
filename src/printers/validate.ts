/**
 * `validate`'s result → text, JSON, SARIF, JUnit or GitHub annotations (the same report in every
 * format; --sarif-file, --junit-file and --json-file write the other formats with this function too).
 */
import type { LintRule } from '../core/lint/types';
import type { ValidateReport } from '../core/manifest/validate-report';
import { renderFindingsJson } from './findings-json';
import { renderFindingsText } from './findings-text';
import { renderGithubAnnotations } from './github';
import { renderJunit } from './junit';
import { renderRuleListJson, renderRuleListText } from './lint-rules';
import { toStdout, type Printed } from './printed';
import { renderSarif } from './sarif';

export const VALIDATE_FORMATS = ['text', 'json', 'sarif', 'junit', 'github'] as const;
export type ValidateFormat = (typeof VALIDATE_FORMATS)[number];

/** What the formats need besides the report. */
export interface ValidateRenderContext {
  /** riptides-cli's version, for SARIF's tool.driver.version. */
  toolVersion: string;
  /** Base URL of the browsable docs/ pages for SARIF helpUri (RIPTIDES_DOCS_URL). */
  docsBaseUrl?: string;
  /** JUnit: warnings fail too (--fail-on below error). */
  strict: boolean;
  /** The source line of a finding, quoted under it in text output. */
  sourceLine?: (file: string, line: number) => string | undefined;
}

/** What `validate` found: the report, whether it fails the threshold, and how to render it. */
export interface ValidateResult {
  kind: 'report';
  report: ValidateReport;
  /** A finding at or above --fail-on (exit 1). */
  failed: boolean;
  render: ValidateRenderContext;
}

/** `validate --list-rules`: the lint rules. */
export interface RuleListResult {
  kind: 'rules';
  rules: readonly LintRule[];
}

export function renderValidateReport(
  report: ValidateReport,
  format: ValidateFormat,
  context: ValidateRenderContext & { color: boolean },
): string {
  switch (format) {
    case 'json':
      return renderFindingsJson(report);
    case 'sarif':
      return renderSarif(report, { toolVersion: context.toolVersion, docsBaseUrl: context.docsBaseUrl });
    case 'junit':
      return renderJunit(report, { strict: context.strict });
    case 'github':
      return renderGithubAnnotations(report);
    case 'text':
      return renderFindingsText(report, { color: context.color, sourceLine: context.sourceLine });
  }
}

export function printValidateResult(
  result: ValidateResult | RuleListResult,
  options: { output: string; color: boolean },
): Printed {
  if (result.kind === 'rules')
    return [
      toStdout(
        options.output === 'json' ? renderRuleListJson(result.rules) : renderRuleListText(result.rules),
      ),
    ];
  return [
    toStdout(
      renderValidateReport(result.report, options.output as ValidateFormat, {
        ...result.render,
        color: options.color,
      }),
    ),
  ];
}
