/** RT2015: two ingress[] rules for one port: which list applies is undefined. */
import { joinPointer } from '../../manifest/document';
import { defineRule } from '../define';
import type { LintFinding } from '../types';

export const duplicateIngressPort = defineRule({
  code: 'RT2015',
  description:
    'Two ingress[] rules of one WorkloadIdentity for the same port: only one list can apply, and which one is not defined. Merge them into one rule.',
  reads: ['WorkloadIdentity'],
  check(ctx) {
    const findings: LintFinding[] = [];
    for (let i1 = 0, list1 = ctx.identities; i1 < list1.length; i1++) {
      const identity = list1[i1];
      const ingress = identity.resource.spec?.ingress;
      if (!Array.isArray(ingress) || ingress.length < 2) continue; // one rule cannot repeat a port
      const first = new Map<number, number>();
      ingress.forEach((rule, j) => {
        if (!rule || typeof rule.port !== 'number') return;
        const earlier = first.get(rule.port);
        if (earlier === undefined) {
          first.set(rule.port, j);
          return;
        }
        findings.push({
          subject: identity,
          pointer: joinPointer('spec', 'ingress', j, 'port'),
          message: `ingress[${j}] is for port ${rule.port}, like ingress[${earlier}]`,
          fix: `Merge the two rules: one ingress entry for port ${rule.port} with the union of their allowedSPIFFEIDs.`,
          related: [
            {
              subject: identity,
              pointer: joinPointer('spec', 'ingress', earlier, 'port'),
              message: 'the first rule for this port',
            },
          ],
        });
      });
    }
    return findings;
  },
});
