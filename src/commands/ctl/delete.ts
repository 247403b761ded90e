/** `ctl delete -f PATH… | KIND NAME`: delete resources from the control plane. */
import { Args, Flags } from '@oclif/core';
import { connectionFlags } from '../../cli/connection-flags';
import { resolveConnection } from '../../cli/context';
import { blockedBy, CtlCommand, dryRunFlag } from '../../cli/ctl-command';
import { checkNamespaceFlag, deleteObjects } from '../../cli/ctl-operations';
import { filenameFlag, outputFlag, recursiveFlag } from '../../cli/flags';
import { resolveKind } from '../../core/wire/resources';
import { usageError } from '../../core/errors';
import type { DryRunMode } from '../../printers/ctl-apply';
import type { CtlResult } from '../../printers/ctl-result';

export default class CtlDelete extends CtlCommand {
  static override summary = 'Delete resources named in manifests (-f) or by KIND NAME.';
  static override description = `Prints one line per resource: workloadidentity/frontend deleted. A resource that does not exist is reported as "not found" and makes the exit code 1; the others are still deleted. With --ignore-not-found a missing resource is skipped silently (exit 0), as in kubectl.

Manifests without metadata.namespace use -n (or the context's namespace); -n that conflicts with a manifest's metadata.namespace is an error (exit 2), as in kubectl.

Exit codes:
  0  every resource deleted (or, with --ignore-not-found, already gone)
  1  a resource was not found, or the manifests are invalid (nothing deleted)
  2  usage: bad flags, unknown kind, a path that does not exist, -n conflicting with a manifest
  3  the control plane is unreachable, refused the credentials or failed`;

  static override examples = [
    '<%= config.bin %> ctl delete -f examples/quickstart',
    '<%= config.bin %> ctl delete wi frontend -n riptides-system',
    '<%= config.bin %> ctl delete svc backend-api-svc --dry-run=server',
  ];

  static override args = {
    kind: Args.string({ description: 'wi | svc (singular, plural and short names)' }),
    name: Args.string({ description: 'Name of the resource' }),
  };

  static override flags = {
    filename: filenameFlag,
    recursive: recursiveFlag,
    'dry-run': dryRunFlag(
      'client: check the resources exist, delete nothing; server: the server checks, deletes nothing.',
    ),
    'ignore-not-found': Flags.boolean({
      description:
        'A resource that does not exist is not an error (exit 0); -o json reports it as not-found.',
    }),
    output: outputFlag(['text', 'json'] as const, 'text'),
    ...connectionFlags,
  };

  async run(): Promise<CtlResult> {
    const { args, flags } = await this.parse(CtlDelete);
    const byFile = (flags.filename?.length ?? 0) > 0;
    if (byFile === (args.kind !== undefined))
      throw usageError('give either -f PATH… or KIND NAME', [
        'riptides-cli ctl delete -f examples/quickstart',
        'riptides-cli ctl delete wi frontend',
      ]);
    let targets: { kind: string; namespace?: string; name: string; source?: string }[];
    if (byFile) {
      const input = await this.loadChecked(flags.filename, {
        verb: 'delete',
        recursive: flags.recursive,
        rules: false,
      });
      const blocked = blockedBy(input);
      if (blocked) return blocked;
      checkNamespaceFlag(input.resources, flags.namespace);
      targets = input.resources.map((d) => ({
        kind: d.data.kind,
        namespace: d.data.metadata.namespace,
        name: d.data.metadata.name,
        source: `${d.origin.file}:${d.origin.start.line}`,
      }));
    } else {
      if (!args.name) throw usageError('KIND needs a NAME', ['riptides-cli ctl delete wi frontend']);
      targets = [{ kind: resolveKind(args.kind ?? '').kind, name: args.name }];
    }
    const { client, namespace } = await resolveConnection(flags);
    const dryRun = flags['dry-run'] as DryRunMode;
    try {
      const items = await deleteObjects(
        client,
        targets.map((t) => ({ ...t, namespace: t.namespace ?? namespace })),
        { dryRun, ignoreNotFound: flags['ignore-not-found'] },
      );
      return { kind: 'written', write: { items, dryRun, operation: 'delete' }, skipped: [], warnings: [] };
    } finally {
      await client.close();
    }
  }
}
