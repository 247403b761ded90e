/** `ctl apply -f`: validate locally, then create or update resources through `POST /v1/apply`. */
import { Flags } from '@oclif/core';
import { connectionFlags } from '../../cli/connection-flags';
import { resolveConnection } from '../../cli/context';
import { CtlCommand, dryRunFlag } from '../../cli/ctl-command';
import {
  applyDocuments,
  checkNamespaceFlag,
  PartialApplyError,
  withDefaultNamespace,
} from '../../cli/ctl-operations';
import { filenameFlag, outputFlag, recursiveFlag } from '../../cli/flags';
import {
  lintAgainstLive,
  renderWarningLines,
  type ResourcesForApply,
} from '../../cli/load-resources-for-apply';
import { liveInputsFrom } from '../../cli/live-inputs';
import type { ApiClient } from '../../api/client';
import type { LoadedDocument } from '../../core/manifest/document';
import type { Resource } from '../../core/manifest/types';
import { stderrProgress } from '../../cli/progress';
import { ExitCode, RiptidesError } from '../../core/errors';
import type { DryRunMode } from '../../printers/ctl-apply';

export default class CtlApply extends CtlCommand {
  static override summary = 'Create or update resources from manifests (kubectl apply for Riptides).';
  static override description = `Reads WorkloadIdentity and Service manifests (files, directories, -R, - for stdin), checks them locally with the same checks as validate (JSON Schemas and the cross-resource rules; any error and nothing is sent, warnings are counted), then applies them with POST /v1/apply in batches of 500 (one all-or-nothing request with --atomic). Scenario documents are skipped: they are for explain and simulate.

The cross-resource rules see what is already live on the control plane (as validate --live does): applying the quickstart's files one at a time gives no "selects no Service" warning for a Service applied before, and the trust domain is the control plane's. Schema errors are reported before anything is requested.

Prints one line per resource: workloadidentity/frontend created | configured | unchanged.

Exit codes:
  0  every resource applied
  1  invalid manifests (nothing sent), or some resources were rejected (each is listed with its reason)
  2  usage: bad flags, a path that does not exist, -n conflicting with a manifest's metadata.namespace
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
        'Run the cross-resource lint rules (as validate --live does: the live resources are context) before sending; --no-rules: schema checks only (the server checks schemas again).',
      allowNo: true,
      default: true,
    }),
    output: outputFlag(['text', 'json'] as const, 'text'),
    ...connectionFlags,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(CtlApply);
    this.debugMode = flags.debug === true;
    // Schemas and the duplicate check first, with no request; the other rules need the live state.
    const input = await this.loadChecked(flags.filename, {
      verb: 'apply',
      recursive: flags.recursive,
      rules: false,
      json: flags.output === 'json',
      color: flags.color,
    });
    if (!input) return;
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
    checkNamespaceFlag(input.resources, flags.namespace);
    const { client, namespace, context } = await resolveConnection(flags);
    try {
      const docs = withDefaultNamespace(input.resources, namespace);
      if (flags.rules) {
        lintAgainstLive(input, docs, await liveInputsFrom(client, context));
        if (!this.stopOnBlockingFindings(input, { json: flags.output === 'json', color: flags.color }))
          return;
      }
      await this.applyChecked(input, docs, client, flags);
    } finally {
      await client.close();
    }
  }

  private async applyChecked(
    input: ResourcesForApply,
    docs: LoadedDocument<Resource>[],
    client: ApiClient,
    flags: { atomic: boolean; 'dry-run': string; output: 'text' | 'json' },
  ): Promise<void> {
    const warnings = renderWarningLines(input);
    if (warnings) this.note(warnings);
    const dryRun = flags['dry-run'] as DryRunMode;
    let items;
    try {
      items = await applyDocuments(client, docs, {
        dryRun,
        atomic: flags.atomic,
        progress: stderrProgress(docs.length, 'applying'),
      });
    } catch (err) {
      // Stopped part-way: the acknowledged batches' lines first, then the error (exit 3).
      if (err instanceof PartialApplyError)
        this.printWriteResult({ items: err.acknowledged, dryRun, atomic: flags.atomic }, flags.output);
      throw err;
    }
    this.printWriteResult({ items, dryRun, atomic: flags.atomic }, flags.output);
  }
}
