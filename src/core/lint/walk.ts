/** Walks over the parts of WorkloadIdentities that several rules visit: SPIFFE ID lists, egress rules. */
import type { EgressRule } from '../manifest/types';
import type { LocatedIdentity, LocatedService } from './located';

// Pointers built by concatenation: these tokens never need RFC 6901 escaping (hot path).
const INBOUND = '/spec/allowedSPIFFEIDs/inbound';
const OUTBOUND = '/spec/allowedSPIFFEIDs/outbound';

const EGRESS_POINTERS: string[] = [];
const INGRESS_POINTERS: string[] = [];

/** `/spec/<egress|ingress>/<i>/allowedSPIFFEIDs`, one string per index shared by every identity. */
function listPointer(cache: string[], field: 'egress' | 'ingress', i: number): string {
  if (i >= 64) return `/spec/${field}/${i}/allowedSPIFFEIDs`;
  return (cache[i] ??= `/spec/${field}/${i}/allowedSPIFFEIDs`);
}

export type SpiffeListKind = 'inbound' | 'outbound' | 'egress' | 'ingress';

export interface SpiffeIdList {
  kind: SpiffeListKind;
  /** Pointer of the list itself. */
  pointer: string;
  list: readonly string[];
  /** egress/ingress rule index. */
  ruleIndex?: number;
}

/** Every `allowedSPIFFEIDs` list of an identity that is an array (the schema reports other shapes). */
export function spiffeIdListsOf(identity: LocatedIdentity): SpiffeIdList[] {
  const spec = identity.resource.spec ?? ({} as LocatedIdentity['resource']['spec']);
  const out: SpiffeIdList[] = [];
  const top = spec.allowedSPIFFEIDs;
  if (top && Array.isArray(top.inbound))
    out.push({
      kind: 'inbound',
      pointer: INBOUND,
      list: top.inbound,
    });
  if (top && Array.isArray(top.outbound))
    out.push({
      kind: 'outbound',
      pointer: OUTBOUND,
      list: top.outbound,
    });
  // Plain loops and shared pointer strings: this runs for every identity of the set.
  const egress = spec.egress;
  if (Array.isArray(egress)) {
    for (let i = 0; i < egress.length; i++) {
      const rule = egress[i];
      if (rule && typeof rule === 'object' && Array.isArray(rule.allowedSPIFFEIDs))
        out.push({
          kind: 'egress',
          ruleIndex: i,
          pointer: listPointer(EGRESS_POINTERS, 'egress', i),
          list: rule.allowedSPIFFEIDs,
        });
    }
  }
  const ingress = spec.ingress;
  if (Array.isArray(ingress)) {
    for (let i = 0; i < ingress.length; i++) {
      const rule = ingress[i];
      if (rule && Array.isArray(rule.allowedSPIFFEIDs))
        out.push({
          kind: 'ingress',
          ruleIndex: i,
          pointer: listPointer(INGRESS_POINTERS, 'ingress', i),
          list: rule.allowedSPIFFEIDs,
        });
    }
  }
  return out;
}

/** An egress rule that is an object, with its index in `spec.egress`. */
export interface EgressRuleRef {
  rule: EgressRule;
  index: number;
  /** The Services the rule selects, filled by LintContext.servicesSelectedByRule once per run. */
  selected: LocatedService[] | undefined;
}

/** The identity's egress rules that are objects, with their index in `spec.egress`. */
export function egressRulesOf(identity: LocatedIdentity): EgressRuleRef[] {
  const egress = identity.resource.spec?.egress;
  if (!Array.isArray(egress)) return [];
  const out: EgressRuleRef[] = [];
  for (let index = 0; index < egress.length; index++) {
    const rule = egress[index];
    if (rule && typeof rule === 'object') out.push({ rule, index, selected: undefined });
  }
  return out;
}

/** The TLS mode of an egress rule (default MUTUAL). */
export function egressMode(rule: EgressRule): string {
  return rule.connection?.tls?.mode ?? 'MUTUAL';
}

/** Human name of a list, as written in YAML. */
export function listLabel(l: SpiffeIdList): string {
  switch (l.kind) {
    case 'inbound':
      return 'allowedSPIFFEIDs.inbound';
    case 'outbound':
      return 'allowedSPIFFEIDs.outbound';
    case 'egress':
      return `egress[${l.ruleIndex}].allowedSPIFFEIDs`;
    case 'ingress':
      return `ingress[${l.ruleIndex}].allowedSPIFFEIDs`;
  }
}
