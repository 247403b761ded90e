/**
 * Stage 2 (SPEC §3): the Service at the destination — one with an address equal to its host and
 * port. When several claim the address, the one the source's egress rules select (stage 3) is it,
 * else the first.
 */
import type { ServiceEntry } from '../snapshot';
import type { Step } from '../trace';
import { selectEgressRule } from './egress-rule';
import { record, ref, type Evaluation } from './evaluation';

/** Outcome: the destination's Service, or null when no Service has the address. */
export function destinationServiceStage(ev: Evaluation): ServiceEntry | null {
  const svcs = ev.resolved.services;
  if (svcs) {
    selectEgressRule(ev);
    if (!ev.service) {
      ev.service = svcs[0].service;
      ev.serviceAddress = svcs[0].address;
    }
  }
  if (ev.trace) recordDestinationService(ev, ev.trace);
  return ev.service;
}

function recordDestinationService(ev: Evaluation, t: Step[]): void {
  const svcs = ev.resolved.services;
  const endpoint = ev.query.to;
  if (!svcs) {
    record(t, 'destination-service', 'info', 'service-none', { endpoint }, []);
    return;
  }
  const service = ev.service!;
  record(
    t,
    'destination-service',
    'pass',
    'service-found',
    {
      endpoint,
      service: service.key,
      others: svcs.length > 1 ? svcs.filter((s) => s.service !== service).map((s) => s.service.key) : null,
      labels: service.labels,
    },
    [ref(service.origin, 'spec', 'addresses', ev.serviceAddress)],
  );
}
