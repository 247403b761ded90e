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
    ctx.forEachSpiffeIdEntry((identity, l, i, resolved) => {
      const parsed = resolved?.parsed;
      if (!parsed || parsed.trustDomain === td) return;
      const id = l.list[i];
      findings.push({
        subject: identity,
        pointer: l.pointer + joinPointer(i),
        message: `${listLabel(l)} entry ${id} is in trust domain "${parsed.trustDomain}", not the configured "${td}"`,
        fix: `Use spiffe://${td}${parsed.path} if the peer is in this trust domain; if it is a federated peer, suppress this finding with the annotation lint.riptides.io/disable: RT2006.`,
      });
    });
    return findings;
  },
});
