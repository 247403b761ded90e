/**
 * LintContext: everything the rules share, built once per run. Indexes (Services by address:port and
 * by label, identities by SPIFFE ID path / workloadID / namespace+name, selector entries by key=value,
 * scenario listeners by address:port) are built lazily on first use, so no rule needs a pairwise
 * scan and a disabled rule costs nothing.
 */
import type { EgressRule, ScenarioWorkload, Scope, SelectorEntry, WorkloadIdentity } from '../manifest/types';
import { namespaceOf } from '../manifest/types';
import { buildSnapshot, resolvePeer, type Snapshot } from '../policy/snapshot';
import type { SpiffeId } from '../spiffe/id';
import { parseSpiffeId } from '../spiffe/id';
import type { LocatedIdentity, LocatedResource, LocatedScenario, LocatedService } from './located';
import { isLocatedIdentity, isLocatedService } from './located';
import { canonicalHost } from '../policy/endpoint';
import { entryMatches } from './selectors';
import { egressRulesOf, spiffeIdListsOf } from './walk';
import type { EgressRuleRef } from './walk';
import type { SpiffeIdList } from './walk';

/** One AND-entry of an identity's `spec.selectors`. */
export interface IndexedEntry {
  identity: LocatedIdentity;
  /** Index in `spec.selectors`. */
  index: number;
  entry: SelectorEntry;
  size: number;
  /** The entry's keys (computed once, reused by every lookup). */
  keys: string[];
}

export interface ServiceAddressRef {
  service: LocatedService;
  /** Index in `spec.addresses`. */
  index: number;
}

export interface ScenarioListener {
  scenario: LocatedScenario;
  /** Index in `spec.workloads`. */
  workloadIndex: number;
  /** Index in the workload's `listen`. */
  listenIndex: number;
  workload: ScenarioWorkload;
}

/** A caller's egress rule reaching one address of a Service it selects, and who serves it. */
export interface ExplicitPath {
  caller: LocatedIdentity;
  ruleIndex: number;
  rule: EgressRule;
  service: LocatedService;
  addressIndex: number;
  address: { address: string; port: number };
  serving: ServingIdentity[];
}

/** How an identity was found to serve a Service's address. */
export interface ServingIdentity {
  identity: LocatedIdentity;
  /** `scenario`: a scenario workload listening there resolves to it; `egress-allowed`: the caller's rule names it. */
  via: 'scenario' | 'egress-allowed';
  listener?: ScenarioListener;
}

/** A SPIFFE ID string, parsed (null: not a SPIFFE ID) and resolved to the identities it names. */
export interface ResolvedId {
  parsed: SpiffeId | null;
  /** Same path and, when a trust domain is configured, that trust domain. */
  named: LocatedIdentity[];
  /** `named` as identities serving an address because an egress rule's one-entry list names them. */
  servingViaEgress?: ServingIdentity[];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * A key=value index as nested Maps (key, then value): no `key=value` string is built per entry or
 * per lookup. A value that is not a string (schema-invalid input) is keyed by its string form, as
 * the flat `key=value` index did; callers check matches with entryMatches (===).
 */
type PairIndex<V> = Map<string, KeyPostings<V>>;

interface KeyPostings<V> {
  /** How many items have the key (any value). */
  count: number;
  byValue: Map<string, V[]>;
}

const valueKey = (value: unknown): string => (typeof value === 'string' ? value : `${value as string}`);

function pushPair<V>(index: PairIndex<V>, key: string, value: unknown, item: V): void {
  let postings = index.get(key);
  if (!postings) index.set(key, (postings = { count: 0, byValue: new Map() }));
  postings.count++;
  const v = valueKey(value);
  const list = postings.byValue.get(v);
  if (list) list.push(item);
  else postings.byValue.set(v, [item]);
}

const EMPTY: never[] = [];

/** `a-z 0-9 . _ -` (a trust domain character); with `upper`, `A-Z` too (a path character). */
function idChar(c: number, upper: boolean): boolean {
  return (
    (c >= 97 && c <= 122) || // a-z
    (c >= 48 && c <= 57) || // 0-9
    c === 46 || // .
    c === 95 || // _
    c === 45 || // -
    (upper && c >= 65 && c <= 90) // A-Z
  );
}

/**
 * The canonical form of a SPIFFE ID, checked by one scan (what nearly every entry is; anything else
 * goes to the full parser): `spiffe://` + a trust domain of `[a-z0-9._-]`, at most 255 characters, +
 * one or more `/segment` of `[A-Za-z0-9._-]`, none of them `.` or `..`, 2,048 characters at most.
 * Returns the index of the path's first `/`, or -1 when the ID is not in that form.
 */
export function canonicalIdPathStart(id: string): number {
  const n = id.length;
  if (n > 2048 || !id.startsWith('spiffe://')) return -1;
  let i = 9;
  while (i < n && id.charCodeAt(i) !== 47 /* / */) {
    if (!idChar(id.charCodeAt(i), false)) return -1;
    i++;
  }
  if (i === 9 || i - 9 > 255 || i === n) return -1;
  const slash = i;
  let start = i + 1;
  for (let j = start; j <= n; j++) {
    const c = j < n ? id.charCodeAt(j) : 47;
    if (c !== 47) {
      if (!idChar(c, true)) return -1;
      continue;
    }
    const len = j - start;
    if (len === 0) return -1;
    if (id.charCodeAt(start) === 46 && (len === 1 || (len === 2 && id.charCodeAt(start + 1) === 46)))
      return -1;
    start = j + 1;
  }
  return slash;
}

interface IdentityFacts {
  position: number;
  lists: SpiffeIdList[] | undefined;
  /** `lists`, each resolved (resolveList), in the same order. */
  resolved: (ResolvedId | undefined)[][] | undefined;
  egressRules: EgressRuleRef[] | undefined;
}

interface Engine {
  snapshot: Snapshot;
  located: Map<WorkloadIdentity, LocatedIdentity>;
}

/**
 * The claims on one host: those on its first port inline (most hosts have one port: no Map per
 * host, 15,000 of which were an eighth of what a 10,000-resource pass allocated), other ports in `more`.
 */
interface HostClaims {
  port: number;
  claims: ServiceAddressRef[];
  more?: Map<number, ServiceAddressRef[]>;
}

interface Indexes {
  identitiesByWorkloadId: Map<string, LocatedIdentity[]>;
  entries: IndexedEntry[];
  entriesByPair: PairIndex<IndexedEntry>;
  /** Services by canonical host, then port (the engine's endpointKey, without building the key). */
  servicesByAddress: Map<string, HostClaims>;
  /** The lists of servicesByAddress in the order they were created (the order of the first claims). */
  addressClaims: ServiceAddressRef[][];
  servicesByLabel: PairIndex<LocatedService>;
}

export class LintContext {
  readonly identities: LocatedIdentity[] = [];
  readonly services: LocatedService[] = [];

  private _indexes?: Indexes;
  private _entriesLacking = new Map<string, IndexedEntry[]>();
  private _engine?: Engine;
  /** The workloads `_engine` was built for (undefined: it indexes every identity). */
  private _engineWorkloads?: Set<ScenarioWorkload>;
  private _fullEngine?: Engine;
  /** Canonical host, then port (no `host:port` string per lookup). */
  private _listeners?: Map<string, Map<number, ScenarioListener[]>>;
  private _servingViaScenario = new Map<object, ServingIdentity[]>();
  private _workloadIdentity = new Map<ScenarioWorkload, LocatedIdentity[]>();
  private _ids = new Map<string, ResolvedId>();
  private _explicitPaths?: ExplicitPath[];
  /** Per identity, one Map entry: its position and what is computed about it once per run. */
  private readonly _facts = new Map<LocatedIdentity, IdentityFacts>();
  private _selected = new Map<readonly SelectorEntry[], LocatedService[]>();
  private _admitted = new Map<readonly string[], Set<LocatedIdentity>>();

  constructor(
    readonly resources: readonly LocatedResource[],
    readonly scenarios: readonly LocatedScenario[] = [],
    /** The configured trust domain; undefined when neither flag, config nor scenario gave one. */
    readonly trustDomain?: string,
  ) {
    for (let i1 = 0, list1 = resources; i1 < list1.length; i1++) {
      const r = list1[i1];
      if (isLocatedIdentity(r)) {
        this._facts.set(r, {
          position: this.identities.length,
          lists: undefined,
          resolved: undefined,
          egressRules: undefined,
        });
        this.identities.push(r);
      } else if (isLocatedService(r)) this.services.push(r);
    }
  }

  /**
   * The indexes the rules share, built in one pass on first use: touching each resource once is
   * cheaper than once per index, and a run of only the rules that need none (ctl's duplicate check
   * before the live pass) builds none.
   */
  private get indexes(): Indexes {
    if (this._indexes) return this._indexes;
    const ix: Indexes = (this._indexes = {
      identitiesByWorkloadId: new Map(),
      entries: [],
      entriesByPair: new Map(),
      servicesByAddress: new Map(),
      addressClaims: [],
      servicesByLabel: new Map(),
    });
    const byWorkloadId = ix.identitiesByWorkloadId;
    const entries = ix.entries;
    const byPair = ix.entriesByPair;
    const byAddress = ix.servicesByAddress;
    const byLabel = ix.servicesByLabel;
    for (let i2 = 0, list2 = this.identities; i2 < list2.length; i2++) {
      const r = list2[i2];
      const spec = r.resource.spec;
      if (!spec) continue;
      if (typeof spec.workloadID === 'string') {
        push(byWorkloadId, spec.workloadID, r);
      }
      const selectors = spec.selectors;
      if (!Array.isArray(selectors)) continue;
      for (let index = 0; index < selectors.length; index++) {
        const entry = selectors[index];
        if (!entry || typeof entry !== 'object') continue;
        const keys = Object.keys(entry);
        const e: IndexedEntry = { identity: r, index, entry, size: keys.length, keys };
        entries.push(e);
        for (let i = 0; i < keys.length; i++) {
          const k = keys[i];
          pushPair(byPair, k, entry[k], e);
        }
      }
    }
    for (let i3 = 0, list3 = this.services; i3 < list3.length; i3++) {
      const r = list3[i3];
      const spec = r.resource.spec;
      if (!spec) continue;
      const addresses = spec.addresses ?? [];
      for (let index = 0; index < addresses.length; index++) {
        const a = addresses[index];
        if (a && typeof a.address === 'string' && typeof a.port === 'number') {
          const host = canonicalHost(a.address);
          const onHost = byAddress.get(host);
          const claims =
            onHost === undefined
              ? undefined
              : onHost.port === a.port
                ? onHost.claims
                : onHost.more?.get(a.port);
          if (claims) claims.push({ service: r, index });
          else {
            const first = [{ service: r, index }];
            if (onHost === undefined) byAddress.set(host, { port: a.port, claims: first });
            else (onHost.more ??= new Map()).set(a.port, first);
            ix.addressClaims.push(first);
          }
        }
      }
      const labels = spec.labels;
      if (labels) for (const k in labels) pushPair(byLabel, k, labels[k], r);
    }
    return ix;
  }

  private _ordinal?: Map<LocatedResource, number>;

  /** Position of a resource in the input (a stable identity for pair keys). */
  ordinal(r: LocatedResource): number {
    if (!this._ordinal) {
      this._ordinal = new Map();
      this.resources.forEach((x, i) => this._ordinal!.set(x, i));
    }
    return this._ordinal.get(r) ?? -1;
  }

  // ---- SPIFFE IDs -------------------------------------------------------------------------------

  /**
   * A SPIFFE ID string parsed and resolved to the identities it names, memoised per string: one
   * lookup serves parseId and identitiesNamed.
   */
  resolveId(id: string): ResolvedId {
    let resolved = this._ids.get(id);
    if (resolved === undefined) {
      let parsed: SpiffeId | null;
      // Fast path for the canonical form (what nearly every entry is); anything else gets the full parser.
      const slash = canonicalIdPathStart(id);
      if (slash > 0) {
        parsed = { trustDomain: id.slice(9, slash), path: id.slice(slash), id };
      } else {
        const r = parseSpiffeId(id);
        parsed = r.ok ? r.value : null;
      }
      const named =
        !parsed || (this.trustDomain !== undefined && parsed.trustDomain !== this.trustDomain)
          ? EMPTY
          : this.identitiesAtPath(parsed.path);
      resolved = { parsed, named };
      this._ids.set(id, resolved);
    }
    return resolved;
  }

  /** An allowedSPIFFEIDs entry resolved (resolveId), or undefined when it is not a string. */
  resolveEntry(id: unknown): ResolvedId | undefined {
    return typeof id === 'string' ? this.resolveId(id) : undefined;
  }

  /**
   * Every entry of an allowedSPIFFEIDs list resolved (undefined for an entry that is not a string).
   * Not memoised per list: each string is resolved once per run (resolveId), and the rules walking the
   * lists call resolveEntry per entry, which allocates nothing.
   */
  resolveList(list: readonly unknown[]): (ResolvedId | undefined)[] {
    const resolved = new Array<ResolvedId | undefined>(list.length);
    for (let i = 0; i < list.length; i++) resolved[i] = this.resolveEntry(list[i]);
    return resolved;
  }

  /** Parsed SPIFFE ID, or null when the string is not one (the schema reports that). Memoised. */
  parseId(id: string): SpiffeId | null {
    return this.resolveId(id).parsed;
  }

  /** The identity's egress rules that are objects, with their index (egressRulesOf), computed once per run. */
  egressRules(identity: LocatedIdentity): EgressRuleRef[] {
    const facts = this._facts.get(identity);
    if (!facts) return egressRulesOf(identity);
    return (facts.egressRules ??= egressRulesOf(identity));
  }

  /** The identity's allowedSPIFFEIDs lists, computed once per run. */
  spiffeIdLists(identity: LocatedIdentity): SpiffeIdList[] {
    const facts = this._facts.get(identity);
    if (!facts) return spiffeIdListsOf(identity);
    return (facts.lists ??= spiffeIdListsOf(identity));
  }

  /**
   * The identity's allowedSPIFFEIDs lists resolved entry by entry, in the order of spiffeIdLists, once
   * per run: the rules walking the lists read each entry's resolution without looking the string up
   * again (a Map lookup of a string that is not the key's own object compares its characters).
   */
  resolvedLists(identity: LocatedIdentity): (ResolvedId | undefined)[][] {
    const facts = this._facts.get(identity);
    if (!facts) return this.spiffeIdLists(identity).map((l) => this.resolveList(l.list));
    if (!facts.resolved) {
      const lists = this.spiffeIdLists(identity);
      const resolved = new Array<(ResolvedId | undefined)[]>(lists.length);
      for (let i = 0; i < lists.length; i++) resolved[i] = this.resolveList(lists[i].list);
      facts.resolved = resolved;
    }
    return facts.resolved;
  }

  /**
   * Every entry of every identity's allowedSPIFFEIDs lists, in order, with what it resolved to
   * (resolvedLists): `fn(identity, list, index in list.list, resolution)`.
   */
  forEachSpiffeIdEntry(
    fn: (
      identity: LocatedIdentity,
      list: SpiffeIdList,
      index: number,
      resolved: ResolvedId | undefined,
    ) => void,
  ): void {
    for (let i1 = 0, identities = this.identities; i1 < identities.length; i1++) {
      const identity = identities[i1];
      const lists = this.spiffeIdLists(identity);
      const resolved = this.resolvedLists(identity);
      for (let i2 = 0; i2 < lists.length; i2++) {
        const list = lists[i2];
        for (let i = 0; i < list.list.length; i++) fn(identity, list, i, resolved[i2][i]);
      }
    }
  }

  /** One of the owner's allowedSPIFFEIDs lists, resolved (resolvedLists); any other list is resolved afresh. */
  resolvedListOf(owner: LocatedIdentity, list: readonly unknown[]): (ResolvedId | undefined)[] {
    const lists = this.spiffeIdLists(owner);
    for (let i = 0; i < lists.length; i++) if (lists[i].list === list) return this.resolvedLists(owner)[i];
    return this.resolveList(list);
  }

  /** Position of an identity in `identities` (its last, should one object be given twice), or -1. */
  identityPosition(identity: LocatedIdentity): number {
    return this._facts.get(identity)?.position ?? -1;
  }

  /** The identity's SPIFFE ID under the configured trust domain (or a placeholder when none is known). */
  spiffeIdOf(identity: WorkloadIdentity, trustDomain = this.trustDomain): string {
    return `spiffe://${trustDomain ?? '<trust-domain>'}/${identity.spec.workloadID}`;
  }

  /** The identities whose `/<workloadID>` is this SPIFFE ID path (looked up by workloadID: no key is built). */
  private identitiesAtPath(path: string): LocatedIdentity[] {
    if (path.length === 0 || path.charCodeAt(0) !== 47 /* '/' */) return EMPTY;
    return this.indexes.identitiesByWorkloadId.get(path.slice(1)) ?? EMPTY;
  }

  /**
   * The identities a SPIFFE ID names: same path and, when a trust domain is configured, that trust
   * domain. Without one, the path alone decides.
   */
  identitiesNamed(id: string): LocatedIdentity[] {
    return this.resolveId(id).named;
  }

  /**
   * Does a list of SPIFFE IDs admit this identity? `owner`: the identity whose list it is (its lists
   * are resolved once per run: resolvedListOf).
   */
  listAdmits(list: readonly string[], identity: LocatedIdentity, owner?: LocatedIdentity): boolean {
    // A short list (the usual one) is scanned: a scan of a few entries costs less than building a Set.
    if (list.length <= 8) {
      if (owner !== undefined) {
        const resolved = this.resolvedListOf(owner, list);
        for (let i = 0; i < resolved.length; i++) {
          const entry = resolved[i];
          if (entry !== undefined && entry.named.includes(identity)) return true;
        }
        return false;
      }
      for (let i = 0; i < list.length; i++) {
        const entry = this.resolveEntry(list[i]);
        if (entry !== undefined && entry.named.includes(identity)) return true;
      }
      return false;
    }
    // A long one is resolved to the set of identities it names once per run (a peer's inbound list is
    // asked about every caller).
    let admitted = this._admitted.get(list);
    if (!admitted) {
      admitted = new Set();
      for (let i4 = 0, list4 = this.resolveList(list); i4 < list4.length; i4++) {
        const entry = list4[i4];
        if (entry !== undefined) for (const i of entry.named) admitted.add(i);
      }
      this._admitted.set(list, admitted);
    }
    return admitted.has(identity);
  }

  get identitiesByWorkloadId(): Map<string, LocatedIdentity[]> {
    return this.indexes.identitiesByWorkloadId;
  }

  // ---- Services ---------------------------------------------------------------------------------

  /**
   * The claims of each Service address:port (compared as the engine does: addressKey), one list per
   * address:port in the order of its first claim.
   */
  get serviceAddressClaims(): ServiceAddressRef[][] {
    return this.indexes.addressClaims;
  }

  /** Services whose labels satisfy one AND-entry: walk the shortest posting list, check the rest. */
  servicesMatchingEntry(entry: SelectorEntry): LocatedService[] {
    if (!entry) return this.services;
    const byLabel = this.indexes.servicesByLabel;
    let shortest: LocatedService[] | undefined;
    for (const k in entry) {
      if (!Object.prototype.hasOwnProperty.call(entry, k)) continue;
      const list = byLabel.get(k)?.byValue.get(valueKey(entry[k]));
      if (!list) return EMPTY;
      if (!shortest || list.length < shortest.length) shortest = list;
    }
    if (!shortest) return this.services;
    // Usually every Service of the posting list matches: return it as is (callers do not modify it).
    for (let i = 0; i < shortest.length; i++) {
      if (!entryMatches(entry, shortest[i].resource.spec?.labels ?? {}))
        return shortest.filter((s) => entryMatches(entry, s.resource.spec?.labels ?? {}));
    }
    return shortest;
  }

  /** Services an egress rule selects (OR of its entries), in input order, without duplicates. */
  servicesSelectedBy(selectors: readonly SelectorEntry[] | undefined): LocatedService[] {
    if (!selectors) return EMPTY;
    // One entry (the usual rule): a few Map lookups, cheaper than a memo. Longer lists are memoised per
    // rule's selector list (RT2001 and the explicit paths ask about the same rules).
    if (selectors.length === 1) return this.servicesMatchingEntry(selectors[0]);
    let selected = this._selected.get(selectors);
    if (!selected) {
      selected = this.selectServices(selectors);
      this._selected.set(selectors, selected);
    }
    return selected;
  }

  /** servicesSelectedBy for one of egressRules()'s rules, kept on it once per run. */
  servicesSelectedByRule(ref: EgressRuleRef): LocatedService[] {
    return (ref.selected ??= this.servicesSelectedBy(
      Array.isArray(ref.rule.selectors) ? ref.rule.selectors : [],
    ));
  }

  private selectServices(selectors: readonly SelectorEntry[]): LocatedService[] {
    const list = selectors;
    if (list.length === 1) return this.servicesMatchingEntry(list[0]);
    const seen = new Set<LocatedService>();
    for (const entry of list) for (const s of this.servicesMatchingEntry(entry)) seen.add(s);
    return [...seen];
  }

  // ---- Identity selector entries ----------------------------------------------------------------

  get selectorEntries(): IndexedEntry[] {
    return this.indexes.entries;
  }

  /** Entries that require key=value. */
  entriesWithPair(key: string, value: unknown): IndexedEntry[] {
    return this.indexes.entriesByPair.get(key)?.byValue.get(valueKey(value)) ?? EMPTY;
  }

  /** How many entries mention a key at all. */
  countEntriesWithKey(key: string): number {
    return this.indexes.entriesByPair.get(key)?.count ?? 0;
  }

  /** Entries that do not mention a key (memoised per key). */
  entriesLacking(key: string): IndexedEntry[] {
    let list = this._entriesLacking.get(key);
    if (!list) {
      list = this.selectorEntries.filter((e) => !Object.prototype.hasOwnProperty.call(e.entry, key));
      this._entriesLacking.set(key, list);
    }
    return list;
  }

  /**
   * The entries that could be compatible with `entry` (a superset; callers still check): pick the
   * key of `entry` whose "same value or key absent" set is smallest and return that set.
   */
  compatibilityCandidates(e: IndexedEntry): IndexedEntry[] {
    const all = this.selectorEntries;
    let best = -1;
    let bestCost = Infinity;
    for (let i = 0; i < e.keys.length; i++) {
      const cost =
        this.entriesWithPair(e.keys[i], e.entry[e.keys[i]]).length +
        (all.length - this.countEntriesWithKey(e.keys[i]));
      if (cost < bestCost) {
        best = i;
        bestCost = cost;
      }
    }
    if (best < 0) return all;
    const same = this.entriesWithPair(e.keys[best], e.entry[e.keys[best]]);
    if (this.countEntriesWithKey(e.keys[best]) === all.length) return same;
    return [...same, ...this.entriesLacking(e.keys[best])];
  }

  /**
   * The identity a process with these attributes gets on this daemon: the engine's own stage 1
   * (policy/snapshot.ts `resolvePeer`: scope, selector entries, most keys wins, a tie goes to the first
   * by namespace/name), so lint and explain never disagree on who a workload is. RT2005 reports ties.
   */
  identitiesFor(workload: ScenarioWorkload): LocatedIdentity[] {
    const cached = this._workloadIdentity.get(workload);
    if (cached) return cached;
    const engine = this.engineFor(workload);
    const resolution = resolvePeer(engine.snapshot, {
      attributes: workload.attributes ?? {},
      daemon: workload.daemon,
      daemonGroup: workload.daemonGroup,
    });
    const chosen = resolution.identity && engine.located.get(resolution.identity.resource);
    const result = chosen ? [chosen] : [];
    this._workloadIdentity.set(workload, result);
    return result;
  }

  /**
   * The engine's index of the identities, built once on first use. The rules also see resources that
   * failed the schema, so each identity is handed to the engine as a view with only the fields stage
   * 1 reads, and only when those are well-formed (an identity whose scope is malformed selects nothing).
   *
   * Only the identities with a selector entry that matches some scenario workload's attributes are
   * indexed (stage 1 considers no other identity for those workloads, and a tie keeps their relative
   * order): the scenario's few hundred workloads do not pay for an index of every identity. A workload
   * outside the scenarios (or one whose attributes are not a mapping) gets an index of all of them.
   */
  private engineFor(workload: ScenarioWorkload): Engine {
    if (!this._engine) {
      const filter = this.workloadFilter();
      this._engine = buildEngine(
        filter ? this.identities.filter((identity) => filter.mayMatch(identity)) : this.identities,
        this.trustDomain,
      );
      this._engineWorkloads = filter?.workloads;
    }
    if (this._engineWorkloads === undefined || this._engineWorkloads.has(workload)) return this._engine;
    return (this._fullEngine ??= buildEngine(this.identities, this.trustDomain));
  }

  /** The scenario workloads indexed by attribute key and value; undefined when an attributes value is not a mapping. */
  private workloadFilter():
    { workloads: Set<ScenarioWorkload>; mayMatch(identity: LocatedIdentity): boolean } | undefined {
    const workloads = new Set<ScenarioWorkload>();
    const byPair = new Map<string, Map<unknown, Record<string, string>[]>>();
    for (const scenario of this.scenarios) {
      const list: unknown = scenario.scenario.spec?.workloads;
      if (!Array.isArray(list)) continue;
      for (const workload of list as ScenarioWorkload[]) {
        if (!isPlainObject(workload)) return undefined;
        const attributes: unknown = workload.attributes ?? {};
        if (!isPlainObject(attributes)) return undefined;
        workloads.add(workload);
        for (let i5 = 0, list5 = Object.keys(attributes); i5 < list5.length; i5++) {
          const k = list5[i5];
          let byValue = byPair.get(k);
          if (!byValue) byPair.set(k, (byValue = new Map()));
          const v = attributes[k];
          const same = byValue.get(v);
          if (same) same.push(attributes as Record<string, string>);
          else byValue.set(v, [attributes as Record<string, string>]);
        }
      }
    }
    const anyWorkload = workloads.size > 0;
    /** Can one of the entry's keys' workloads match it (entryMatches: every key present and ===)? */
    const entryMayMatch = (entry: SelectorEntry): boolean => {
      let fewest: Record<string, string>[] | undefined;
      for (const k in entry) {
        const same = byPair.get(k)?.get(entry[k]);
        if (!same) return false;
        if (!fewest || same.length < fewest.length) fewest = same;
      }
      if (!fewest) return anyWorkload; // an entry without keys matches every workload
      for (let i = 0; i < fewest.length; i++) if (entryMatches(entry, fewest[i])) return true;
      return false;
    };
    return {
      workloads,
      mayMatch(identity) {
        const selectors: unknown = identity.resource.spec?.selectors;
        if (!Array.isArray(selectors)) return false; // stageOneView leaves it out
        for (const entry of selectors)
          if (isPlainObject(entry) && entryMayMatch(entry as SelectorEntry)) return true;
        return false;
      },
    };
  }

  // ---- Scenario listeners -----------------------------------------------------------------------

  private get listeners(): Map<string, Map<number, ScenarioListener[]>> {
    if (!this._listeners) {
      const listeners = (this._listeners = new Map<string, Map<number, ScenarioListener[]>>());
      for (const scenario of this.scenarios) {
        (scenario.scenario.spec?.workloads ?? []).forEach((workload, workloadIndex) => {
          (workload?.listen ?? []).forEach((l, listenIndex) => {
            if (l && typeof l.address === 'string' && typeof l.port === 'number') {
              const host = canonicalHost(l.address);
              let byPort = listeners.get(host);
              if (!byPort) listeners.set(host, (byPort = new Map()));
              push(byPort, l.port, { scenario, workloadIndex, listenIndex, workload });
            }
          });
        });
      }
    }
    return this._listeners;
  }

  /** The scenario workloads listening on this address:port (compared as the engine does: addressKey). */
  listenersAt(address: string, port: number): ScenarioListener[] {
    return this.listeners.get(canonicalHost(address))?.get(port) ?? EMPTY;
  }

  /**
   * Who serves a Service's address for a caller's egress rule (the decision documented in
   * docs/lint.md): a scenario workload listening on the address, resolved to its identity;
   * else the identities the egress rule's own allowedSPIFFEIDs names (the only peers the client side
   * accepts); else nobody known, and rules stay silent.
   */
  servingIdentities(
    address: { address: string; port: number },
    egressAllowed?: readonly string[],
    /** The caller whose egress rule holds `egressAllowed` (its lists are resolved once per run). */
    caller?: LocatedIdentity,
  ): ServingIdentity[] {
    // The lists returned are shared between callers (memoised): rules read them, never modify them.
    if (this.scenarios.length > 0) {
      // Memoised per address object when someone listens there (every caller reaching a Service asks
      // about the same addresses); most addresses have no listener, and that is found without memo.
      let viaScenario = this._servingViaScenario.get(address);
      if (!viaScenario) {
        const listeners = this.listenersAt(address.address, address.port);
        if (listeners.length > 0) {
          viaScenario = [];
          for (let i6 = 0, list6 = listeners; i6 < list6.length; i6++) {
            const listener = list6[i6];
            for (const identity of this.identitiesFor(listener.workload))
              viaScenario.push({ identity, via: 'scenario', listener });
          }
          this._servingViaScenario.set(address, viaScenario);
        }
      }
      if (viaScenario !== undefined && viaScenario.length > 0) return viaScenario;
    }
    if (!egressAllowed) return EMPTY;
    if (egressAllowed.length === 1) {
      // The usual one-entry list: memoised on the resolved ID.
      const id =
        caller !== undefined
          ? this.resolvedListOf(caller, egressAllowed)[0]
          : this.resolveEntry(egressAllowed[0]);
      if (id === undefined) return EMPTY;
      return (id.servingViaEgress ??= id.named.map((identity) => ({ identity, via: 'egress-allowed' })));
    }
    const resolved =
      caller !== undefined ? this.resolvedListOf(caller, egressAllowed) : this.resolveList(egressAllowed);
    const out: ServingIdentity[] = [];
    const seen = new Set<LocatedIdentity>();
    for (let i7 = 0, list7 = resolved; i7 < list7.length; i7++) {
      const id = list7[i7];
      if (id === undefined) continue;
      for (let i8 = 0, list8 = id.named; i8 < list8.length; i8++) {
        const identity = list8[i8];
        if (!seen.has(identity)) {
          seen.add(identity);
          out.push({ identity, via: 'egress-allowed' });
        }
      }
    }
    return out;
  }

  /**
   * Every (caller egress rule → selected Service address → serving identities), computed once for
   * the rules that follow explicit paths. Cost: the size of the selection, not identities × Services.
   */
  get explicitPaths(): ExplicitPath[] {
    if (!this._explicitPaths) {
      this._explicitPaths = [];
      for (let i9 = 0, list9 = this.identities; i9 < list9.length; i9++) {
        const caller = list9[i9];
        for (let i10 = 0, list10 = this.egressRules(caller); i10 < list10.length; i10++) {
          const { rule, index: ruleIndex } = list10[i10];
          const allowed = Array.isArray(rule.allowedSPIFFEIDs) ? rule.allowedSPIFFEIDs : undefined;
          const selected = this.servicesSelectedByRule(list10[i10]);
          for (let n = 0; n < selected.length; n++) {
            const service = selected[n];
            const addresses = service.resource.spec?.addresses ?? [];
            for (let addressIndex = 0; addressIndex < addresses.length; addressIndex++) {
              const address = addresses[addressIndex];
              if (!address || typeof address.address !== 'string' || typeof address.port !== 'number')
                continue;
              const serving = this.servingIdentities(address, allowed, caller);
              this._explicitPaths.push({ caller, ruleIndex, rule, service, addressIndex, address, serving });
            }
          }
        }
      }
    }
    return this._explicitPaths;
  }
}

const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** The engine's stage-1 index over these identities (as stageOneView views), in their order. */
function buildEngine(identities: readonly LocatedIdentity[], trustDomain: string | undefined): Engine {
  const located = new Map<WorkloadIdentity, LocatedIdentity>();
  const views: LocatedIdentity[] = [];
  for (let i11 = 0, list11 = identities; i11 < list11.length; i11++) {
    const identity = list11[i11];
    const view = stageOneView(identity.resource);
    if (!view) continue;
    located.set(view, identity);
    views.push({ resource: view, origin: identity.origin });
  }
  const snapshot = buildSnapshot(views, { trustDomain: trustDomain ?? '', workloads: [], external: [] });
  return { snapshot, located };
}

const hasId = (x: unknown): boolean => isPlainObject(x) && typeof x.id === 'string';

/** The fields of an identity that stage 1 reads, when well-formed; undefined when it can select nothing. */
function stageOneView(r: WorkloadIdentity): WorkloadIdentity | undefined {
  const spec: unknown = r.spec;
  if (!isPlainObject(spec) || !Array.isArray(spec.selectors) || !isPlainObject(r.metadata)) return undefined;
  let scope: Scope | undefined;
  if (spec.scope !== undefined) {
    const s = spec.scope;
    if (isPlainObject(s) && hasId(s.daemonGroup))
      scope = { daemonGroup: { id: (s.daemonGroup as { id: string }).id } };
    else if (isPlainObject(s) && hasId(s.daemon)) scope = { daemon: { id: (s.daemon as { id: string }).id } };
    else return undefined;
  }
  const selectors = (spec.selectors as unknown[]).filter(isPlainObject) as SelectorEntry[];
  return {
    apiVersion: r.apiVersion,
    kind: 'WorkloadIdentity',
    metadata: r.metadata,
    spec: { workloadID: String(spec.workloadID), selectors, ...(scope ? { scope } : {}) },
  };
}

/** `riptides-system/frontend` for a resource or identity, for sorting and messages. */
export function keyOf(r: { resource: { metadata: { name: string; namespace?: string } } }): string {
  return `${namespaceOf(r.resource)}/${r.resource.metadata.name}`;
}
