/** RT2007: an allowedSPIFFEIDs entry that names no WorkloadIdentity in the set (a typo, or a stale name). */
import { joinPointer } from '../../manifest/document';
import { closestMatch } from '../../text/suggest';
import type { LintContext } from '../context';
import { defineRule } from '../define';
import type { LintFinding } from '../types';
import { listLabel } from '../walk';

/** Every workloadID, bucketed by length so that a suggestion only looks at plausible ones. */
function workloadIdsByLength(ctx: LintContext): Map<number, string[]> {
  const byLength = new Map<number, string[]>();
  for (const wid of ctx.identitiesByWorkloadId.keys()) {
    const list = byLength.get(wid.length);
    if (list) list.push(wid);
    else byLength.set(wid.length, [wid]);
  }
  return byLength;
}

/** The nearest workloadID to a SPIFFE ID's path (the trust domain is compared elsewhere). */
function suggest(path: string, byLength: Map<number, string[]>): string | undefined {
  const wid = path.replace(/^\//, '');
  const slack = Math.ceil(wid.length * 0.5);
  const near: string[] = [];
  for (let n = wid.length - slack; n <= wid.length + slack; n++) near.push(...(byLength.get(n) ?? []));
  return closestMatch(wid, near);
}

export const unknownSpiffeId = defineRule({
  code: 'RT2007',
  description:
    'An allowedSPIFFEIDs entry that names no WorkloadIdentity in the set admits nobody in it: usually a typo in the workloadID or an identity that was renamed.',
  reads: ['WorkloadIdentity'],
  check(ctx) {
    const findings: LintFinding[] = [];
    let byLength: Map<number, string[]> | undefined;
    const suggestions = new Map<string, string | undefined>();
    ctx.forEachSpiffeIdEntry((identity, l, i, r) => {
      if (r === undefined || r.named.length > 0) return; // the usual case: named identities found
      const parsed = r.parsed;
      if (!parsed) return; // not a SPIFFE ID: the schema reports it
      if (ctx.trustDomain !== undefined && parsed.trustDomain !== ctx.trustDomain) return; // RT2006
      const id = l.list[i];
      if (!suggestions.has(id)) {
        byLength ??= workloadIdsByLength(ctx);
        const wid = suggest(parsed.path, byLength);
        suggestions.set(id, wid === undefined ? undefined : `spiffe://${parsed.trustDomain}/${wid}`);
      }
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
    return findings;
  },
});
