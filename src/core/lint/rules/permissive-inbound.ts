/** RT2011: PERMISSIVE inbound admits plaintext from unenrolled callers; meant as a migration step. */
import { joinPointer } from '../../manifest/document';
import { defineRule } from '../define';
import type { LintFinding } from '../types';

export const permissiveInbound = defineRule({
  code: 'RT2011',
  description:
    'connection.tls.mode PERMISSIVE accepts plaintext next to mTLS on the same port. It is a transitional setting for migrations; once every caller is enrolled, switch to MUTUAL.',
  reads: ['WorkloadIdentity'],
  check(ctx) {
    const findings: LintFinding[] = [];
    for (let i1 = 0, list1 = ctx.identities; i1 < list1.length; i1++) {
      const identity = list1[i1];
      if (identity.resource.spec?.connection?.tls?.mode !== 'PERMISSIVE') continue;
      findings.push({
        subject: identity,
        pointer: joinPointer('spec', 'connection', 'tls', 'mode'),
        message: 'inbound mode PERMISSIVE admits plaintext from callers that are not enrolled in Riptides',
        fix: 'Switch to mode: MUTUAL once every caller is enrolled; if plaintext is intended (e.g. behind a load balancer), suppress with the annotation lint.riptides.io/disable: RT2011.',
      });
    }
    return findings;
  },
});
