/** RT2003: the same kind/namespace/name twice in one set: the later one silently replaces the earlier. */
import { joinPointer } from '../../manifest/document';
import { describeResource, namespaceOf } from '../../manifest/types';
import { defineRule } from '../define';
import type { LocatedResource } from '../located';
import type { LintFinding } from '../types';

export const duplicateResource = defineRule({
  code: 'RT2003',
  description:
    'Two documents with the same kind, namespace and name: applying the set keeps only the last one, so the first is silently lost.',
  reads: ['WorkloadIdentity', 'Service'],
  check(ctx) {
    const findings: LintFinding[] = [];
    const seen = new Map<string, LocatedResource>();
    for (const r of ctx.resources) {
      const name = r.resource.metadata?.name;
      if (typeof name !== 'string') continue;
      const key = `${r.resource.kind}|${namespaceOf(r.resource)}|${name}`;
      const first = seen.get(key);
      if (!first) {
        seen.set(key, r);
        continue;
      }
      findings.push({
        subject: r,
        pointer: joinPointer('metadata', 'name'),
        message: `${describeResource(r.resource)} is defined twice; applying both keeps only the last`,
        fix: 'Rename one of them, or delete the copy.',
        related: [{ subject: first, pointer: joinPointer('metadata', 'name'), message: 'first definition' }],
      });
    }
    return findings;
  },
});
