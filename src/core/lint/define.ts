/** `defineRule`: a rule's name and default severity come from the one catalog, never a second copy. */
import { catalogEntry } from '../catalog';
import type { LintReadKind, LintRule, LintFinding } from './types';
import type { LintContext } from './context';

export function defineRule(spec: {
  code: string;
  description: string;
  reads: readonly LintReadKind[];
  check(context: LintContext): LintFinding[];
}): LintRule {
  const entry = catalogEntry(spec.code);
  return {
    code: entry.code,
    name: entry.name,
    severity: entry.severity,
    description: spec.description,
    reads: spec.reads,
    check: spec.check,
  };
}
