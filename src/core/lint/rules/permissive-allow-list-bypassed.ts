/**
 * RT2018: a PERMISSIVE posture next to an allow-list that plaintext bypasses. Inbound PERMISSIVE
 * accepts plain TCP, which carries no identity, so allowedSPIFFEIDs.inbound and ingress[] lists hold
 * only for mTLS callers; a PERMISSIVE egress rule falls back to plain TCP with an unmanaged peer and
 * its allowedSPIFFEIDs is then not checked (explain says so: *-not-checked-plaintext reasons).
 */
import { joinPointer } from '../../manifest/document';
import { defineRule } from '../define';
import type { LintFinding } from '../types';
import { egressMode, listLabel } from '../walk';

export const permissiveAllowListBypassed = defineRule({
  code: 'RT2018',
  description:
    'A PERMISSIVE posture is combined with an allow-list that plaintext bypasses: inbound PERMISSIVE accepts plain TCP whatever allowedSPIFFEIDs.inbound or the ingress[] lists say, and a PERMISSIVE egress rule that falls back to plain TCP does not check its allowedSPIFFEIDs.',
  reads: ['WorkloadIdentity'],
  check(ctx) {
    const findings: LintFinding[] = [];
    for (let i1 = 0, list1 = ctx.identities; i1 < list1.length; i1++) {
      const identity = list1[i1];
      const spec = identity.resource.spec;
      if (!spec) continue;
      if (spec.connection?.tls?.mode === 'PERMISSIVE') {
        const mode = {
          subject: identity,
          pointer: joinPointer('spec', 'connection', 'tls', 'mode'),
          message: 'the PERMISSIVE inbound mode, which accepts plain TCP',
        };
        for (let i2 = 0, list2 = ctx.spiffeIdLists(identity); i2 < list2.length; i2++) {
          const l = list2[i2];
          if (l.kind !== 'inbound' && l.kind !== 'ingress') continue;
          const what = listLabel(l);
          findings.push({
            subject: identity,
            pointer: l.pointer,
            target: 'key',
            message: `${what} holds only for mTLS callers: the inbound mode PERMISSIVE accepts plain TCP from any caller, which bypasses the list`,
            fix: 'Set connection.tls.mode to MUTUAL once every caller is enrolled, so that the list holds for every caller; while PERMISSIVE is needed, do not count on the list.',
            related: [mode],
          });
        }
      }
      for (let i3 = 0, list3 = ctx.egressRules(identity); i3 < list3.length; i3++) {
        const { rule, index } = list3[i3];
        if (egressMode(rule) !== 'PERMISSIVE' || !Array.isArray(rule.allowedSPIFFEIDs)) continue;
        findings.push({
          subject: identity,
          pointer: joinPointer('spec', 'egress', index, 'allowedSPIFFEIDs'),
          target: 'key',
          message: `egress[${index}] is PERMISSIVE: with a peer that is not Riptides-managed it falls back to plain TCP and its allowedSPIFFEIDs is not checked`,
          fix: 'Use mode MUTUAL if the list must hold (a peer without a listed SVID is then rejected), or enroll every peer the rule selects.',
          related: [
            {
              subject: identity,
              pointer: joinPointer('spec', 'egress', index, 'connection', 'tls', 'mode'),
              message: 'the PERMISSIVE mode',
            },
          ],
        });
      }
    }
    return findings;
  },
});
