/** `ctl apply -f`: validate locally, then create or update resources through `POST /v1/apply`. */
import { Flags } from '@oclif/core';
import { connectionFlags } from '../../cli/connection-flags';
import { resolveConnection } from '../../cli/context';
import { CtlCommand, dryRunFlag } from '../../cli/ctl-command';
import { applyDocuments, PartialApplyError, withDefaultNamespace } from '../../cli/ctl-operations';
import { filenameFlag, outputFlag, recursiveFlag } from '../../cli/flags';
import { renderWarningLines } from '../../cli/load-resources-for-apply';
import { stderrProgress } from '../../cli/progress';
import { ExitCode, RiptidesError } from '../../core/errors';
import type { DryRunMode } from '../../printers/ctl-apply';

export default class CtlApply extends CtlCommand {
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
    'dry-run': dryRunFlag(
      'none: apply; client: plan against the live state, send no write; server: the server validates and reports, stores nothing.',
    ),
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
    const input = await this.loadChecked(flags.filename, {
      verb: 'apply',
      recursive: flags.recursive,
      rules: flags.rules,
      json: flags.output === 'json',
      color: flags.color,
    });
    if (!input) return;
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
      let items;
      try {
        items = await applyDocuments(client, withDefaultNamespace(input.resources, namespace), {
          dryRun,
          atomic: flags.atomic,
          progress: stderrProgress(input.resources.length, 'applying'),
        });
      } catch (err) {
        // Stopped part-way: the acknowledged batches' lines first, then the error (exit 3).
        if (err instanceof PartialApplyError)
          this.printWriteResult({ items: err.acknowledged, dryRun, atomic: flags.atomic }, flags.output);
        throw err;
      }
      this.printWriteResult({ items, dryRun, atomic: flags.atomic }, flags.output);
    } finally {
      await client.close();
    }
  }
}
