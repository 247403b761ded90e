/** `ctl get KIND [NAME]`: list or show resources of the control plane. */
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command';
import { connectionFlags } from '../../cli/connection-flags';
import { runCtlGet } from '../../cli/ctl-get-run';
import { outputFlag } from '../../cli/flags';
import { GET_FORMATS } from '../../printers/ctl-get';
import { printCtlGet, type CtlGetResult } from '../../printers/ctl-get-result';
import type { Printed, PrintOptions } from '../../printers/printed';

export default class CtlGet extends BaseCommand<CtlGetResult> {
  static override summary = 'List or show WorkloadIdentities and Services.';
  static override description = `KIND is workloadidentity (wi, workloadidentities), service (svc, services) or all.

Columns (table): NAME, WORKLOADID, TLS, EGRESS, AGE for WorkloadIdentities; NAME, ADDRESSES, AGE for Services; -A adds NAMESPACE, -o wide adds SCOPE, SELECTORS / LABELS and VERSION. -o yaml prints a multi-document stream that ctl apply -f reads back; -o json prints the object (with NAME) or {"items": [...]}; -o text is the table.

Selecting: -l matches metadata.labels (of both kinds), evaluated by the control plane. A Service's spec.labels are a different map: the labels that egress rules select (spec.egress[].selectors); select Services by them with --spec-labels (same syntax; evaluated here, on the listed Services). Both may be given: a Service must match both.

--watch (-w) then prints every change as it happens (ADDED, MODIFIED, DELETED; -o json: one event a line, the GET /v1/watch shape) until Ctrl-C, reconnecting from the last version seen when the server goes away (another replica behind the same address, or the same one restarted). --resource-version N skips the list and prints every change after N. Watching needs a served control plane (controlplane serve or a remote context), not the embedded local one.

Exit codes:
  0  found (an empty list is not an error); --watch: stopped by Ctrl-C
  1  NAME not found
  2  usage: unknown kind, bad flags
  3  the control plane is unreachable, refused the credentials or failed; --watch: changes were missed (410) or the server stayed away for 60 s`;

  static override examples = [
    '<%= config.bin %> ctl get wi',
    '<%= config.bin %> ctl get svc -A -o wide',
    '<%= config.bin %> ctl get workloadidentity frontend -o yaml',
    '<%= config.bin %> ctl get wi -l app=myapp -o name',
    '<%= config.bin %> ctl get svc --spec-labels app=backend-api -A',
    '<%= config.bin %> ctl get all -A --watch',
    '<%= config.bin %> ctl get wi --watch --resource-version 1200 -o json',
  ];

  static override args = {
    kind: Args.string({ description: 'wi | svc | all (singular, plural and short names)', required: true }),
    name: Args.string({ description: 'One resource by name' }),
  };

  static override flags = {
    output: outputFlag(GET_FORMATS, 'table'),
    'all-namespaces': Flags.boolean({
      char: 'A',
      description: 'List across every namespace.',
      exclusive: ['namespace'],
    }),
    selector: Flags.string({
      char: 'l',
      description:
        'Select by metadata.labels: app=web,tier!=db,env in (a,b),!legacy (for Service spec.labels use --spec-labels).',
    }),
    'spec-labels': Flags.string({
      description:
        'Select Services by spec.labels, the labels egress rules match (same syntax as -l). Services only.',
    }),
    watch: Flags.boolean({ char: 'w', description: 'After the list, print every change until Ctrl-C.' }),
    'resource-version': Flags.string({
      description: 'With --watch: no list, print the changes after this resourceVersion.',
      dependsOn: ['watch'],
    }),
    ...connectionFlags,
  };

  async run(): Promise<CtlGetResult> {
    const { args, flags } = await this.parse(CtlGet);
    return runCtlGet(args, flags);
  }

  protected override print(result: CtlGetResult, options: PrintOptions): Printed {
    return printCtlGet(result, options);
  }

  /** --watch: follow the change feed until Ctrl-C. */
  protected override async afterPrint(result: CtlGetResult): Promise<void> {
    if (result.kind === 'watch') await result.follow((printed) => void this.write(printed));
  }
}
