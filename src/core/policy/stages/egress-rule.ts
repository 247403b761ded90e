/**
 * Stage 3 (SPEC §3): the first egress rule (document order) of the source's identity whose selectors
 * match the destination Service's labels. A matching rule makes the path explicit.
 */
import { firstMatchingCompiled, type EgressEntry } from '../snapshot';
import type { Step } from '../trace';
import { none, record, ref, type Evaluation } from './evaluation';

/** Find the rule (and the Service it selects among those at the address); called by stage 2. */
export function selectEgressRule(ev: Evaluation): void {
  const id = ev.sourceIdentity;
  const svcs = ev.resolved.services;
  if (!id || !svcs) return;
  for (const rule of id.egress) {
    for (const sv of svcs) {
      // Labels come from a Service: own properties only (Object.prototype keys never match a string).
      const i = firstMatchingCompiled(rule.compiled, sv.service.labels);
      if (i !== -1) {
        ev.egress = rule;
        ev.egressEntry = i;
        ev.service = sv.service;
        ev.serviceAddress = sv.address;
        return;
      }
    }
  }
}

/**
 * Outcome: the rule, or null. A missing rule is recorded with `no-egress-rule`; the path stage
 * decides whether that matters (it does only when nothing else secures the connection).
 */
export function egressRuleStage(ev: Evaluation): EgressEntry | null {
  if (ev.trace) recordEgressRule(ev, ev.trace);
  return ev.egress;
}

function recordEgressRule(ev: Evaluation, t: Step[]): void {
  const id = ev.sourceIdentity;
  const service = ev.service;
  const egress = ev.egress;
  if (!id) record(t, 'egress-rule', 'skip', 'egress-no-identity', none(), []);
  else if (!ev.resolved.services)
    record(
      t,
      'egress-rule',
      'skip',
      'egress-no-service',
      none(),
      id.egress.length ? [ref(id.origin, 'spec', 'egress')] : [],
    );
  else if (egress)
    record(
      t,
      'egress-rule',
      'pass',
      'egress-selected',
      { identity: id.key, index: egress.index, entry: ev.egressEntry, service: service!.key },
      [
        ref(id.origin, 'spec', 'egress', egress.index, 'selectors', ev.egressEntry),
        ref(service!.origin, 'spec', 'labels'),
      ],
    );
  else if (id.egress.length === 0)
    record(t, 'egress-rule', 'info', 'egress-none', { identity: id.key }, [ref(id.origin, 'spec')], {
      reason: 'no-egress-rule',
    });
  else
    record(
      t,
      'egress-rule',
      'info',
      'egress-unmatched',
      { identity: id.key, rules: id.egress.length, labels: service!.labels },
      [ref(id.origin, 'spec', 'egress'), ref(service!.origin, 'spec', 'labels')],
      { reason: 'no-egress-rule' },
    );
}
