/** `ctl apply -f`: validate locally, then create or update resources through `POST /v1/apply`. */
import { Flags } from '@oclif/core';
import { connectionFlags } from '../../cli/connection-flags';
import { ctlApply } from '../../cli/ctl-apply-run';
import { CtlCommand, dryRunFlag } from '../../cli/ctl-command';
import { filenameFlag, outputFlag, recursiveFlag } from '../../cli/flags';
import type { CtlResult } from '../../printers/ctl-result';

export default class CtlApply extends CtlCommand {
  static override summary = 'Create or update resources from manifests (kubectl apply for Riptides).';
  static override description = `Reads WorkloadIdentity and Service manifests (files, directories, -R, - for stdin), checks them locally with the same checks as validate (JSON Schemas and the cross-resource rules; any error and nothing is sent, warnings are counted), then applies them with POST /v1/apply in batches of 500 (one all-or-nothing request with --atomic). Scenario documents are skipped: they are for explain and simulate.

The cross-resource rules see what is already live on the control plane (as validate --live does): applying the quickstart's files one at a time gives no "selects no Service" warning for a Service applied before, and the trust domain is the control plane's. Schema errors are reported before anything is written (the live state is read while the files load, and dropped unprinted when they do not pass). A resource whose live object already holds what the server would store is reported unchanged without being sent (as kubectl does); --no-rules, --atomic and --dry-run=server send everything.

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

  async run(): Promise<CtlResult> {
    const { flags } = await this.parse(CtlApply);
    // Schemas and the duplicate check first, nothing written; the other rules need the live state,
    // read meanwhile.
    const load = () =>
      this.loadChecked(flags.filename, { verb: 'apply', recursive: flags.recursive, rules: false });
    return ctlApply(load, flags);
  }
}
