/**
 * RT2010: ingress[].allowedSPIFFEIDs on an identity that no egress rule reaches through a Service:
 * callers arrive over implicit mTLS, where per-ingress lists do not apply (only top-level ones do).
 */
import { joinPointer } from '../../manifest/document';
import { defineRule } from '../define';
import type { LintFinding } from '../types';

export const ingressListOnImplicitPath = defineRule({
  code: 'RT2010',
  description:
    'ingress[].allowedSPIFFEIDs only applies on the explicit path (a caller egress rule selecting a Service that this identity serves). When nothing in the set reaches the identity that way, callers come over implicit mTLS and the per-port list is silently ignored.',
  reads: ['WorkloadIdentity', 'Service', 'Scenario'],
  check(ctx) {
    const findings: LintFinding[] = [];
    const candidates = ctx.identities.filter(
      (i) =>
        Array.isArray(i.resource.spec?.ingress) &&
        i.resource.spec.ingress.some((r) => r && Array.isArray(r.allowedSPIFFEIDs)),
    );
    if (candidates.length === 0) return findings;
    // Which (identity, port) explicit paths reach; ports reached where the serving identity is unknown
    // count as "maybe any identity" (no finding on a guess).
    // Ports as short arrays (an identity is reached on one or two ports), by identity position: no Set
    // and no Map entry per identity.
    const reached = new Array<number[] | undefined>(ctx.identities.length);
    const unresolvedPorts = new Set<number>();
    for (let i1 = 0, list1 = ctx.explicitPaths; i1 < list1.length; i1++) {
      const p = list1[i1];
      const port = p.address.port;
      if (p.serving.length === 0) unresolvedPorts.add(port);
      for (let i2 = 0, list2 = p.serving; i2 < list2.length; i2++) {
        const s = list2[i2];
        const at = ctx.identityPosition(s.identity);
        const ports = reached[at];
        if (!ports) reached[at] = [port];
        else if (!ports.includes(port)) ports.push(port);
      }
    }
    for (let i3 = 0, list3 = candidates; i3 < list3.length; i3++) {
      const identity = list3[i3];
      identity.resource.spec.ingress!.forEach((rule, j) => {
        if (!rule || !Array.isArray(rule.allowedSPIFFEIDs) || typeof rule.port !== 'number') return;
        if (reached[ctx.identityPosition(identity)]?.includes(rule.port) || unresolvedPorts.has(rule.port))
          return;
        findings.push({
          subject: identity,
          pointer: joinPointer('spec', 'ingress', j, 'allowedSPIFFEIDs'),
          target: 'key',
          message: `ingress[${j}] (port ${rule.port}) lists allowedSPIFFEIDs, but no egress rule reaches this identity through a Service: callers arrive over implicit mTLS, where per-ingress lists do not apply`,
          fix: 'Move the list to spec.allowedSPIFFEIDs.inbound (enforced on every path), or define a Service for this address and an egress rule on each caller that selects it.',
        });
      });
    }
    return findings;
  },
});
