/**
 * The cross-resource rule pass of `validate`, as one call: the config file, suppression and the fail
 * threshold. The validate pipeline (src/cli/validate-run.ts) calls `applyLintPass` at its step 3; the
 * oclif flag definitions are in src/cli/lint-flags.ts so that this module never loads oclif.
 */
import { usageError } from '../core/errors';
import type { Finding, Severity } from '../core/findings';
import {
  mergeLintControls,
  formerRuleName,
  resolveRuleRef,
  resolveTrustDomain,
  suggestRuleRef,
  splitRuleRefs,
} from '../core/lint/controls';
import type { LintControls } from '../core/lint/controls';
import { inferTrustDomain } from '../core/lint/trust-domains';
import type { LocatedResource, LocatedScenario } from '../core/lint/located';
import { lintRules } from '../core/lint/registry';
import { lintResources } from '../core/lint/run';
import type { SuppressedFinding } from '../core/lint/run';
import { loadLintConfig } from '../io/lint-config';
import { optimiseForLongRun } from './v8-tiering';
import type { ConnectionFlagValues } from './context';

export interface LintPassFlags {
  disable?: string[];
  'fail-on'?: string;
  strict?: boolean;
  'trust-domain'?: string;
  'lint-config'?: string;
  /** false (`--no-rules`): schema checks only. */
  rules?: boolean;
}

/** What `--live` adds: the control plane's resources (origins `live:CONTEXT/…`) and trust domain. */
export interface LiveContext {
  resources: LocatedResource[];
  trustDomain: string;
}

/**
 * Start reading every resource of the current context (all namespaces) and its trust domain now,
 * while the files load (src/cli/live-prefetch.ts), with the same loader as explain/simulate --live
 * (src/cli/live-inputs.ts), loaded lazily: plain `validate` never loads the client. `context()`
 * gives the result (connection problems are the client's errors, exit 3); `cancel()` drops a read
 * that was not taken.
 */
export function prefetchLiveContext(flags: ConnectionFlagValues): {
  context(): Promise<LiveContext>;
  cancel(): Promise<void>;
} {
  const { prefetchLive, takeLiveInputs } = require('./live-prefetch') as typeof import('./live-prefetch');
  const prefetch = prefetchLive(flags);
  return {
    async context() {
      const { resources, trustDomain } = await takeLiveInputs(prefetch);
      return { resources, trustDomain };
    },
    cancel: () => prefetch.cancel(),
  };
}

export interface LintPassResult {
  /** Rule findings to add to the report (already suppressed ones removed, severities overridden). */
  findings: Finding[];
  /** Findings not reported (by --disable / config `disable`, or the resource's annotation). */
  suppressed: SuppressedFinding[];
  /** The threshold for the exit code: any finding at or above it → exit 1. */
  failOn: Severity;
  /** The config file that applied, if any. */
  configFile?: string;
  controls: LintControls;
}

/** `--disable` values → codes; an unknown one is a usage error with a suggestion. */
function checkDisableFlags(values: readonly string[]): string[] {
  const refs = values.flatMap(splitRuleRefs);
  for (const ref of refs) {
    const renamed = formerRuleName(ref);
    if (renamed)
      process.stderr.write(
        `warning: --disable ${ref}: the rule is now named ${renamed.name} (${renamed.code}); the old name still works but is deprecated\n`,
      );
    if (resolveRuleRef(ref)) continue;
    const near = suggestRuleRef(ref);
    throw usageError(
      `--disable ${ref}: not a lint rule${near ? `; did you mean "${near}"?` : ''}`,
      ['riptides-cli validate --list-rules'],
      'unknown-rule',
    );
  }
  return refs;
}

/**
 * Run the cross-resource rules over every resource and scenario of the invocation (all files
 * together), with the controls from the flags and the config file.
 */
export function applyLintPass(input: {
  resources: readonly LocatedResource[];
  scenarios: readonly LocatedScenario[];
  flags: LintPassFlags;
  cwd: string;
  /** `--live`: the control plane's resources as context (prefetchLiveContext). */
  live?: LiveContext;
  /**
   * Run only these rule codes (the others neither run nor count as suppressed): ctl's duplicate
   * check before the rules run against the live state.
   */
  only?: readonly string[];
  /** false: no trust domain from the manifests when none is configured (for rules that need none). */
  inferTrustDomain?: boolean;
}): LintPassResult {
  const { flags } = input;
  const disable = checkDisableFlags(flags.disable ?? []);
  const { config, file } = loadLintConfig({ explicit: flags['lint-config'], cwd: input.cwd });
  const controls = mergeLintControls(config, {
    disable,
    failOn: flags['fail-on'] as Severity | undefined,
    strict: flags.strict,
    trustDomain: flags['trust-domain'],
  });
  if (flags.rules === false)
    return { findings: [], suppressed: [], failOn: controls.failOn, configFile: file, controls };
  // Flag or config, else the control plane's, else the Scenarios' one, else the manifests' only one
  // (the inference explain uses too).
  const trustDomain =
    resolveTrustDomain(
      controls.trustDomain ?? input.live?.trustDomain,
      input.scenarios.map((s) => s.scenario.spec?.trustDomain),
    ) ?? (input.inferTrustDomain === false ? undefined : inferTrustDomain(input.resources));
  const only = input.only;
  // A large live state makes a long rule pass even for a few files.
  optimiseForLongRun(input.resources.length + (input.live?.resources.length ?? 0));
  const report = lintResources(input.resources, {
    rules: only ? lintRules.filter((r) => only.includes(r.code)) : undefined,
    scenarios: input.scenarios,
    trustDomain,
    disabled: controls.disabled,
    severity: controls.severity,
    context: input.live?.resources,
  });
  return {
    findings: report.findings,
    suppressed: report.suppressed,
    failOn: controls.failOn,
    configFile: file,
    controls: { ...controls, trustDomain },
  };
}
