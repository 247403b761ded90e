/**
 * The indexed view of a set of manifests plus a scenario, built once so that evaluating one
 * connection costs a few map lookups: identities indexed by selector key=value, Services by
 * address:port, listeners and external endpoints by address:port, and per-workload identity
 * resolution computed once.
 */
import type { DocumentOrigin } from '../manifest/document';
import {
  resourceKey,
  type SelectorEntry,
  type Service,
  type TlsMode,
  type WorkloadIdentity,
} from '../manifest/types';
import { canonicalHost, endpointKey } from './endpoint';
import type { Endpoint, LazyRef, LocatedResource, Peer, ScenarioInput } from './types';

/** Endpoints compare by their canonical host:port (endpoint.ts): case, trailing dot, IPv6 spelling. */
export { endpointKey };

export interface EgressEntry {
  index: number;
  selectors: SelectorEntry[];
  /** `selectors` as [key, value] pairs per entry, for fast matching. */
  compiled: [string, string][][];
  /** Defaults to MUTUAL. */
  mode: TlsMode;
  modeSet: boolean;
  allowed: Set<string> | null;
}

export interface IdentityEntry {
  /** Position among the WorkloadIdentities in input order. */
  order: number;
  key: string;
  resource: WorkloadIdentity;
  origin: DocumentOrigin;
  workloadID: string;
  selectors: SelectorEntry[];
  /** The keys of each selector entry (the nearest-miss search reads them for every identity). */
  selectorKeys: string[][];
  scope: { kind: 'daemonGroup' | 'daemon'; id: string } | null;
  mode: TlsMode | null;
  inbound: Set<string> | null;
  outbound: Set<string> | null;
  egress: EgressEntry[];
  /** First ingress rule per port. */
  ingressByPort: Map<number, { index: number; allowed: Set<string> | null }>;
}

export interface ServiceEntry {
  order: number;
  key: string;
  resource: Service;
  origin: DocumentOrigin;
  labels: Record<string, string>;
}

/** How a peer resolved to an identity. */
export interface Resolution {
  identity: IdentityEntry | null;
  /** Selector entry of `identity` that matched. */
  entry: number;
  /** Number of keys of that entry (the score). */
  score: number;
  /** Other identities with the same score (ambiguous), sorted by namespace/name. */
  tied: IdentityEntry[];
}

export interface WorkloadEntry {
  peer: Peer;
  resolution: Resolution;
  trustDomain: string;
  spiffeID: string | null;
}

export interface ExternalEntry extends Endpoint {
  ref?: LazyRef;
}

export interface Snapshot {
  trustDomain: string;
  identities: IdentityEntry[];
  services: ServiceEntry[];
  /** `k=v` (NUL-separated) of one key per selector entry → candidate (identity, entry). */
  selectorIndex: Map<string, { identity: IdentityEntry; entry: number }[]>;
  /** Selector entries with no keys: they match every peer in scope. */
  emptyEntries: { identity: IdentityEntry; entry: number }[];
  servicesByEndpoint: Map<string, { service: ServiceEntry; address: number }[]>;
  workloads: WorkloadEntry[];
  workloadsByName: Map<string, WorkloadEntry>;
  /** First workload listening on each endpoint. */
  listeners: Map<string, { workload: WorkloadEntry; listen: number }>;
  externals: Map<string, ExternalEntry>;
  identitiesByWorkloadID: Map<string, IdentityEntry[]>;
}

const toSet = (list: readonly string[] | undefined): Set<string> | null =>
  list === undefined ? null : new Set(list);

function indexIdentity(order: number, r: LocatedResource<WorkloadIdentity>): IdentityEntry {
  const spec = r.resource.spec;
  const scope = spec.scope;
  let s: IdentityEntry['scope'] = null;
  if (scope && 'daemonGroup' in scope && scope.daemonGroup)
    s = { kind: 'daemonGroup', id: scope.daemonGroup.id };
  else if (scope && 'daemon' in scope && scope.daemon) s = { kind: 'daemon', id: scope.daemon.id };
  const ingressByPort = new Map<number, { index: number; allowed: Set<string> | null }>();
  (spec.ingress ?? []).forEach((rule, index) => {
    if (!ingressByPort.has(rule.port))
      ingressByPort.set(rule.port, { index, allowed: toSet(rule.allowedSPIFFEIDs) });
  });
  return {
    order,
    key: resourceKey(r.resource),
    resource: r.resource,
    origin: r.origin,
    workloadID: spec.workloadID,
    selectors: spec.selectors ?? [],
    selectorKeys: (spec.selectors ?? []).map((sel) => Object.keys(sel)),
    scope: s,
    mode: spec.connection?.tls?.mode ?? null,
    inbound: toSet(spec.allowedSPIFFEIDs?.inbound),
    outbound: toSet(spec.allowedSPIFFEIDs?.outbound),
    egress: (spec.egress ?? []).map((e, index) => ({
      index,
      selectors: e.selectors ?? [],
      compiled: (e.selectors ?? []).map((sel) => Object.entries(sel)),
      mode: e.connection?.tls?.mode ?? 'MUTUAL',
      modeSet: e.connection?.tls?.mode !== undefined,
      allowed: toSet(e.allowedSPIFFEIDs),
    })),
    ingressByPort,
  };
}

/** Whether an identity's scope covers the peer's daemon / daemon group (no scope: every daemon). */
export function scopeCovers(identity: IdentityEntry, peer: Peer): boolean {
  const s = identity.scope;
  if (s === null || peer.scopeUnknown === true) return true;
  return s.kind === 'daemonGroup' ? peer.daemonGroup === s.id : peer.daemon === s.id;
}

/** All keys of one selector entry equal the attributes (AND). */
export function entryMatches(entry: SelectorEntry, attributes: Record<string, string>): boolean {
  for (const key in entry) {
    if (!Object.prototype.hasOwnProperty.call(attributes, key) || attributes[key] !== entry[key])
      return false;
  }
  return true;
}

/** Index of the first compiled entry whose pairs all equal the labels, or -1. */
export function firstMatchingCompiled(
  compiled: readonly [string, string][][],
  labels: Record<string, string>,
): number {
  outer: for (let i = 0; i < compiled.length; i++) {
    const pairs = compiled[i];
    for (let k = 0; k < pairs.length; k++) if (labels[pairs[k][0]] !== pairs[k][1]) continue outer;
    return i;
  }
  return -1;
}

/** Index of the first selector entry that matches (OR of entries), or -1. */
export function firstMatchingEntry(
  selectors: readonly SelectorEntry[],
  labels: Record<string, string>,
): number {
  for (let i = 0; i < selectors.length; i++) if (entryMatches(selectors[i], labels)) return i;
  return -1;
}

const compareServiceKeys = (a: ServiceEntry, b: ServiceEntry) =>
  a.key < b.key ? -1 : a.key > b.key ? 1 : a.order - b.order;

const compareKeys = (a: IdentityEntry, b: IdentityEntry) =>
  a.key < b.key ? -1 : a.key > b.key ? 1 : a.order - b.order;

/**
 * SPEC §3 stage 1: identities whose scope covers the peer and one of whose selector entries matches
 * its attributes. More matching keys wins; a tie is ambiguous and the first by namespace/name is used.
 */
export function resolvePeer(snapshot: Snapshot, peer: Peer): Resolution {
  const best = new Map<IdentityEntry, { entry: number; score: number }>();
  const consider = (identity: IdentityEntry, entry: number) => {
    const sel = identity.selectors[entry];
    if (!scopeCovers(identity, peer) || !entryMatches(sel, peer.attributes)) return;
    const score = Object.keys(sel).length;
    const prev = best.get(identity);
    if (!prev || score > prev.score || (score === prev.score && entry < prev.entry))
      best.set(identity, { entry, score });
  };
  for (const key in peer.attributes) {
    const candidates = snapshot.selectorIndex.get(key + '\0' + peer.attributes[key]);
    if (candidates) for (const c of candidates) consider(c.identity, c.entry);
  }
  for (const c of snapshot.emptyEntries) consider(c.identity, c.entry);
  if (best.size === 0) return { identity: null, entry: -1, score: 0, tied: [] };
  let top = -1;
  for (const v of best.values()) if (v.score > top) top = v.score;
  const winners = [...best.entries()].filter(([, v]) => v.score === top).map(([k]) => k);
  winners.sort(compareKeys);
  const chosen = winners[0];
  return { identity: chosen, entry: best.get(chosen)!.entry, score: top, tied: winners.slice(1) };
}

export function spiffeIdOf(trustDomain: string, identity: IdentityEntry): string {
  return `spiffe://${trustDomain}/${identity.workloadID}`;
}

/** Build the indexed snapshot. Resources of other kinds are ignored. */
export function buildSnapshot(resources: readonly LocatedResource[], scenario: ScenarioInput): Snapshot {
  const identities: IdentityEntry[] = [];
  const services: ServiceEntry[] = [];
  for (const r of resources) {
    if (r.resource.kind === 'WorkloadIdentity') {
      identities.push(indexIdentity(identities.length, r as LocatedResource<WorkloadIdentity>));
    } else if (r.resource.kind === 'Service') {
      const svc = r.resource;
      services.push({
        order: services.length,
        key: resourceKey(svc),
        resource: svc,
        origin: r.origin,
        labels: svc.spec.labels ?? {},
      });
    }
  }
  const selectorIndex: Snapshot['selectorIndex'] = new Map();
  const emptyEntries: Snapshot['emptyEntries'] = [];
  const identitiesByWorkloadID = new Map<string, IdentityEntry[]>();
  for (const identity of identities) {
    identity.selectors.forEach((sel, entry) => {
      const keys = Object.keys(sel);
      if (keys.length === 0) {
        emptyEntries.push({ identity, entry });
        return;
      }
      const k = keys[0] + '\0' + sel[keys[0]];
      let list = selectorIndex.get(k);
      if (!list) selectorIndex.set(k, (list = []));
      list.push({ identity, entry });
    });
    const list = identitiesByWorkloadID.get(identity.workloadID);
    if (list) list.push(identity);
    else identitiesByWorkloadID.set(identity.workloadID, [identity]);
  }
  const servicesByEndpoint: Snapshot['servicesByEndpoint'] = new Map();
  for (const service of services) {
    (service.resource.spec.addresses ?? []).forEach((a, address) => {
      const k = endpointKey(a.address, a.port);
      let list = servicesByEndpoint.get(k);
      if (!list) servicesByEndpoint.set(k, (list = []));
      if (!list.some((x) => x.service === service)) list.push({ service, address });
    });
  }
  // Several Services on one address: consider them by namespace/name, so input order never matters.
  for (const list of servicesByEndpoint.values())
    if (list.length > 1) list.sort((a, b) => compareServiceKeys(a.service, b.service));
  const snapshot: Snapshot = {
    trustDomain: scenario.trustDomain,
    identities,
    services,
    selectorIndex,
    emptyEntries,
    servicesByEndpoint,
    workloads: [],
    workloadsByName: new Map(),
    listeners: new Map(),
    externals: new Map(),
    identitiesByWorkloadID,
  };
  for (const peer of scenario.workloads) {
    const w = describeWorkload(snapshot, peer);
    snapshot.workloads.push(w);
    if (peer.name !== undefined && !snapshot.workloadsByName.has(peer.name))
      snapshot.workloadsByName.set(peer.name, w);
    (peer.listen ?? []).forEach((l, listen) => {
      const k = endpointKey(l.address, l.port);
      if (!snapshot.listeners.has(k)) snapshot.listeners.set(k, { workload: w, listen });
    });
  }
  for (const e of scenario.external) {
    const k = endpointKey(e.address, e.port);
    if (!snapshot.externals.has(k)) snapshot.externals.set(k, e);
  }
  return snapshot;
}

/** An endpoint with its lookups done once (simulate evaluates each endpoint against every workload); `address` is canonical. */
export interface ResolvedEndpoint extends Endpoint {
  key: string;
  services: { service: ServiceEntry; address: number }[] | undefined;
  listener: { workload: WorkloadEntry; listen: number } | undefined;
}

export function resolveEndpoint(snapshot: Snapshot, e: Endpoint): ResolvedEndpoint {
  const key = endpointKey(e.address, e.port);
  return {
    address: canonicalHost(e.address),
    port: e.port,
    key,
    services: snapshot.servicesByEndpoint.get(key),
    listener: snapshot.listeners.get(key),
  };
}

/** A peer already resolved by `describeWorkload` (a query may carry either). */
export const isWorkloadEntry = (x: Peer | WorkloadEntry): x is WorkloadEntry =>
  (x as WorkloadEntry).resolution !== undefined;

/** Resolve a peer once: its identity, trust domain and SPIFFE ID. */
export function describeWorkload(snapshot: Snapshot, peer: Peer): WorkloadEntry {
  const resolution = resolvePeer(snapshot, peer);
  const trustDomain = peer.trustDomain ?? snapshot.trustDomain;
  return {
    peer,
    resolution,
    trustDomain,
    spiffeID: resolution.identity ? spiffeIdOf(trustDomain, resolution.identity) : null,
  };
}
