/** Cross-resource lint rules for `validate`: the public API of src/core/lint. */
export type { LintFinding, LintOptions, LintReadKind, LintRelated, LintRule } from './types';
export type { LocatedResource, LocatedScenario } from './located';
export { LintContext } from './context';
export { lintRules, findRule } from './registry';
export { lintResources, runLintRules } from './run';
export type { LintReport, LintRunOptions, SuppressedFinding, SuppressionReason } from './run';
export {
  DISABLE_ANNOTATION,
  FAIL_ON_LEVELS,
  LINT_CONFIG_FILE,
  annotationCodes,
  failsThreshold,
  mergeLintControls,
  parseLintConfig,
  resolveRuleRef,
  resolveTrustDomain,
  suggestRuleRef,
} from './controls';
export { inferTrustDomain, trustDomainsOf } from './trust-domains';
export type { LintConfig, LintConfigProblem, LintControls, LintFlags } from './controls';
