/** `ctl apply -f`: validate locally, then create or update resources through `POST /v1/apply`. */
import { Flags } from '@oclif/core';
import { configureColor } from '../../cli/render-error';
import { BaseCommand } from '../../cli/base-command';
import { connectionFlags } from '../../cli/connection-flags';
import { resolveConnection } from '../../cli/context';
import { applyDocuments, withDefaultNamespace } from '../../cli/ctl-operations';
import { filenameFlag, outputFlag, recursiveFlag } from '../../cli/flags';
import {
  hasBlockingFindings,
  loadResourcesForApply,
  renderBlockingFindings,
  renderWarningLines,
} from '../../cli/load-resources-for-apply';
import { stderrProgress } from '../../cli/progress';
import { ExitCode, RiptidesError, usageError } from '../../core/errors';
import { printWriteResultJson, printWriteResultText, type DryRunMode } from '../../printers/ctl-apply';

export default class CtlApply extends BaseCommand {
  static override summary = 'Create or update resources from manifests (kubectl apply for Riptides).';
  static override description = `Reads WorkloadIdentity and Service manifests (files, directories, -R, - for stdin), checks them locally with the same checks as validate (JSON Schemas and the cross-resource rules; any error and nothing is sent, warnings are counted), then applies them with POST /v1/apply in batches of 500 (one all-or-nothing request with --atomic). Scenario documents are skipped: they are for explain and simulate.

Prints one line per resource: workloadidentity/frontend created | configured | unchanged.

Exit codes:
  0  every resource applied
  1  invalid manifests (nothing sent), or some resources were rejected (each is listed with its reason)
  2  usage: bad flags, a path that does not exist
  3  the control plane is unreachable, refused the credentials or failed`;

  static override examples = [
    '<%= config.bin %> ctl apply -f examples/quickstart',
    '<%= config.bin %> ctl apply -f manifests/ -R --dry-run=server',
    'cat wi.yaml | <%= config.bin %> ctl apply -f - -o json',
  ];

  static override flags = {
    filename: filenameFlag,
    recursive: recursiveFlag,
    'dry-run': Flags.option({
      description:
        'none: apply; client: plan against the live state, send no write; server: the server validates and reports, stores nothing.',
      options: ['none', 'client', 'server'] as const,
      default: 'none' as const,
    })(),
    atomic: Flags.boolean({ description: 'All resources or none, in one transaction.' }),
    rules: Flags.boolean({
      description:
        'Run the cross-resource lint rules (as validate does) before sending; --no-rules: schema checks only (the server checks schemas again).',
      allowNo: true,
      default: true,
    }),
    output: outputFlag(['text', 'json'] as const, 'text'),
    ...connectionFlags,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(CtlApply);
    this.debugMode = flags.debug === true;
    if (!flags.filename?.length)
      throw usageError('ctl apply needs manifests: -f FILE|DIR|-', [
        'riptides-cli ctl apply -f examples/quickstart',
      ]);
    const input = await loadResourcesForApply(flags.filename, {
      recursive: flags.recursive,
      rules: flags.rules,
    });
    if (hasBlockingFindings(input)) {
      if (flags.output === 'json')
        this.emit(
          JSON.stringify(
            { items: [], findings: input.report.findings, summary: input.report.summary },
            null,
            2,
          ),
        );
      else
        this.note(
          renderBlockingFindings(
            input,
            configureColor(flags.color, process.stderr.isTTY === true, process.env),
          ),
        );
      this.setExitCode(ExitCode.FINDINGS);
      return;
    }
    const warnings = renderWarningLines(input);
    if (warnings) this.note(warnings);
    for (const doc of input.skipped)
      this.note(
        `${doc.origin.file}: ${(doc.data as { kind: string }).kind} skipped (used by explain and simulate, never applied)`,
      );
    if (input.resources.length === 0)
      throw new RiptidesError('no WorkloadIdentity or Service in the input: nothing to apply', {
        code: 'no-objects',
        exitCode: ExitCode.FINDINGS,
        suggestions: ['check the paths given with -f (directories need -R for sub-directories)'],
      });

    const dryRun = flags['dry-run'] as DryRunMode;
    const { client, namespace } = await resolveConnection(flags);
    try {
      const items = await applyDocuments(client, withDefaultNamespace(input.resources, namespace), {
        dryRun,
        atomic: flags.atomic,
        progress: stderrProgress(input.resources.length, 'applying'),
      });
      const result = { items, dryRun, atomic: flags.atomic };
      if (flags.output === 'json') this.emit(printWriteResultJson(result));
      else {
        const printed = printWriteResultText(result);
        this.emit(printed.stdout);
        if (printed.stderr) this.note(printed.stderr);
      }
      if (items.some((i) => i.action === 'error')) this.setExitCode(ExitCode.FINDINGS);
    } finally {
      await client.close();
    }
  }
}
