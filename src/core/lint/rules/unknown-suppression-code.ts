/** RT2017: a lint.riptides.io/disable annotation naming something that is not a lint rule suppresses nothing. */
import { joinPointer } from '../../manifest/document';
import { DISABLE_ANNOTATION, resolveRuleRef, splitRuleRefs, suggestRuleRef } from '../controls';
import { defineRule } from '../define';
import type { LintFinding } from '../types';

export const unknownSuppressionCode = defineRule({
  code: 'RT2017',
  description: `A ${DISABLE_ANNOTATION} annotation entry that is neither a rule code nor a rule name suppresses nothing: usually a typo, so the finding it meant to silence still shows.`,
  reads: ['WorkloadIdentity', 'Service'],
  check(ctx) {
    const findings: LintFinding[] = [];
    for (let i1 = 0, list1 = ctx.resources; i1 < list1.length; i1++) {
      const r = list1[i1];
      const value = r.resource.metadata?.annotations?.[DISABLE_ANNOTATION];
      if (typeof value !== 'string') continue;
      for (const ref of splitRuleRefs(value)) {
        if (resolveRuleRef(ref)) continue;
        const near = suggestRuleRef(ref);
        findings.push({
          subject: r,
          pointer: joinPointer('metadata', 'annotations', DISABLE_ANNOTATION),
          message: `"${ref}" in ${DISABLE_ANNOTATION} is not a lint rule${near ? `; did you mean "${near}"?` : ''}`,
          fix: 'Use rule codes (RT2011) or names (permissive-inbound), separated by commas; validate --list-rules lists them.',
        });
      }
    }
    return findings;
  },
});
