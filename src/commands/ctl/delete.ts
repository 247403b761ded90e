/** `ctl delete -f PATH… | KIND NAME`: delete resources from the control plane. */
import { Args, Flags } from '@oclif/core';
import { configureColor } from '../../cli/render-error';
import { BaseCommand } from '../../cli/base-command';
import { connectionFlags } from '../../cli/connection-flags';
import { resolveConnection } from '../../cli/context';
import { deleteObjects } from '../../cli/ctl-operations';
import { filenameFlag, outputFlag, recursiveFlag } from '../../cli/flags';
import {
  hasBlockingFindings,
  loadResourcesForApply,
  renderBlockingFindings,
} from '../../cli/load-resources-for-apply';
import { resolveKind } from '../../api/resources';
import { ExitCode, usageError } from '../../core/errors';
import { printWriteResultJson, printWriteResultText, type DryRunMode } from '../../printers/ctl-apply';

export default class CtlDelete extends BaseCommand {
  static override summary = 'Delete resources named in manifests (-f) or by KIND NAME.';
  static override description = `Prints one line per resource: workloadidentity/frontend deleted. A resource that does not exist is reported and makes the exit code 1; the others are still deleted.

Exit codes:
  0  every resource deleted
  1  a resource was not found, or the manifests are invalid (nothing deleted)
  2  usage: bad flags, unknown kind, a path that does not exist
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
    'dry-run': Flags.option({
      description:
        'client: check the resources exist, delete nothing; server: the server checks, deletes nothing.',
      options: ['none', 'client', 'server'] as const,
      default: 'none' as const,
    })(),
    output: outputFlag(['text', 'json'] as const, 'text'),
    ...connectionFlags,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(CtlDelete);
    this.debugMode = flags.debug === true;
    const byFile = (flags.filename?.length ?? 0) > 0;
    if (byFile === (args.kind !== undefined))
      throw usageError('give either -f PATH… or KIND NAME', [
        'riptides-cli ctl delete -f examples/quickstart',
        'riptides-cli ctl delete wi frontend',
      ]);
    let targets: { kind: string; namespace: string; name: string; source?: string }[];
    const conn = () => resolveConnection(flags);
    if (byFile) {
      const input = await loadResourcesForApply(flags.filename ?? [], {
        recursive: flags.recursive,
        rules: false,
      });
      if (hasBlockingFindings(input)) {
        this.note(
          renderBlockingFindings(
            input,
            configureColor(flags.color, process.stderr.isTTY === true, process.env),
          ),
        );
        this.setExitCode(ExitCode.FINDINGS);
        return;
      }
      targets = input.resources.map((d) => ({
        kind: d.data.kind,
        namespace: d.data.metadata.namespace ?? '',
        name: d.data.metadata.name,
        source: `${d.origin.file}:${d.origin.start.line}`,
      }));
    } else {
      if (!args.name) throw usageError('KIND needs a NAME', ['riptides-cli ctl delete wi frontend']);
      targets = [{ kind: resolveKind(args.kind ?? '').kind, namespace: '', name: args.name }];
    }
    const { client, namespace } = await conn();
    for (const t of targets) if (t.namespace === '') t.namespace = namespace;
    const dryRun = flags['dry-run'] as DryRunMode;
    try {
      const items = await deleteObjects(client, targets, { dryRun });
      const result = { items, dryRun };
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
