/** RT2014: a selector key the daemon does not know never matches: the entry (an AND) never matches either. */
import { joinPointer } from '../../manifest/document';
import { K8S_LABEL_SELECTOR_PREFIX, KNOWN_SELECTOR_KEYS } from '../../manifest/types';
import { closestMatch } from '../../text/suggest';
import { defineRule } from '../define';
import { isKnownSelectorKey } from '../selectors';
import type { LintFinding } from '../types';

function suggestKey(key: string): string | undefined {
  const candidates: string[] = [...KNOWN_SELECTOR_KEYS];
  const tail = key.slice(key.lastIndexOf(':') + 1);
  if (tail !== '' && key.lastIndexOf(':') > 0) candidates.push(K8S_LABEL_SELECTOR_PREFIX + tail);
  return closestMatch(key, candidates);
}

export const unknownSelectorType = defineRule({
  code: 'RT2014',
  description:
    'A selector key that is not a known selector type (process:*, k8s:label:<key>, k8s:pod:*, k8s:container:name, k8s:sa, linuxos:name) matches no process, so its whole entry never matches.',
  reads: ['WorkloadIdentity'],
  check(ctx) {
    const findings: LintFinding[] = [];
    // The context's selector entries: every object entry of every identity, in order, keys listed once.
    const entries = ctx.selectorEntries;
    for (let n = 0; n < entries.length; n++) {
      const { identity, index: i, keys } = entries[n];
      for (let k = 0; k < keys.length; k++) {
        const key = keys[k];
        if (isKnownSelectorKey(key)) continue;
        const near = key === K8S_LABEL_SELECTOR_PREFIX ? undefined : suggestKey(key);
        findings.push({
          subject: identity,
          pointer: joinPointer('spec', 'selectors', i, key),
          target: 'key',
          message:
            key === K8S_LABEL_SELECTOR_PREFIX
              ? 'selector "k8s:label:" names no label key'
              : `"${key}" is not a known selector type${near ? `; did you mean "${near}"?` : ''}`,
          fix: near
            ? `Rename the key to "${near}".`
            : `Use one of ${KNOWN_SELECTOR_KEYS.join(', ')} or k8s:label:<label key>.`,
        });
      }
    }
    return findings;
  },
});
