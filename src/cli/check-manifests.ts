/**
 * The local checks shared by every command that reads manifests before acting on them (`validate`,
 * `ctl apply/diff/delete`): read and parse → kind and JSON Schema → cross-resource rules → one report.
 */
import type { Finding } from '../core/findings';
import { checkDocuments, type CheckResult } from '../core/manifest/check';
import { buildValidateReport, type ValidateReport } from '../core/manifest/validate-report';
import { loadManifests, type LoadResult } from '../io/read-inputs';
import { loadValidators } from '../io/validators';
import { loadFieldPaths } from '../io/field-paths';
import { optimiseForLongRun } from './v8-tiering';
import { applyLintPass, type LintPassFlags, type LintPassResult, type LiveContext } from './lint-pass';

export interface CheckManifestOptions {
  recursive?: boolean;
  skipUnknown?: boolean;
  /** The rule pass's controls (--disable, --fail-on, --strict, --no-rules …). */
  lint: LintPassFlags;
  /** Where to start looking for .riptides-lint.yaml. */
  cwd: string;
  /** `--live`: the control plane's resources as context for the rules, taken once the files are checked. */
  live?: () => Promise<LiveContext>;
  /** Run only these rule codes (applyLintPass's `only`, and then no trust domain is inferred). */
  only?: readonly string[];
}

export interface CheckedManifests {
  loaded: LoadResult;
  checked: CheckResult;
  lint: LintPassResult;
  /** YAML, schema and rule findings, in that order (more may be added before `summarize`). */
  findings: Finding[];
  /** The report `validate` prints, over `findings` as they are when called (plus findings a later rule pass suppressed). */
  summarize(moreSuppressed?: number): ValidateReport;
}

export async function checkManifestFiles(
  paths: readonly string[],
  options: CheckManifestOptions,
): Promise<CheckedManifests> {
  const checkOptions = {
    skipUnknown: options.skipUnknown,
    validators: loadValidators(),
    fieldPaths: loadFieldPaths,
  };
  const loaded = await loadManifests(paths, {
    recursive: options.recursive,
    onDocuments: optimiseForLongRun,
  });
  const checked = checkDocuments(loaded.documents, checkOptions);
  const live = await options.live?.();
  const lint = applyLintPass({
    resources: checked.lintable,
    scenarios: checked.scenarios,
    flags: options.lint,
    cwd: options.cwd,
    live,
    only: options.only,
    inferTrustDomain: options.only === undefined,
  });
  const findings: Finding[] = [...loaded.findings, ...checked.findings, ...lint.findings];
  return {
    loaded,
    checked,
    lint,
    findings,
    summarize: (moreSuppressed = 0) =>
      buildValidateReport({
        files: loaded.fileNames,
        documents: checked.checked,
        findings,
        skipped: checked.skipped,
        suppressed: lint.suppressed.length + moreSuppressed,
      }),
  };
}
