/** RT2005: two identities whose selector entries one process can satisfy at once, in a shared scope. */
import { joinPointer } from '../../manifest/document';
import { describeResource } from '../../manifest/types';
import { keyOf } from '../context';
import type { IndexedEntry } from '../context';
import { defineRule } from '../define';
import { entriesCompatible, scopesOverlap } from '../selectors';
import type { LintFinding } from '../types';

/** At most this many other identities are named per finding. */
const MAX_NAMED = 5;

const show = (e: Record<string, string>) =>
  `{${Object.entries(e)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ')}}`;

export const overlappingSelectors = defineRule({
  code: 'RT2005',
  description:
    'Two WorkloadIdentities whose selector entries can both match one process (no key required with different values) in an overlapping scope: the process gets whichever entry has more keys, and on a tie the first by namespace/name.',
  reads: ['WorkloadIdentity'],
  check(ctx) {
    const findings: LintFinding[] = [];
    const reported = new Set<string>();
    for (let i1 = 0, list1 = ctx.selectorEntries; i1 < list1.length; i1++) {
      const e = list1[i1];
      if (e.size === 0) continue;
      const mine = ctx.identityPosition(e.identity);
      const a = e.identity.resource;
      const others: IndexedEntry[] = [];
      let truncated = false;
      for (let i2 = 0, list2 = ctx.compatibilityCandidates(e); i2 < list2.length; i2++) {
        const c = list2[i2];
        const theirs = ctx.identityPosition(c.identity);
        // Report each pair once, on the later identity; same name (RT2003) and same workloadID (RT2004) are other rules.
        if (theirs >= mine || c.size === 0) continue;
        const b = c.identity.resource;
        if (keyOf(c.identity) === keyOf(e.identity) || a.spec.workloadID === b.spec.workloadID) continue;
        const pair = `${theirs}|${mine}`;
        if (reported.has(pair)) continue;
        if (!scopesOverlap(a.spec.scope, b.spec.scope) || !entriesCompatible(e.entry, c.entry)) continue;
        // A set where one entry overlaps with hundreds of others gets one finding naming the first few,
        // not hundreds: the output stays linear in the input.
        if (others.length === MAX_NAMED) {
          truncated = true;
          break;
        }
        reported.add(pair);
        others.push(c);
      }
      if (others.length === 0) continue;
      const c = others[0];
      const b = c.identity.resource;
      const both = { ...c.entry, ...e.entry };
      const outcome =
        e.size === c.size
          ? `a tie: the daemon picks by namespace/name, not by intent`
          : `${describeResource(e.size > c.size ? a : b)} wins by having more keys`;
      const more =
        others.length > 1
          ? `; also ${others.length - 1}${truncated ? '+' : ''} other identit${others.length > 2 ? 'ies' : 'y'} (see related)`
          : '';
      findings.push({
        subject: e.identity,
        pointer: joinPointer('spec', 'selectors', e.index),
        message: `selectors[${e.index}] and ${describeResource(b)} selectors[${c.index}] both match a process with ${show(both)} (${outcome})${more}`,
        fix: 'Make the entries exclusive: require a key both use with different values (e.g. k8s:label:app, k8s:sa or k8s:container:name), or scope the identities to different daemon groups.',
        related: others.map((o) => ({
          subject: o.identity,
          pointer: joinPointer('spec', 'selectors', o.index),
          message: 'another identity whose selector entry matches the same process',
        })),
      });
    }
    return findings;
  },
});
