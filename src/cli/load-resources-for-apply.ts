/**
 * Read `-f` inputs for `ctl apply/diff/delete` and check them locally before anything is sent, with
 * the same checks as `validate`: YAML, kinds, JSON Schemas (checkDocuments) and the cross-resource
 * rules (the lint pass, honouring .riptides-lint.yaml). Errors block; warnings are only counted.
 * Scenarios (used by explain/simulate) are set aside.
 */
import type { Finding } from '../core/findings';
import type { LoadedDocument } from '../core/manifest/document';
import type { LocatedScenario } from '../core/manifest/located';
import type { ValidateReport } from '../core/manifest/validate-report';
import type { Resource } from '../core/manifest/types';
import { lintRules } from '../core/lint/registry';
import { checkManifestFiles } from './check-manifests';
import { applyLintPass, type LiveContext } from './lint-pass';

const DUPLICATE_RESOURCE = 'RT2003';

export interface ResourcesForApply {
  /** WorkloadIdentities and Services without errors, in input order. */
  resources: LoadedDocument<Resource>[];
  /** Documents that are never applied (Scenario). */
  skipped: LoadedDocument[];
  /** The same Scenarios, as the rules take them (their listeners tell which identity serves a Service). */
  scenarios: LocatedScenario[];
  /** Every finding (errors block the apply). */
  findings: Finding[];
  /** The findings as `validate` reports them, for the same text/JSON output. */
  report: ValidateReport;
  sourceLine(file: string, line: number): string | undefined;
  /**
   * Add findings found later (the rules against live context) and how many that pass suppressed;
   * `report` is rebuilt with them.
   */
  addFindings(more: readonly Finding[], suppressed?: number): void;
}

export interface LoadForApplyOptions {
  recursive?: boolean;
  /** Run every cross-resource rule (default true); false: only the duplicate check. `cwd` locates .riptides-lint.yaml. */
  rules?: boolean;
  cwd?: string;
}

export async function loadResourcesForApply(
  paths: readonly string[],
  options: LoadForApplyOptions = {},
): Promise<ResourcesForApply> {
  // Every rule, or with rules: false only RT2003 (the same object twice in one apply: the batches
  // would race); the other rules then run later against the live state (lintAgainstLive), or never.
  const { loaded, checked, findings, summarize } = await checkManifestFiles(paths, {
    recursive: options.recursive,
    lint: { rules: true },
    only: options.rules === false ? [DUPLICATE_RESOURCE] : undefined,
    cwd: options.cwd ?? process.cwd(),
  });
  const report = summarize();
  const resources = checked.resources.map((r) => ({ data: r.resource, origin: r.origin }));
  const skipped = checked.scenarios.map((s) => ({ data: s.scenario as unknown, origin: s.origin }));
  let laterSuppressed = 0;
  const input: ResourcesForApply = {
    resources,
    skipped,
    scenarios: checked.scenarios,
    findings,
    report,
    sourceLine: loaded.sourceLine,
    addFindings(more, suppressed = 0) {
      findings.push(...more);
      laterSuppressed += suppressed;
      input.report = summarize(laterSuppressed);
    },
  };
  return input;
}

/**
 * The cross-resource rules with the control plane's resources as context (as `validate --live`):
 * what is already live counts (a Service applied earlier is selected by this file's egress rule),
 * a live object with the kind/namespace/name of an input resource is replaced by it, and findings
 * about live objects alone are not reported. `resources` must carry the namespace they are applied
 * to (`withDefaultNamespace`). RT2003 is not run again: loading did. Adds the findings to `input`.
 */
export function lintAgainstLive(
  input: ResourcesForApply,
  resources: readonly LoadedDocument<Resource>[],
  live: LiveContext,
  cwd = process.cwd(),
): void {
  const lint = applyLintPass({
    resources: resources.map((d) => ({ resource: d.data, origin: d.origin })),
    scenarios: input.scenarios,
    flags: { rules: true },
    only: lintRules.map((r) => r.code).filter((c) => c !== DUPLICATE_RESOURCE),
    cwd,
    live,
  });
  input.addFindings(lint.findings, lint.suppressed.length);
}

/** Whether anything blocks sending: any error finding. */
export function hasBlockingFindings(input: ResourcesForApply): boolean {
  return input.report.summary.errors > 0;
}
