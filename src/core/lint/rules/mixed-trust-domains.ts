/** RT2019: SPIFFE IDs of several trust domains, and nothing says which one the manifests are for. */
import { joinPointer } from '../../manifest/document';
import { defineRule } from '../define';
import { majorityTrustDomain, trustDomainsOf } from '../trust-domains';
import type { LintFinding } from '../types';
import { listLabel } from '../walk';

export const mixedTrustDomains = defineRule({
  code: 'RT2019',
  description:
    'The allowedSPIFFEIDs lists name SPIFFE IDs of two or more trust domains, and no --trust-domain, lint config, control plane or Scenario says which one is meant: entries of the other trust domains match only federated peers, usually a typo. Each entry outside the most used trust domain is reported.',
  reads: ['WorkloadIdentity'],
  check(ctx) {
    const findings: LintFinding[] = [];
    if (ctx.trustDomain !== undefined) return findings; // configured: RT2006 reports foreign entries
    const seen = trustDomainsOf(ctx.identities);
    if (seen.size < 2) return findings;
    const main = majorityTrustDomain(seen)!;
    const all = [...seen.keys()].sort().join(', ');
    ctx.forEachSpiffeIdEntry((identity, l, i, resolved) => {
      const parsed = resolved?.parsed;
      if (!parsed || parsed.trustDomain === main) return;
      findings.push({
        subject: identity,
        pointer: l.pointer + joinPointer(i),
        message: `${listLabel(l)} entry ${l.list[i]} is in trust domain "${parsed.trustDomain}"; the manifests use ${seen.size} trust domains (${all}), mostly "${main}", and nothing says which is meant`,
        fix: `Say which trust domain the manifests are for (--trust-domain ${main}, trustDomain: in .riptides-lint.yaml, or a Scenario's spec.trustDomain); then write the entry as spiffe://${main}${parsed.path}, or keep it for a federated peer and suppress with lint.riptides.io/disable: RT2019.`,
      });
    });
    return findings;
  },
});
