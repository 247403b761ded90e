/** RT2002: two Services (or one Service twice) claim the same address:port. */
import { joinPointer } from '../../manifest/document';
import { describeResource } from '../../manifest/types';
import { formatEndpoint } from '../../policy/endpoint';
import { defineRule } from '../define';
import type { LintFinding } from '../types';

export const duplicateServiceAddress = defineRule({
  code: 'RT2002',
  description:
    'Two Services claiming the same address:port make the destination ambiguous: which Service (and so which egress rule) applies depends on which one the control plane sees first.',
  reads: ['Service'],
  check(ctx) {
    const findings: LintFinding[] = [];
    const claims = ctx.serviceAddressClaims;
    for (let n = 0; n < claims.length; n++) {
      const refs = claims[n];
      if (refs.length < 2) continue;
      const first = refs[0];
      const a = first.service.resource.spec.addresses[first.index];
      for (const ref of refs.slice(1)) {
        const same = ref.service === first.service;
        findings.push({
          subject: ref.service,
          pointer: joinPointer('spec', 'addresses', ref.index),
          message: same
            ? `${formatEndpoint(a.address, a.port)} is listed twice in this Service`
            : `${formatEndpoint(a.address, a.port)} is also claimed by ${describeResource(first.service.resource)}`,
          fix: same
            ? 'Remove the repeated address.'
            : 'Give each address:port to exactly one Service: merge the two Services, or remove the address from one of them.',
          related: [
            {
              subject: first.service,
              pointer: joinPointer('spec', 'addresses', first.index),
              message: `first claim of ${formatEndpoint(a.address, a.port)}`,
            },
          ],
        });
      }
    }
    return findings;
  },
});
