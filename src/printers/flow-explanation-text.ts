/**
 * The sentence of each flow explanation (src/core/flows/compare.ts): the comparison returns a code
 * with its parameters, and `explain connection --flow` prints this sentence in text and in the
 * `message` of each explanation in JSON. (`simulate --flows` keeps codes only, per pair of many flows,
 * and prints each code's catalog title, FLOW_EXPLANATIONS.)
 */
import type { FlowExplanation } from '../core/flows';
import { joinHostPort } from '../core/policy/endpoint';
import type { Endpoint } from '../core/policy/types';

/** `host:port` as the flow record has them (an IPv6 address in brackets). */
const at = (e: Endpoint) => joinHostPort(e.address, e.port);

/** The sentence for one explanation. */
export function describeFlowExplanation(e: FlowExplanation): string {
  switch (e.code) {
    case 'silent-downgrade':
      return `the manifests predict ${e.params.predicted}, but the connection ran as plain TCP: traffic the policy protects went unencrypted`;
    case 'daemon-reason':
      return `the daemon reported: ${e.params.reason}`;
    case 'source-not-enrolled':
      return `the manifests give the source ${e.params.expected}, but it presented no SPIFFE ID: its identity was not issued (or not yet enrolled) when the flow happened`;
    case 'source-identity-differs':
      return `the source presented ${e.params.presented}, the manifests give it ${e.params.expected}: the deployed identities differ from these manifests`;
    case 'peer-not-enrolled':
      return e.params.managedNode
        ? `the manifests give the destination ${e.params.expected}, but it presented no SPIFFE ID: it was not enrolled when the flow happened`
        : `the manifests expect ${e.params.expected} at ${at(e.params.destination)}, but the flow says the destination was not on a managed node (destination.attributes is null): it was not enrolled when the flow happened`;
    case 'peer-identity-differs':
      return `the destination presented ${e.params.presented}, the manifests give it ${e.params.expected}`;
    case 'peer-unknown-to-manifests':
      return `the destination presented ${e.params.presented}, but no WorkloadIdentity in these manifests selects it: the manifests are behind what is deployed`;
    case 'missing-service':
      return `no Service has the address ${at(e.params.destination)}, so no egress rule applies; the observed ${e.params.observed} suggests a Service (or an address of one) that these manifests lack`;
    case 'staged-change':
      return `the current manifests predict ${e.params.predicted} as observed; the staged manifests predict ${e.params.staged}`;
  }
}

/** The JSON form of the explanations (docs/flows.md): `{code, message}` each. */
export function flowExplanationsJson(list: readonly FlowExplanation[]): { code: string; message: string }[] {
  return list.map((e) => ({ code: e.code, message: describeFlowExplanation(e) }));
}
