/**
 * The cross-resource rule pass of `validate`, as one call: its flags, the config file, suppression
 * and the fail threshold. validate.ts spreads `lintFlags` into its flags and calls `applyLintPass`
 * at step 3; everything else about linting lives here and in src/core/lint.
 */
import { Flags } from '@oclif/core';
import { usageError } from '../core/errors';
import type { Finding, Severity } from '../core/findings';
import {
  FAIL_ON_LEVELS,
  mergeLintControls,
  resolveRuleRef,
  resolveTrustDomain,
  suggestRuleRef,
  splitRuleRefs,
} from '../core/lint/controls';
import type { LintControls } from '../core/lint/controls';
import type { LocatedResource, LocatedScenario } from '../core/lint/located';
import { lintRules } from '../core/lint/registry';
import { lintResources } from '../core/lint/run';
import type { SuppressedFinding } from '../core/lint/run';
import type { Resource } from '../core/manifest/types';
import { syntheticOrigin } from '../core/manifest/document';
import { loadLintConfig } from '../io/lint-config';
import type { ConnectionFlagValues } from './context';
import { renderRuleListJson, renderRuleListText } from '../printers/lint-rules';

/** validate's flags for the rule pass (`--strict` is validate's own and means --fail-on warning). */
export const lintFlags = {
  'list-rules': Flags.boolean({
    description:
      'List the cross-resource lint rules (code, severity, name, description) and exit; -o json for JSON.',
  }),
  disable: Flags.string({
    description:
      'Do not report this rule (code like RT2011 or name like permissive-inbound; repeatable, or comma-separated).',
    multiple: true,
  }),
  'fail-on': Flags.option({
    description:
      'Lowest severity that fails the run (exit 1). Default: error, or failOn in .riptides-lint.yaml; --strict = warning.',
    options: FAIL_ON_LEVELS,
  })(),
  'trust-domain': Flags.string({
    description:
      "Trust domain of the manifests, for the SPIFFE ID rules (default: trustDomain in .riptides-lint.yaml, else the Scenarios' one).",
  }),
  'lint-config': Flags.string({
    description:
      'Lint config file to use instead of the nearest .riptides-lint.yaml from the working directory upwards.',
  }),
  live: Flags.boolean({
    description:
      "Add the current context's resources (the control plane, see --context) as context for the rules: references to them resolve, findings on them are not reported; its trust domain is the default.",
  }),
  rules: Flags.boolean({
    description: 'Run the cross-resource lint rules (--no-rules: schema checks only).',
    allowNo: true,
    default: true,
  }),
};

export interface LintPassFlags {
  disable?: string[];
  'fail-on'?: string;
  strict?: boolean;
  'trust-domain'?: string;
  'lint-config'?: string;
  /** false (`--no-rules`): schema checks only. */
  rules?: boolean;
}

/** What `--live` adds: the control plane's resources and trust domain. */
export interface LiveContext {
  resources: LocatedResource[];
  trustDomain: string;
  /** The context's name, used as the `file` of findings' related locations (`<live:local>`). */
  source: string;
}

/**
 * Fetch every resource of the current context (all namespaces) and its trust domain. Connection
 * problems are the client's errors (exit 3); the transport is closed either way.
 */
export async function fetchLiveContext(flags: ConnectionFlagValues): Promise<LiveContext> {
  const { resolveConnection, fetchLiveResources, fetchInfo } =
    require('./context') as typeof import('./context');
  const { client, context } = await resolveConnection(flags);
  try {
    const [items, info] = await Promise.all([
      fetchLiveResources(client, { allNamespaces: true }),
      fetchInfo(client),
    ]);
    const source = `<live:${context.name}>`;
    const origin = syntheticOrigin(source);
    return {
      resources: items.map((r) => ({ resource: r as Resource, origin })),
      trustDomain: info.trustDomain,
      source,
    };
  } finally {
    await client.close();
  }
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
  /** `--live`: the control plane's resources as context (fetchLiveContext). */
  live?: LiveContext;
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
  const trustDomain = resolveTrustDomain(
    controls.trustDomain ?? input.live?.trustDomain,
    input.scenarios.map((s) => s.scenario.spec?.trustDomain),
  );
  const report = lintResources(input.resources, {
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

/** `--list-rules` output. */
export function renderRuleList(format: string): string {
  return format === 'json' ? renderRuleListJson(lintRules) : renderRuleListText(lintRules);
}
