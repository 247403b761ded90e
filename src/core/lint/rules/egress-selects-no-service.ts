/** RT2001: an egress rule whose selectors match no Service in the set never applies. */
import { joinPointer } from '../../manifest/document';
import type { SelectorEntry } from '../../manifest/types';
import { describeResource } from '../../manifest/types';
import type { LintContext } from '../context';
import { defineRule } from '../define';
import type { LocatedService } from '../located';
import type { LintFinding } from '../types';

const NEAR_MISS_BUDGET = 5000;

/** The Service sharing the most key=value pairs with an entry (a likely typo), within a budget. */
function nearestService(
  ctx: LintContext,
  entries: readonly SelectorEntry[],
): { service: LocatedService; missing: string[] } | undefined {
  let best: { service: LocatedService; missing: string[]; shared: number } | undefined;
  let budget = NEAR_MISS_BUDGET;
  for (let i1 = 0, list1 = entries; i1 < list1.length; i1++) {
    const entry = list1[i1];
    const counts = new Map<LocatedService, number>();
    for (const [k, v] of Object.entries(entry ?? {})) {
      const list = ctx.servicesMatchingEntry({ [k]: v });
      budget -= list.length;
      if (budget < 0) return best;
      for (const s of list) counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    for (const [service, shared] of counts) {
      if (!best || shared > best.shared) {
        const labels = service.resource.spec?.labels ?? {};
        const missing = Object.entries(entry)
          .filter(([k, v]) => labels[k] !== v)
          .map(([k, v]) => `${k}: ${v}`);
        best = { service, missing, shared };
      }
    }
  }
  return best;
}

export const egressSelectsNoService = defineRule({
  code: 'RT2001',
  description:
    'An egress rule whose selectors match the labels of no Service in the set never applies: connections it was meant for take the implicit path or stay plain TCP.',
  reads: ['WorkloadIdentity', 'Service'],
  check(ctx) {
    const findings: LintFinding[] = [];
    for (let i2 = 0, list2 = ctx.identities; i2 < list2.length; i2++) {
      const identity = list2[i2];
      for (let i3 = 0, list3 = ctx.egressRules(identity); i3 < list3.length; i3++) {
        const { rule, index } = list3[i3];
        const selectors = Array.isArray(rule.selectors) ? rule.selectors : [];
        if (selectors.length === 0) continue; // the schema requires at least one entry
        if (ctx.servicesSelectedByRule(list3[i3]).length > 0) continue;
        const near = nearestService(ctx, selectors);
        const shown = selectors
          .map(
            (e) =>
              `{${Object.entries(e ?? {})
                .map(([k, v]) => `${k}: ${v}`)
                .join(', ')}}`,
          )
          .join(' or ');
        findings.push({
          subject: identity,
          pointer: joinPointer('spec', 'egress', index, 'selectors'),
          message: `egress[${index}] selects no Service: no Service in the set has the labels ${shown}`,
          fix: near
            ? `The nearest Service is ${describeResource(near.service.resource)}, which lacks ${near.missing.join(', ')}: fix the selector or the Service's labels.`
            : 'Add a Service whose spec.labels carry these labels, or fix the selector.',
          related: near
            ? [
                {
                  subject: near.service,
                  pointer: joinPointer('spec', 'labels'),
                  message: 'nearest Service (labels differ)',
                },
              ]
            : [],
        });
      }
    }
    return findings;
  },
});
