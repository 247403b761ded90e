/** RT2012: SIMPLE egress verifies the server by its own PKI; an allowedSPIFFEIDs list cannot apply. */
import { joinPointer } from '../../manifest/document';
import { defineRule } from '../define';
import type { LintFinding } from '../types';
import { egressMode } from '../walk';

export const simpleEgressSpiffeIds = defineRule({
  code: 'RT2012',
  description:
    "An egress rule with TLS mode SIMPLE talks to a server that presents its own (non-SPIFFE) certificate, so the rule's allowedSPIFFEIDs can never match and only gives a false sense of restriction.",
  reads: ['WorkloadIdentity'],
  check(ctx) {
    const findings: LintFinding[] = [];
    for (let i1 = 0, list1 = ctx.identities; i1 < list1.length; i1++) {
      const identity = list1[i1];
      for (let i2 = 0, list2 = ctx.egressRules(identity); i2 < list2.length; i2++) {
        const { rule, index } = list2[i2];
        if (egressMode(rule) !== 'SIMPLE' || rule.allowedSPIFFEIDs === undefined) continue;
        findings.push({
          subject: identity,
          pointer: joinPointer('spec', 'egress', index, 'allowedSPIFFEIDs'),
          target: 'key',
          message: `egress[${index}] uses SIMPLE TLS, whose server certificate is not a SPIFFE SVID: allowedSPIFFEIDs cannot apply`,
          fix: 'Remove allowedSPIFFEIDs from this rule, or use mode MUTUAL if the server is a Riptides-managed workload.',
          related: [
            {
              subject: identity,
              pointer: joinPointer('spec', 'egress', index, 'connection', 'tls', 'mode'),
              message: 'the SIMPLE mode',
            },
          ],
        });
      }
    }
    return findings;
  },
});
