/** RT2007: an allowedSPIFFEIDs entry that names no WorkloadIdentity in the set (a typo, or a stale name). */
import { joinPointer } from '../../manifest/document';
import { closestMatch } from '../../text/suggest';
import type { LintContext } from '../context';
import { defineRule } from '../define';
import type { LintFinding } from '../types';
import { listLabel, spiffeIdListsOf } from '../walk';

/** SPIFFE IDs of every identity under one trust domain, bucketed by length for quick suggestion. */
function candidatesFor(
  ctx: LintContext,
  td: string,
  cache: Map<string, Map<number, string[]>>,
): Map<number, string[]> {
  let byLength = cache.get(td);
  if (!byLength) {
    byLength = new Map();
    for (const wid of ctx.identitiesByWorkloadId.keys()) {
      const id = `spiffe://${td}/${wid}`;
      const list = byLength.get(id.length);
      if (list) list.push(id);
      else byLength.set(id.length, [id]);
    }
    cache.set(td, byLength);
  }
  return byLength;
}

/** closestMatch over the candidates whose length could be within its distance limit. */
function suggest(id: string, byLength: Map<number, string[]>): string | undefined {
  const slack = Math.ceil(id.length * 0.5);
  const near: string[] = [];
  for (let n = id.length - slack; n <= id.length + slack; n++) near.push(...(byLength.get(n) ?? []));
  return closestMatch(id, near);
}

export const unknownSpiffeId = defineRule({
  code: 'RT2007',
  description:
    'An allowedSPIFFEIDs entry that names no WorkloadIdentity in the set admits nobody in it: usually a typo in the workloadID or an identity that was renamed.',
  reads: ['WorkloadIdentity'],
  check(ctx) {
    const findings: LintFinding[] = [];
    const cache = new Map<string, Map<number, string[]>>();
    const suggestions = new Map<string, string | undefined>();
    for (const identity of ctx.identities) {
      for (const l of spiffeIdListsOf(identity)) {
        l.list.forEach((id, i) => {
          if (typeof id !== 'string') return;
          const parsed = ctx.parseId(id);
          if (!parsed) return; // not a SPIFFE ID: the schema reports it
          if (ctx.trustDomain !== undefined && parsed.trustDomain !== ctx.trustDomain) return; // RT2006
          if (ctx.identitiesNamed(id).length > 0) return;
          if (!suggestions.has(id))
            suggestions.set(id, suggest(id, candidatesFor(ctx, parsed.trustDomain, cache)));
          const near = suggestions.get(id);
          const target = near === undefined ? [] : ctx.identitiesNamed(near);
          findings.push({
            subject: identity,
            pointer: l.pointer + joinPointer(i),
            message: `${listLabel(l)} entry ${id} names no WorkloadIdentity in the set${near ? `; did you mean ${near}?` : ''}`,
            fix: near
              ? `Replace it with ${near}.`
              : 'Fix the workloadID in the entry, add the WorkloadIdentity it names, or remove the entry.',
            related: target.slice(0, 1).map((t) => ({
              subject: t,
              pointer: joinPointer('spec', 'workloadID'),
              message: `the nearest existing SPIFFE ID, ${near}`,
            })),
          });
        });
      }
    }
    return findings;
  },
});
