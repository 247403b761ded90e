/** RT2006: an allowedSPIFFEIDs entry outside the configured trust domain (federation or a typo). */
import { joinPointer } from '../../manifest/document';
import { defineRule } from '../define';
import type { LintFinding } from '../types';
import { listLabel } from '../walk';

export const foreignTrustDomain = defineRule({
  code: 'RT2006',
  description:
    'An allowedSPIFFEIDs entry in another trust domain than the configured one matches only peers with certificates from that other CA: unless the trust domains are federated, no connection ever presents it.',
  reads: ['WorkloadIdentity'],
  check(ctx) {
    const findings: LintFinding[] = [];
    const td = ctx.trustDomain;
    if (td === undefined) return findings;
    for (let i1 = 0, list1 = ctx.identities; i1 < list1.length; i1++) {
      const identity = list1[i1];
      for (let i2 = 0, list2 = ctx.spiffeIdLists(identity); i2 < list2.length; i2++) {
        const l = list2[i2];
        const resolved = ctx.resolvedLists(identity)[i2];
        for (let i = 0; i < l.list.length; i++) {
          const parsed = resolved[i]?.parsed;
          if (!parsed || parsed.trustDomain === td) continue;
          const id = l.list[i];
          findings.push({
            subject: identity,
            pointer: l.pointer + joinPointer(i),
            message: `${listLabel(l)} entry ${id} is in trust domain "${parsed.trustDomain}", not the configured "${td}"`,
            fix: `Use spiffe://${td}${parsed.path} if the peer is in this trust domain; if it is a federated peer, suppress this finding with the annotation lint.riptides.io/disable: RT2006.`,
          });
        }
      }
    }
    return findings;
  },
});
