/** RT2003: the same kind/namespace/name twice in one set: the later one silently replaces the earlier. */
import { joinPointer } from '../../manifest/document';
import { describeResource, namespaceOf } from '../../manifest/types';
import { defineRule } from '../define';
import type { LocatedResource } from '../located';
import type { LintFinding } from '../types';

/** Kind and namespace compared as strings (a schema-invalid number compares as its text). */
const asKey = (x: unknown): string => (typeof x === 'string' ? x : `${x as string}`);

export const duplicateResource = defineRule({
  code: 'RT2003',
  description:
    'Two documents with the same kind, namespace and name: applying the set keeps only the last one, so the first is silently lost.',
  reads: ['WorkloadIdentity', 'Service'],
  check(ctx) {
    const findings: LintFinding[] = [];
    // kind, then namespace, then name: nested Maps, no key string built per resource.
    const seen = new Map<string, Map<string, Map<string, LocatedResource>>>();
    for (let i1 = 0, list1 = ctx.resources; i1 < list1.length; i1++) {
      const r = list1[i1];
      const name = r.resource.metadata?.name;
      if (typeof name !== 'string') continue;
      const kind = asKey(r.resource.kind);
      let byNamespace = seen.get(kind);
      if (!byNamespace) seen.set(kind, (byNamespace = new Map()));
      const namespace = asKey(namespaceOf(r.resource));
      let byName = byNamespace.get(namespace);
      if (!byName) byNamespace.set(namespace, (byName = new Map()));
      const first = byName.get(name);
      if (!first) {
        byName.set(name, r);
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
