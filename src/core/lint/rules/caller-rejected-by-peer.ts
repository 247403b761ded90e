/**
 * RT2008: a caller's egress rule reaches a Service whose serving identity's inbound list (or the
 * ingress[] list for that port) does not admit the caller: that connection is always rejected.
 */
import { joinPointer } from '../../manifest/document';
import { describeResource } from '../../manifest/types';
import { formatEndpoint } from '../../policy/endpoint';
import type { ExplicitPath, ServingIdentity } from '../context';
import { defineRule } from '../define';
import type { LintFinding, LintRelated } from '../types';
import { egressMode } from '../walk';

function pathRelated(p: ExplicitPath, s: ServingIdentity): LintRelated[] {
  const related: LintRelated[] = [
    {
      subject: p.caller,
      pointer: joinPointer('spec', 'egress', p.ruleIndex),
      message: `the caller's egress rule selecting ${describeResource(p.service.resource)}`,
    },
    {
      subject: p.service,
      pointer: joinPointer('spec', 'addresses', p.addressIndex),
      message: `the Service address ${formatEndpoint(p.address.address, p.address.port)}`,
    },
  ];
  if (s.listener) {
    related.push({
      subject: s.listener.scenario,
      pointer: joinPointer('spec', 'workloads', s.listener.workloadIndex, 'listen', s.listener.listenIndex),
      message: `scenario workload "${s.listener.workload.name}" listens there with this identity`,
    });
  } else {
    related.push({
      subject: p.caller,
      pointer: joinPointer('spec', 'egress', p.ruleIndex, 'allowedSPIFFEIDs'),
      message: 'the caller names this peer in its egress allowedSPIFFEIDs',
    });
  }
  return related;
}

export const callerRejectedByPeer = defineRule({
  code: 'RT2008',
  description:
    "A caller's egress rule reaches a Service served by an identity whose allowedSPIFFEIDs.inbound, or whose ingress[] list for that port, does not list the caller: every such connection is rejected. Who serves a Service: a Scenario workload listening on its address, else the peers the egress rule's own allowedSPIFFEIDs names.",
  reads: ['WorkloadIdentity', 'Service', 'Scenario'],
  check(ctx) {
    const findings: LintFinding[] = [];
    const reported = new Set<string>();
    const report = (p: ExplicitPath, s: ServingIdentity, pointer: string, what: string) => {
      const key = `${ctx.ordinal(s.identity)}|${pointer}|${ctx.ordinal(p.caller)}`;
      if (reported.has(key)) return;
      reported.add(key);
      const caller = p.caller.resource;
      const callerId = ctx.spiffeIdOf(caller);
      findings.push({
        subject: s.identity,
        pointer,
        target: 'key',
        message: `${describeResource(caller)} (${callerId}) reaches this identity through ${describeResource(p.service.resource)} ${formatEndpoint(p.address.address, p.address.port)}, but ${what} does not list it: the connection is always rejected`,
        fix: `Add "${callerId}" to ${what}, or remove the caller's egress rule if it must not call this workload.`,
        related: pathRelated(p, s),
      });
    };
    for (let i1 = 0, list1 = ctx.explicitPaths; i1 < list1.length; i1++) {
      const p = list1[i1];
      if (p.serving.length === 0 || egressMode(p.rule) === 'SIMPLE') continue; // SIMPLE: no client certificate (RT2012)
      for (let i2 = 0, list2 = p.serving; i2 < list2.length; i2++) {
        const s = list2[i2];
        const spec = s.identity.resource.spec;
        const inbound = spec.allowedSPIFFEIDs?.inbound;
        if (inbound !== undefined && inbound.length > 0 && !ctx.listAdmits(inbound, p.caller, s.identity))
          report(p, s, '/spec/allowedSPIFFEIDs/inbound', 'allowedSPIFFEIDs.inbound');
        const ingress = spec.ingress;
        if (ingress === undefined) continue;
        for (let j = 0; j < ingress.length; j++) {
          const allowed = ingress[j].allowedSPIFFEIDs;
          if (ingress[j].port !== p.address.port || allowed === undefined || allowed.length === 0) continue;
          if (!ctx.listAdmits(allowed, p.caller, s.identity))
            report(
              p,
              s,
              `/spec/ingress/${j}/allowedSPIFFEIDs`,
              `ingress[${j}].allowedSPIFFEIDs (port ${ingress[j].port})`,
            );
        }
      }
    }
    return findings;
  },
});
