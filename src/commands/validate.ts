/**
 * `riptides-cli validate -f PATH…`: check manifests against the JSON Schemas (CI linting), every
 * finding at file:line:col, in one or several output formats at once. The pipeline is
 * src/cli/validate-run.ts.
 */
import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command';
import { connectionFlags } from '../cli/connection-flags';
import { filenameFlag, outputFlag, recursiveFlag } from '../cli/flags';
import { lintFlags } from '../cli/lint-flags';
import { runValidate, VALIDATE_FORMATS } from '../cli/validate-run';
import { ExitCode, usageError } from '../core/errors';
import { lintRules } from '../core/lint/registry';
import type { Printed, PrintOptions } from '../printers/printed';
import { printValidateResult, type RuleListResult, type ValidateResult } from '../printers/validate';

export default class Validate extends BaseCommand<ValidateResult | RuleListResult> {
  static override summary = 'Check manifests against the Riptides schemas (CI linting)';

  static override description = `Checks every WorkloadIdentity, Service and Scenario document against its JSON Schema and reports each problem at its exact file:line:column with a stable code (RT1xxx, see docs/codes/). Reads files, directories (-R for subdirectories) and - for stdin, given with -f or as arguments; YAML or JSON; several documents per file.

Then the cross-resource lint rules (RT2xxx, see docs/lint.md and --list-rules) run over all inputs together: egress rules selecting no Service, duplicate addresses and identities, ambiguous selectors, callers a peer always rejects … Suppress with --disable CODE, a .riptides-lint.yaml (found from the working directory upwards) or the annotation lint.riptides.io/disable: CODE on a resource.

Several output formats in one run: -o picks the one on stdout, --sarif-file, --junit-file and --json-file write more.

Exit codes:
  0  no finding at or above the threshold (--fail-on; default error, --strict = warning)
  1  findings at or above the threshold: invalid manifests, YAML syntax errors, unknown kinds, rule errors, no documents at all (RT1005; --allow-empty)
  2  usage: unknown flag, no -f, a path that does not exist, an unknown --disable code, a bad .riptides-lint.yaml
  3  --live or --server-side: the control plane is unreachable, refused the credentials or failed`;

  static override examples = [
    '<%= config.bin %> validate -f examples/quickstart',
    '<%= config.bin %> validate examples/ manifests/app.yaml',
    '<%= config.bin %> validate -R -f manifests/ -o github --sarif-file riptides.sarif',
    '<%= config.bin %> validate -R -f manifests/ --fail-on warning --disable RT2013 --trust-domain example.com',
    '<%= config.bin %> validate --list-rules',
    'cat app.yaml | <%= config.bin %> validate -f - -o json',
  ];

  // PATHs after the flags are read as if given with -f (as kubeconform and ajv-cli take them).
  static override strict = false;

  static override flags = {
    filename: filenameFlag,
    recursive: recursiveFlag,
    output: outputFlag(VALIDATE_FORMATS, 'text'),
    'sarif-file': Flags.string({
      description: 'Also write SARIF 2.1.0 (GitHub code scanning) to this file.',
    }),
    'junit-file': Flags.string({ description: 'Also write a JUnit XML report to this file.' }),
    'json-file': Flags.string({ description: 'Also write the JSON report to this file.' }),
    'skip-unknown': Flags.boolean({
      description:
        'Pass over documents that are not Riptides ones (other apiVersions) instead of reporting them.',
    }),
    strict: Flags.boolean({ description: 'Warnings fail the run too (exit 1).' }),
    'allow-empty': Flags.boolean({
      description: 'Zero documents is a pass (by default an input with no documents fails: RT1005).',
    }),
    ...lintFlags,
    'server-side': Flags.boolean({
      description:
        'Also have the control plane (the current context) dry-run every resource that passed: nothing is stored; refusals are RT1040 findings.',
    }),
    ...connectionFlags,
  };

  async run(): Promise<ValidateResult | RuleListResult> {
    const { flags, argv } = await this.parse(Validate);
    if (flags['list-rules']) return { kind: 'rules', rules: lintRules };
    const filenames = [...(flags.filename ?? []), ...(argv as string[])];
    if (filenames.length === 0) {
      throw usageError('no manifests given', [
        `${this.config.bin} validate -f FILE_OR_DIRECTORY (repeatable, - for stdin)`,
      ]);
    }
    const connection = {
      context: flags.context,
      server: flags.server,
      token: flags.token,
      'token-file': flags['token-file'],
      'ca-file': flags['ca-file'],
      'insecure-skip-tls-verify': flags['insecure-skip-tls-verify'],
      namespace: flags.namespace,
      verbose: flags.verbose,
      'request-timeout': flags['request-timeout'],
    };
    return runValidate({
      filenames,
      recursive: flags.recursive,
      sarifFile: flags['sarif-file'],
      junitFile: flags['junit-file'],
      jsonFile: flags['json-file'],
      skipUnknown: flags['skip-unknown'],
      strict: flags.strict,
      allowEmpty: flags['allow-empty'],
      version: this.config.version,
      lint: {
        disable: flags.disable,
        'fail-on': flags['fail-on'],
        'trust-domain': flags['trust-domain'],
        'lint-config': flags['lint-config'],
        rules: flags.rules,
      },
      cwd: process.cwd(),
      docsBaseUrl: process.env.RIPTIDES_DOCS_URL || undefined,
      live: flags.live ? connection : undefined,
      serverSide: flags['server-side'] ? connection : undefined,
    });
  }

  protected override print(result: ValidateResult | RuleListResult, options: PrintOptions): Printed {
    return printValidateResult(result, options);
  }

  protected override exitCodeFor(result: ValidateResult | RuleListResult): number {
    return result.kind === 'report' && result.failed ? ExitCode.FINDINGS : ExitCode.OK;
  }
}
