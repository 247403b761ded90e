/** RT2004: one workloadID (so one SPIFFE ID) claimed by two identities whose scopes share a daemon. */
import { joinPointer } from '../../manifest/document';
import { describeResource } from '../../manifest/types';
import { keyOf } from '../context';
import { defineRule } from '../define';
import type { LocatedIdentity } from '../located';
import { scopeKey } from '../selectors';
import type { LintFinding } from '../types';

export const duplicateWorkloadId = defineRule({
  code: 'RT2004',
  description:
    'Two WorkloadIdentities with the same workloadID in overlapping scopes hand the same SPIFFE ID to processes chosen by different selectors: every allowedSPIFFEIDs list naming it admits both.',
  reads: ['WorkloadIdentity'],
  check(ctx) {
    const findings: LintFinding[] = [];
    // forEach: no [key, value] pair per workloadID.
    ctx.identitiesByWorkloadId.forEach((group, workloadID) => {
      if (group.length < 2) return;
      // Earlier identities by scope: an unscoped one overlaps everything; scoped ones overlap their own key.
      let firstAny: LocatedIdentity | undefined;
      let firstUnscoped: LocatedIdentity | undefined;
      const firstByScope = new Map<string, LocatedIdentity>();
      for (let i1 = 0, list1 = group; i1 < list1.length; i1++) {
        const identity = list1[i1];
        const key = scopeKey(identity.resource.spec.scope);
        const other = key === undefined ? firstAny : (firstUnscoped ?? firstByScope.get(key));
        if (other && keyOf(other) !== keyOf(identity)) {
          findings.push({
            subject: identity,
            pointer: joinPointer('spec', 'workloadID'),
            message: `workloadID "${workloadID}" is also used by ${describeResource(other.resource)} in an overlapping scope`,
            fix: 'Give each WorkloadIdentity its own workloadID, or scope them to different daemon groups.',
            related: [
              { subject: other, pointer: joinPointer('spec', 'workloadID'), message: 'same workloadID' },
            ],
          });
        }
        firstAny ??= identity;
        if (key === undefined) firstUnscoped ??= identity;
        else if (!firstByScope.has(key)) firstByScope.set(key, identity);
      }
    });
    return findings;
  },
});
