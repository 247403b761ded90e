/** RT2009: a caller's own allowedSPIFFEIDs.outbound excludes the peer its egress rule points at. */
import { joinPointer } from '../../manifest/document';
import { describeResource } from '../../manifest/types';
import { defineRule } from '../define';
import type { LintFinding } from '../types';
import { egressMode } from '../walk';

export const peerExcludedOutbound = defineRule({
  code: 'RT2009',
  description:
    "A caller's egress rule expects a peer (its allowedSPIFFEIDs, or the identity a Scenario workload serving the Service resolves to) that the caller's own allowedSPIFFEIDs.outbound does not list: the client side rejects every such connection.",
  reads: ['WorkloadIdentity', 'Service', 'Scenario'],
  check(ctx) {
    const findings: LintFinding[] = [];
    const outboundPointer = joinPointer('spec', 'allowedSPIFFEIDs', 'outbound');
    for (let i1 = 0, list1 = ctx.identities; i1 < list1.length; i1++) {
      const caller = list1[i1];
      const outbound = caller.resource.spec?.allowedSPIFFEIDs?.outbound;
      if (!Array.isArray(outbound) || outbound.length === 0) continue;
      const admitted = new Set<string>();
      for (let i2 = 0, list2 = outbound; i2 < list2.length; i2++) {
        const id = list2[i2];
        const parsed = typeof id === 'string' ? ctx.parseId(id) : null;
        if (parsed) admitted.add(parsed.id);
      }
      // Peers named by the egress rules themselves.
      for (let i3 = 0, list3 = ctx.egressRules(caller); i3 < list3.length; i3++) {
        const { rule, index } = list3[i3];
        if (egressMode(rule) === 'SIMPLE' || !Array.isArray(rule.allowedSPIFFEIDs)) continue;
        rule.allowedSPIFFEIDs.forEach((id, k) => {
          const parsed = typeof id === 'string' ? ctx.parseId(id) : null;
          if (!parsed || admitted.has(parsed.id)) return;
          findings.push({
            subject: caller,
            pointer: outboundPointer,
            target: 'key',
            message: `egress[${index}] expects the peer ${parsed.id}, but allowedSPIFFEIDs.outbound does not list it: connections to it are always rejected`,
            fix: `Add "${parsed.id}" to spec.allowedSPIFFEIDs.outbound, or remove it from the egress rule.`,
            related: [
              {
                subject: caller,
                pointer: joinPointer('spec', 'egress', index, 'allowedSPIFFEIDs', k),
                message: 'the peer the egress rule expects',
              },
            ],
          });
        });
      }
    }
    // Peers found through a Scenario workload, for egress rules that name none.
    const reported = new Set<string>();
    for (let i4 = 0, list4 = ctx.explicitPaths; i4 < list4.length; i4++) {
      const p = list4[i4];
      const outbound = p.caller.resource.spec.allowedSPIFFEIDs?.outbound;
      if (!Array.isArray(outbound) || outbound.length === 0) continue;
      if (egressMode(p.rule) === 'SIMPLE' || Array.isArray(p.rule.allowedSPIFFEIDs)) continue;
      for (let i5 = 0, list5 = p.serving; i5 < list5.length; i5++) {
        const s = list5[i5];
        if (ctx.listAdmits(outbound, s.identity, p.caller)) continue;
        const peerId = ctx.spiffeIdOf(s.identity.resource);
        const key = `${ctx.ordinal(p.caller)}|${peerId}`;
        if (reported.has(key)) continue;
        reported.add(key);
        findings.push({
          subject: p.caller,
          pointer: outboundPointer,
          target: 'key',
          message: `egress[${p.ruleIndex}] reaches ${describeResource(s.identity.resource)} (${peerId}) through ${describeResource(p.service.resource)}, but allowedSPIFFEIDs.outbound does not list it: connections to it are always rejected`,
          fix: `Add "${peerId}" to spec.allowedSPIFFEIDs.outbound.`,
          related: [
            {
              subject: p.caller,
              pointer: joinPointer('spec', 'egress', p.ruleIndex),
              message: 'the egress rule',
            },
            {
              subject: s.identity,
              pointer: joinPointer('spec', 'workloadID'),
              message: 'the peer identity serving the Service',
            },
          ],
        });
      }
    }
    return findings;
  },
});
