/**
 * The body of `ctl get` (src/commands/ctl/get.ts keeps the flags): check the arguments, then list or
 * get the resources, or start a --watch. Returns a `CtlGetResult` (src/printers/ctl-get-result.ts
 * prints it). Callable without oclif.
 */
import { isApiError } from '../api/errors';
import { matchesLabelSelector, parseLabelSelector } from '../core/wire/label-selector';
import { objectRef, resolveKind } from '../core/wire/resources';
import { KINDS, type KindInfo, type StoredResource } from '../core/wire/types';
import { ExitCode, RiptidesError, usageError } from '../core/errors';
import type { CtlGetResult } from '../printers/ctl-get-result';
import { toStderr, toStdout } from '../printers/printed';
import { fetchLiveResources, resolveConnection, type ConnectionFlagValues } from './context';

export interface CtlGetArgs {
  kind: string;
  name?: string;
}

export interface CtlGetFlags extends ConnectionFlagValues {
  output: string;
  'all-namespaces'?: boolean;
  selector?: string;
  'spec-labels'?: string;
  watch?: boolean;
  'resource-version'?: string;
}

export async function runCtlGet(args: CtlGetArgs, flags: CtlGetFlags): Promise<CtlGetResult> {
  const kinds: readonly KindInfo[] = args.kind.toLowerCase() === 'all' ? KINDS : [resolveKind(args.kind)];
  if (args.name && kinds.length > 1) throw usageError('a NAME needs one KIND (wi or svc), not "all"');
  if (args.name && flags['all-namespaces'])
    throw usageError('a NAME is looked up in one namespace: use -n, not -A');
  if (args.name && flags.selector) throw usageError('-l selects from a list: give a NAME or -l, not both');
  // Checked here as --spec-labels is, so that a typo is a usage error (exit 2) before anything is sent.
  if (flags.selector !== undefined) selectorRequirements('-l', flags.selector);
  const specSelector = flags['spec-labels'] !== undefined ? parseSpecLabels(flags['spec-labels']) : undefined;
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
  // The watch route's own check (1 to 19 digits), here, so that a bad value is a usage error.
  if (flags['resource-version'] !== undefined && !/^\d{1,19}$/.test(flags['resource-version']))
    throw usageError(
      `--resource-version must be a non-negative integer of at most 19 digits, got "${flags['resource-version']}"`,
      ['a resourceVersion from a list, get or event: riptides-cli ctl get wi -o json'],
    );
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
    const { runWatch } = require('./ctl-watch') as typeof import('./ctl-watch');
    return {
      kind: 'watch',
      follow: (write) =>
        runWatch(client, {
          kinds,
          namespace: allNamespaces ? undefined : namespace,
          selector: flags.selector,
          resourceVersion: flags['resource-version'],
          json: flags.output === 'json',
          emit: (line) => write([toStdout(line)]),
          note: (line) => write([toStderr(line)]),
        }),
    };
  }
  let items: StoredResource[];
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
      items = await fetchLiveResources(client, {
        namespace,
        allNamespaces,
        labelSelector: flags.selector,
        kinds,
      });
    }
  } finally {
    await client.close();
  }
  if (specSelector) items = items.filter((r) => specSelector(r));
  return {
    kind: 'list',
    items,
    namespace: allNamespaces ? undefined : namespace,
    single: args.name !== undefined,
    prefixKind: kinds.length > 1,
    now: Date.now(),
  };
}

/** A label selector flag's requirements (the syntax the control plane parses); a bad one is a usage error. */
function selectorRequirements(flag: '-l' | '--spec-labels', text: string) {
  const parsed = parseLabelSelector(text);
  if (!parsed.ok) throw usageError(`${flag}: ${parsed.message}`, [`e.g. ${flag} app=backend-api,tier!=db`]);
  return parsed.requirements;
}

/** `--spec-labels SELECTOR` as a predicate on Services' spec.labels; a bad selector is a usage error. */
function parseSpecLabels(text: string): (r: StoredResource) => boolean {
  const requirements = selectorRequirements('--spec-labels', text);
  return (r) => matchesLabelSelector(requirements, (r.spec as { labels?: Record<string, string> }).labels);
}
