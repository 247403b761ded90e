/** `ctl get KIND [NAME]`: list or show resources of the control plane. */
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command';
import { connectionFlags } from '../../cli/connection-flags';
import { resolveConnection } from '../../cli/context';
import { outputFlag } from '../../cli/flags';
import { isApiError } from '../../api/errors';
import { objectRef, resolveKind } from '../../core/wire/resources';
import { KINDS, type KindInfo, type StoredResource } from '../../core/wire/types';
import { ExitCode, RiptidesError, usageError } from '../../core/errors';
import { GET_FORMATS, printResources } from '../../printers/ctl-get';
import { renderJsonDocument } from '../../printers/envelope';

export default class CtlGet extends BaseCommand {
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

  async run(): Promise<void> {
    const { args, flags } = await this.parse(CtlGet);
    this.debugMode = flags.debug === true;
    const kinds: readonly KindInfo[] = args.kind.toLowerCase() === 'all' ? KINDS : [resolveKind(args.kind)];
    if (args.name && kinds.length > 1) throw usageError('a NAME needs one KIND (wi or svc), not "all"');
    if (args.name && flags['all-namespaces'])
      throw usageError('a NAME is looked up in one namespace: use -n, not -A');
    if (args.name && flags.selector) throw usageError('-l selects from a list: give a NAME or -l, not both');
    const specSelector =
      flags['spec-labels'] !== undefined ? parseSpecLabels(flags['spec-labels']) : undefined;
    if (specSelector && (kinds.length !== 1 || kinds[0].kind !== 'Service'))
      throw usageError('--spec-labels selects Services by spec.labels: use it with ctl get svc', [
        'riptides-cli ctl get svc --spec-labels app=backend-api',
        'WorkloadIdentities have only metadata.labels: select them with -l',
      ]);
    if (args.name && specSelector)
      throw usageError('--spec-labels selects from a list: give a NAME or --spec-labels, not both');

    if (flags.watch && args.name)
      throw usageError('--watch follows a list: drop the NAME (use -l to narrow it)');
    if (flags.watch && specSelector)
      throw usageError('--spec-labels is not applied to --watch: use -l (metadata.labels) to narrow it');
    if (flags['resource-version'] !== undefined && !/^\d+$/.test(flags['resource-version']))
      throw usageError(`--resource-version must be a number, got "${flags['resource-version']}"`);
    const { client, namespace, context } = await resolveConnection(flags);
    const allNamespaces = flags['all-namespaces'] === true;
    if (flags.watch) {
      if (context.embedded) {
        await client.close();
        throw usageError(
          '--watch needs a served control plane; the embedded local context has no change feed',
          ['riptides-cli controlplane serve, then point a context at it (config set-context)'],
        );
      }
      const { runWatch } = require('../../cli/ctl-watch') as typeof import('../../cli/ctl-watch');
      await runWatch(client, {
        kinds,
        namespace: allNamespaces ? undefined : namespace,
        selector: flags.selector,
        resourceVersion: flags['resource-version'],
        json: flags.output === 'json',
        emit: (line) => this.emit(line),
        note: (line) => this.note(line),
      });
      return;
    }
    let items: StoredResource[] = [];
    try {
      if (args.name) {
        try {
          items = [await client.get(kinds[0].kind, namespace, args.name)];
        } catch (err) {
          if (isApiError(err) && err.status === 404)
            throw new RiptidesError(
              `${objectRef(kinds[0].kind, args.name)} not found in namespace ${namespace}`,
              {
                code: 'not-found',
                exitCode: ExitCode.FINDINGS,
                suggestions: [
                  `list what exists: riptides-cli ctl get ${kinds[0].shortNames[0] ?? kinds[0].plural} -A`,
                ],
              },
            );
          throw err;
        }
      } else {
        for (const k of kinds)
          items.push(
            ...(await client.listAll(k.kind, {
              namespace: allNamespaces ? undefined : namespace,
              allNamespaces,
              labelSelector: flags.selector,
              limit: 500,
            })),
          );
      }
    } finally {
      await client.close();
    }
    if (specSelector) items = items.filter((r) => specSelector(r));
    if (items.length === 0) {
      this.note(allNamespaces ? 'No resources found.' : `No resources found in ${namespace} namespace.`);
      if (flags.output === 'json') this.emit(renderJsonDocument('ResourceList', { items: [] }));
      return;
    }
    this.emit(
      printResources(items, {
        format: flags.output,
        showNamespace: allNamespaces,
        now: Date.now(),
        single: args.name !== undefined,
        prefixKind: kinds.length > 1,
      }),
    );
  }
}

/** `--spec-labels SELECTOR` as a predicate on Services' spec.labels; a bad selector is a usage error. */
function parseSpecLabels(text: string): (r: StoredResource) => boolean {
  const { parseLabelSelector, matchesLabelSelector } =
    require('../../core/wire/label-selector') as typeof import('../../core/wire/label-selector');
  const parsed = parseLabelSelector(text);
  if (!parsed.ok)
    throw usageError(`--spec-labels: ${parsed.message}`, ['e.g. --spec-labels app=backend-api,tier!=db']);
  return (r) =>
    matchesLabelSelector(parsed.requirements, (r.spec as { labels?: Record<string, string> }).labels);
}
