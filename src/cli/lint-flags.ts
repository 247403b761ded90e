/** `validate`'s oclif flags for the cross-resource rule pass (see src/cli/lint-pass.ts). */
import { Flags } from '@oclif/core';
import { FAIL_ON_LEVELS } from '../core/lint/controls';

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
      "Trust domain of the manifests, for the SPIFFE ID rules (default: trustDomain in .riptides-lint.yaml, else the control plane's with --live, else the Scenarios' one).",
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
