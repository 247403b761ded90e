/** RT2016: `allowedSPIFFEIDs: []` could mean "nobody" or "anybody": say which. */
import { defineRule } from '../define';
import type { LintFinding } from '../types';
import { listLabel } from '../walk';

export const emptyAllowedSpiffeIds = defineRule({
  code: 'RT2016',
  description:
    'An empty allowedSPIFFEIDs list is ambiguous: it reads as "nobody" to some and "no restriction" to others. Remove it to admit any peer of the trust domain, or list the peers.',
  reads: ['WorkloadIdentity'],
  check(ctx) {
    const findings: LintFinding[] = [];
    for (let i1 = 0, list1 = ctx.identities; i1 < list1.length; i1++) {
      const identity = list1[i1];
      for (let i2 = 0, list2 = ctx.spiffeIdLists(identity); i2 < list2.length; i2++) {
        const l = list2[i2];
        if (l.list.length > 0) continue;
        findings.push({
          subject: identity,
          pointer: l.pointer,
          target: 'key',
          message: `${listLabel(l)} is empty: the intent (nobody, or no restriction?) is ambiguous`,
          fix: 'Remove the empty list to admit any peer of the trust domain, or list the SPIFFE IDs to admit.',
        });
      }
    }
    return findings;
  },
});
