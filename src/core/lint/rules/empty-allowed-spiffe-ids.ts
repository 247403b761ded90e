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
    for (const identity of ctx.identities) {
      for (const l of ctx.spiffeIdLists(identity)) {
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
