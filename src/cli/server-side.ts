/**
 * `validate --server-side`: the control plane dry-runs every resource that passed the local checks
 * (nothing is stored) and each item it refuses becomes an RT1040 finding at the field it named — a
 * server running other schemas, a stale `metadata.resourceVersion`, its own admission checks.
 */
import type { Finding } from '../core/findings';
import type { LocatedResource } from '../core/manifest/located';
import { describeResource } from '../core/manifest/types';
import type { FieldError } from '../printers/ctl-apply';
import { resolveConnection, type ConnectionFlagValues } from './context';
import { applyDocuments } from './ctl-operations';

export async function serverSideFindings(
  flags: ConnectionFlagValues,
  resources: readonly LocatedResource[],
): Promise<Finding[]> {
  if (resources.length === 0) return [];
  const { client } = await resolveConnection(flags);
  try {
    const docs = resources.map((r) => ({ data: r.resource, origin: r.origin }));
    const outcomes = await applyDocuments(client, docs, { dryRun: 'server', atomic: false });
    const findings: Finding[] = [];
    outcomes.forEach((outcome, i) => {
      if (outcome.action !== 'error' || !outcome.error) return;
      const { resource, origin } = resources[i];
      const errors: FieldError[] = outcome.error.errors?.length
        ? outcome.error.errors
        : [{ pointer: '', message: outcome.error.message }];
      for (const e of errors) {
        const pos = e.line
          ? { file: e.file ?? origin.file, line: e.line, column: e.column ?? 1 }
          : origin.locate(e.pointer, 'value');
        const fix = (e as { fix?: unknown }).fix;
        findings.push({
          severity: 'error',
          code: 'RT1040',
          message: `the control plane refuses this resource: ${e.message}`,
          ...pos,
          path: e.pointer,
          resource: describeResource(resource),
          fix:
            typeof fix === 'string'
              ? fix
              : 'Fix the field the control plane names; if the CLI accepts it, check that the CLI and the control plane run the same version.',
        });
      }
    });
    return findings;
  } finally {
    await client.close();
  }
}
