/** RT2013: an entry with process:name alone: any process of that name on any covered node gets the identity. */
import { joinPointer } from '../../manifest/document';
import { defineRule } from '../define';
import type { LintFinding } from '../types';

export const weakProcessNameSelector = defineRule({
  code: 'RT2013',
  description:
    'A selector entry that identifies a workload by process:name alone is weak attestation: any process that takes that name on a daemon in scope receives the identity.',
  reads: ['WorkloadIdentity'],
  check(ctx) {
    const findings: LintFinding[] = [];
    // The context's selector entries: every object entry of every identity, in order, keys listed once.
    const entries = ctx.selectorEntries;
    for (let n = 0; n < entries.length; n++) {
      const { identity, index: i, entry, keys } = entries[n];
      if (keys.length !== 1 || keys[0] !== 'process:name') continue;
      findings.push({
        subject: identity,
        pointer: joinPointer('spec', 'selectors', i, 'process:name'),
        target: 'key',
        message: `selectors[${i}] identifies the workload by process:name alone ("${entry['process:name']}")`,
        fix: 'Bind the entry to where the process runs too: add k8s:label:<key>, k8s:pod:namespace, k8s:sa or k8s:container:name (or process:uid / process:path outside Kubernetes).',
      });
    }
    return findings;
  },
});
