/**
 * The body of `ctl apply` (src/commands/ctl/apply.ts keeps the flags): the checked input in, the
 * lint pass against the live state, then POST /v1/apply; a `CtlResult` out
 * (src/printers/ctl-result.ts prints it). Callable without oclif.
 */
import type { ApiClient } from '../api/client';
import { objectKey, objectKeyString } from '../core/apply/plan';
import { ExitCode, RiptidesError } from '../core/errors';
import type { LoadedDocument } from '../core/manifest/document';
import type { Resource } from '../core/manifest/types';
import type { StoredResource } from '../core/wire/types';
import type { DryRunMode } from '../printers/ctl-apply';
import type { CtlResult, SkippedDocument } from '../printers/ctl-result';
import type { ConnectionFlagValues } from './context';
import { blockedBy } from './ctl-command';
import {
  applyDocuments,
  checkNamespaceFlag,
  PartialApplyError,
  withDefaultNamespace,
} from './ctl-operations';
import { connectWhenAsked, prefetchLive, type LivePrefetch } from './live-prefetch';
import { lintAgainstLive, type ResourcesForApply } from './load-resources-for-apply';
import { stderrProgress } from './progress';

export interface CtlApplyFlags extends ConnectionFlagValues {
  atomic: boolean;
  'dry-run': string;
  rules: boolean;
}

/**
 * Load and check the input (`load`) while the live state the rules need is read (live-prefetch.ts),
 * then apply; what blocks (an error finding) stops it before anything is written.
 */
export async function ctlApply(
  load: () => Promise<ResourcesForApply>,
  flags: CtlApplyFlags,
): Promise<CtlResult> {
  const prefetch = flags.rules ? prefetchLive(flags) : connectWhenAsked(flags);
  try {
    const input = await load();
    return blockedBy(input) ?? (await runCtlApply(input, flags, prefetch));
  } finally {
    await prefetch.cancel();
  }
}

/** Apply the checked input; an error after documents were set aside still prints that they were. */
async function runCtlApply(
  input: ResourcesForApply,
  flags: CtlApplyFlags,
  prefetch: LivePrefetch,
): Promise<CtlResult> {
  const skipped: SkippedDocument[] = input.skipped.map((d) => ({
    file: d.origin.file,
    kind: (d.data as { kind: string }).kind,
  }));
  try {
    return await applyChecked(input, flags, skipped, prefetch);
  } catch (err) {
    if (skipped.length === 0) throw err;
    return { kind: 'failed', skipped, error: err as Error };
  }
}

async function applyChecked(
  input: ResourcesForApply,
  flags: CtlApplyFlags,
  skipped: SkippedDocument[],
  prefetch: LivePrefetch,
): Promise<CtlResult> {
  if (input.resources.length === 0)
    throw new RiptidesError('no WorkloadIdentity or Service in the input: nothing to apply', {
      code: 'no-objects',
      exitCode: ExitCode.FINDINGS,
      suggestions: ['check the paths given with -f (directories need -R for sub-directories)'],
    });
  checkNamespaceFlag(input.resources, flags.namespace);
  const { client, namespace } = await prefetch.connection();
  try {
    const docs = withDefaultNamespace(input.resources, namespace);
    let live: Map<string, StoredResource> | undefined;
    if (flags.rules) {
      const liveInputs = await prefetch.live();
      lintAgainstLive(input, docs, liveInputs);
      const blocked = blockedBy(input, { skipped });
      if (blocked) return blocked;
      // What was read for the rules also tells which documents the server would leave unchanged.
      live = new Map(
        liveInputs.resources.map(({ resource }) => [
          objectKeyString(objectKey(resource)),
          resource as unknown as StoredResource,
        ]),
      );
    }
    return await send(client, docs, flags, { skipped, warnings: input.report.findings }, live);
  } finally {
    await client.close();
  }
}

async function send(
  client: ApiClient,
  docs: LoadedDocument<Resource>[],
  flags: CtlApplyFlags,
  noted: { skipped: SkippedDocument[]; warnings: ResourcesForApply['report']['findings'] },
  live: ReadonlyMap<string, StoredResource> | undefined,
): Promise<CtlResult> {
  const dryRun = flags['dry-run'] as DryRunMode;
  try {
    const items = await applyDocuments(client, docs, {
      dryRun,
      atomic: flags.atomic,
      progress: stderrProgress(docs.length, 'applying'),
      live,
    });
    return { kind: 'written', write: { items, dryRun, atomic: flags.atomic }, ...noted };
  } catch (err) {
    // Stopped part-way: the acknowledged batches' lines first, then the error (exit 3).
    if (!(err instanceof PartialApplyError)) throw err;
    return {
      kind: 'written',
      write: { items: err.acknowledged, dryRun, atomic: flags.atomic },
      ...noted,
      error: err,
    };
  }
}
