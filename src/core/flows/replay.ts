/**
 * Replay of observed flows against manifests (simulate --flows): one flow at a time, so memory stays
 * bounded whatever the input size. Identical (source, destination) keys are evaluated once through a
 * bounded FIFO cache; per-pair aggregates (source identity × destination) are capped too (the rest
 * goes to one overflow bucket). Pure: the caller feeds parsed records and reads the summary.
 */
import { VERDICTS, type Verdict } from '../manifest/types';
import { endpointKey, joinHostPort } from '../policy/endpoint';
import { evaluateConnection } from '../policy/evaluate';
import { mainReason, type ReasonCode } from '../policy/reasons';
import type { Snapshot } from '../policy/snapshot';
import type { ConnectionResult, LazyRef } from '../policy/types';
import {
  compareCodes,
  disagreementView,
  flowCacheKey,
  FlowQueries,
  type DisagreementView,
  type FlowExplanationCode,
  type FlowStatus,
} from './compare';
import { FlowKeyTable, hashKeyWords, stringKeyBytes, type KeyBytes } from './key-table';
import type { FlowRecord, FlowRecordError } from './record';
import { flowTimeMs } from './time';

export interface ReplayOptions {
  /** The current manifests (the baseline, or -f / --live without a baseline). */
  current: Snapshot;
  /** The staged manifests: flows the staged set would change get status `changes`. */
  staged?: Snapshot;
  /** Evaluation cache entries (default 65,536). */
  cacheSize?: number;
  /** Pair aggregates kept (default 100,000); further pairs are counted in `overflow`. */
  maxPairs?: number;
  /** Disagreeing flows kept with their line (default 1,000). */
  maxNotable?: number;
  /** Bad records kept with their problems (default 100). */
  maxErrors?: number;
}

/** One (source identity, destination) pair, aggregated over its flows. */
export interface PairSummary {
  /** `namespace/name` of the source's WorkloadIdentity, or null (unmanaged). */
  sourceIdentity: string | null;
  sourceSpiffeID: string | null;
  /** The source's attributes when it is unmanaged (what tells unmanaged sources apart). */
  sourceAttributes: Record<string, string> | null;
  /** `host:port` as the engine keys an endpoint: the host canonical (lowercase), an IPv6 address in brackets. */
  destination: string;
  destinationIdentity: string | null;
  destinationSpiffeID: string | null;
  count: number;
  status: Record<FlowStatus, number>;
  observed: Partial<Record<Verdict, number>>;
  predicted: Partial<Record<Verdict, number>>;
  staged?: Partial<Record<Verdict, number>>;
  /** Epoch ms of the earliest and latest flow (NaN while none had a real instant). */
  firstSeen: number;
  lastSeen: number;
  /** Reason codes of the predictions (current and staged). */
  reasons: ReasonCode[];
  explanations: FlowExplanationCode[];
  /**
   * A flow of the pair (the first that disagrees, else the first), for traced explanations: its
   * record, or the record's JSON text (a line of the fast path: one string kept per pair instead of
   * the parsed objects; `sampleRecord` parses it).
   */
  sample: FlowSample;
  sampleDisagrees: boolean;
}

/** A flow whose status is not `agree`. */
export interface NotableFlow {
  /** The 1-based line (or position in the control plane's answer). */
  line: number;
  /** The control plane's id, for flows read from it. */
  id?: string;
  status: FlowStatus;
  observed: Verdict;
  predicted: Verdict;
  staged?: Verdict;
  source: string;
  destination: string;
  explanations: FlowExplanationCode[];
}

export interface ReplaySummary {
  flows: number;
  /** Records that failed the schema (not replayed). */
  invalid: number;
  status: Record<FlowStatus, number>;
  observed: Record<Verdict, number>;
  predicted: Record<Verdict, number>;
  staged?: Record<Verdict, number>;
  /** Evaluations done (cache misses) — at most one per distinct (source, destination) while cached. */
  evaluations: number;
  pairs: PairSummary[];
  /** Flows of pairs beyond `maxPairs`: counted, not aggregated. */
  overflow: number;
  notable: NotableFlow[];
  /** Disagreeing flows beyond `maxNotable`. */
  notableOmitted: number;
  errors: FlowRecordError[];
  errorsOmitted: number;
}

/**
 * One evaluated (source, destination) key: what the rare paths read (a disagreement, a pair's first
 * flow, a fold). What its flows add up to since the last fold is in the replay's `hot` record of the
 * key's id (HOT_* below): counts by observed verdict and first/last time, folded into the summary and
 * its pair when the entry leaves the cache and at `finish` — plain numbers in one typed array on the
 * hot path instead of objects reached through several pointers.
 */
interface CacheEntry {
  predicted: ConnectionResult;
  staged?: ConnectionResult;
  pair: PairSummary | null;
  /** The pair's index in `pairList`, or -1. */
  pairId: number;
  /** Variants (FlowRecordSource.variant) of disagreements already compared for this entry. */
  variants: Set<number> | undefined;
}

/**
 * The hot record of a cache id: HOT_STRIDE numbers of `hot` from id × HOT_STRIDE — flows by observed
 * verdict (VERDICTS order) at 0–3, first and last epoch ms (NaN: none yet), the flags (predicted
 * verdict's index, the staged one's or NO_STAGED, observed verdicts seen), the pair's index or -1.
 * Eight doubles: one cache line.
 */
const HOT_STRIDE = 8;
const HOT_FIRST = 4;
const HOT_LAST = 5;
const HOT_FLAGS = 6;
const HOT_PAIR = 7;
/** Flags: bits 0–2 the predicted verdict's index, 3–5 the staged one's (NO_STAGED: none), 6–9 seen. */
const NO_STAGED = 7;
const SEEN_SHIFT = 6;

const verdictIndex = (v: Verdict) => (v === 'MTLS' ? 0 : v === 'TLS' ? 1 : v === 'PLAINTEXT' ? 2 : 3);

/**
 * A flow whose record is built only when needed: the replay reads it on a cache miss, for a
 * disagreement and for a pair's first flow (the fast path of `simulate --flows` parses it only then).
 */
export interface FlowRecordSource {
  record(): FlowRecord;
  /** Optional: the record's JSON text (kept as a pair's sample instead of the parsed record). */
  text?(): string;
  /** Optional: what a disagreement's codes read of the record (else they are read from `record()`). */
  disagreementView?(): DisagreementView;
  /**
   * Optional: a number (≥ 0) that two flows of the same cache key share only when everything else
   * the comparison's explanation codes read is the same (observed verdict, reason or not, presented
   * SPIFFE IDs); negative: unknown. A disagreement whose key already explained its variant is then
   * counted without parsing the record, once the pair has its sample and the notable list is full.
   */
  variant?(): number;
}

/** A pair's sample flow: its line, and its record or the record's JSON text. */
export type FlowSample = { line: number } & ({ flow: FlowRecord } | { text: string });

/** The record of a sample flow. */
export function sampleRecord(s: FlowSample): FlowRecord {
  return 'flow' in s ? s.flow : (JSON.parse(s.text) as FlowRecord);
}

/** A sample for the flow `src` gives (its text when it has one). */
const sampleOf = (src: FlowRecordSource, line: number, flow?: FlowRecord): FlowSample =>
  src.text ? { line, text: src.text() } : { line, flow: flow ?? src.record() };

/** Append the codes `to` lacks, in order (a pair's few codes: an array, not a Set, per pair). */
function addNew<T>(to: T[], codes: readonly T[]): void {
  for (const c of codes) if (!to.includes(c)) to.push(c);
}

const zero = (): Record<Verdict, number> => ({ MTLS: 0, TLS: 0, PLAINTEXT: 0, REJECTED: 0 });

function sortedAttributes(a: Record<string, string>): string {
  return Object.keys(a)
    .sort()
    .map((k) => `${k}=${a[k]}`)
    .join(',');
}

export class FlowReplay {
  /** Cache keys → ids (first in, first out); `entries[id]` is the key's entry. */
  private readonly keys: FlowKeyTable;
  private readonly entries: CacheEntry[] = [];
  /** The hot records of the ids (see HOT_STRIDE); grown with the ids. */
  private hot = new Float64Array(HOT_STRIDE * 256);
  /** Flows of each pair (by `pairList` index); the pairs' `count` is written at `finish`. */
  private pairCount = new Int32Array(256);
  private readonly pairList: PairSummary[] = [];
  /** A string key's bytes (`addKeyed`). */
  private readonly scratch: KeyBytes = { words: new Int32Array(64), len: 0 };
  /** Pair key → index in `pairList`. */
  private readonly pairs = new Map<string, number>();
  private readonly maxPairs: number;
  private readonly maxNotable: number;
  private readonly maxErrors: number;
  readonly summary: ReplaySummary;
  /** The engine's queries against each set, each peer resolved once. */
  private readonly currentQueries: FlowQueries;
  private readonly stagedQueries: FlowQueries | undefined;

  constructor(private readonly options: ReplayOptions) {
    this.currentQueries = new FlowQueries(options.current);
    this.stagedQueries = options.staged ? new FlowQueries(options.staged) : undefined;
    this.maxPairs = options.maxPairs ?? 100_000;
    this.maxNotable = options.maxNotable ?? 1000;
    this.maxErrors = options.maxErrors ?? 100;
    this.keys = new FlowKeyTable(Math.max(1, options.cacheSize ?? 65_536));
    this.summary = {
      flows: 0,
      invalid: 0,
      status: { agree: 0, drift: 0, changes: 0 },
      observed: zero(),
      predicted: zero(),
      ...(options.staged ? { staged: zero() } : {}),
      evaluations: 0,
      pairs: [],
      overflow: 0,
      notable: [],
      notableOmitted: 0,
      errors: [],
      errorsOmitted: 0,
    };
  }

  /** Record a bad record (kept up to `maxErrors`, counted always). */
  addError(error: FlowRecordError): void {
    this.summary.invalid++;
    if (this.summary.errors.length < this.maxErrors) this.summary.errors.push(error);
    else this.summary.errorsOmitted++;
  }

  /**
   * Evaluate (or reuse) the predictions for a flow's (source, destination); `words`/`len` are the
   * bytes of its flowCacheKey (see `addKeyBytes`).
   */
  private lookup(words: Int32Array, len: number, src: FlowRecordSource): number {
    const hash = hashKeyWords(words, len);
    const found = this.keys.find(words, len, hash);
    if (found >= 0) return found;
    this.summary.evaluations++;
    const flow = src.record();
    const predicted = evaluateConnection(this.options.current, this.currentQueries.query(flow), {
      trace: false,
    });
    const staged = this.stagedQueries
      ? evaluateConnection(this.options.staged!, this.stagedQueries.query(flow), { trace: false })
      : undefined;
    const pairId = this.pairFor(flow, staged ?? predicted, predicted);
    const pair = pairId < 0 ? null : this.pairList[pairId];
    const e: CacheEntry = { predicted, staged, pair, pairId, variants: undefined };
    if (pair) {
      // The pair's verdict records keep their keys in the order first seen (as printed).
      if (pair.predicted[predicted.verdict] === undefined) pair.predicted[predicted.verdict] = 0;
      if (staged && pair.staged![staged.verdict] === undefined) pair.staged![staged.verdict] = 0;
    }
    // Full: the insert reuses the oldest entry's id; its counters go to the summary first.
    if (this.keys.size >= this.keys.capacity) this.fold(this.keys.nextId());
    const id = this.keys.insert(words, len, hash);
    this.entries[id] = e;
    if (HOT_STRIDE * (id + 1) > this.hot.length) {
      const hot = new Float64Array(2 * this.hot.length);
      hot.set(this.hot);
      this.hot = hot;
    }
    const h = this.hot;
    const at = HOT_STRIDE * id;
    h[at] = h[at + 1] = h[at + 2] = h[at + 3] = 0;
    h[at + HOT_FIRST] = h[at + HOT_LAST] = NaN;
    h[at + HOT_FLAGS] =
      verdictIndex(predicted.verdict) | ((staged ? verdictIndex(staged.verdict) : NO_STAGED) << 3);
    h[at + HOT_PAIR] = pairId;
    return id;
  }

  /** Add the counters of id `id` to the summary and its pair, and clear them. */
  private fold(id: number): void {
    const e = this.entries[id];
    const h = this.hot;
    const at = HOT_STRIDE * id;
    const s = this.summary;
    const p = e.pair;
    const predicted = e.predicted.verdict;
    const staged = e.staged?.verdict;
    for (let i = 0; i < 4; i++) {
      const n = h[at + i];
      if (n === 0) continue;
      h[at + i] = 0;
      const observed = VERDICTS[i];
      const status: FlowStatus =
        predicted !== observed ? 'drift' : staged !== undefined && staged !== observed ? 'changes' : 'agree';
      s.status[status] += n;
      s.observed[observed] += n;
      s.predicted[predicted] += n;
      if (staged !== undefined) s.staged![staged] += n;
      if (!p) continue;
      p.status[status] += n;
      p.observed[observed]! += n;
      p.predicted[predicted]! += n;
      if (staged !== undefined) p.staged![staged]! += n;
    }
    const first = h[at + HOT_FIRST];
    const last = h[at + HOT_LAST];
    if (p) {
      if (first < p.firstSeen || !(p.firstSeen === p.firstSeen)) p.firstSeen = first;
      if (last > p.lastSeen || !(p.lastSeen === p.lastSeen)) p.lastSeen = last;
    }
    h[at + HOT_FIRST] = h[at + HOT_LAST] = NaN;
  }

  /** The index in `pairList` of the flow's pair (made on first sight), or -1 beyond `maxPairs`. */
  private pairFor(flow: FlowRecord, shown: ConnectionResult, current: ConnectionResult): number {
    const srcIdentity = current.source.identity;
    // The engine's endpoint key: canonical host (an IPv6 address in brackets), then the port.
    const destination = endpointKey(flow.destination.address, flow.destination.port);
    const srcPart = srcIdentity ?? `unmanaged\u0001${sortedAttributes(flow.source.attributes)}`;
    const key = srcPart + '\u0000' + destination;
    const known = this.pairs.get(key);
    if (known !== undefined) return known;
    if (this.pairs.size >= this.maxPairs) return -1;
    const p: PairSummary = {
      sourceIdentity: srcIdentity,
      sourceSpiffeID: current.source.spiffeID,
      sourceAttributes: srcIdentity ? null : flow.source.attributes,
      destination,
      destinationIdentity: shown.destination.identity,
      destinationSpiffeID: shown.destination.spiffeID,
      count: 0,
      status: { agree: 0, drift: 0, changes: 0 },
      observed: {},
      predicted: {},
      ...(this.options.staged ? { staged: {} } : {}),
      firstSeen: NaN,
      lastSeen: NaN,
      reasons: [],
      explanations: [],
      sample: { line: 0, flow },
      sampleDisagrees: false,
    };
    const id = this.pairList.length;
    this.pairList.push(p);
    this.pairs.set(key, id);
    if (id === this.pairCount.length) {
      const counts = new Int32Array(2 * id);
      counts.set(this.pairCount);
      this.pairCount = counts;
    }
    return id;
  }

  /** Replay one valid flow (`line`: its 1-based line, or item index). Returns its status. */
  add(flow: FlowRecord, line: number): FlowStatus {
    return this.addKeyed(flowCacheKey(flow), flow.observed.verdict, flowTimeMs(flow.time), line, {
      record: () => flow,
    });
  }

  /**
   * Replay one valid flow known by its cache key (`flowCacheKey` of the record), observed verdict and
   * time (epoch ms; NaN: not counted in first/last seen); the record itself is read only when needed.
   */
  addKeyed(key: string, observed: Verdict, timeMs: number, line: number, src: FlowRecordSource): FlowStatus {
    const k = stringKeyBytes(key, this.scratch);
    return this.addKeyBytes(k.words, k.len, observed, timeMs, line, src);
  }

  /**
   * `addKeyed` with the key as bytes: `len` bytes of `words`' buffer, zero up to the next multiple of
   * 4 — an ASCII key's characters as they are (what FlowLineScanner writes; `stringKeyBytes` for any
   * other). The bytes are read during the call only.
   */
  addKeyBytes(
    words: Int32Array,
    len: number,
    observed: Verdict,
    timeMs: number,
    line: number,
    src: FlowRecordSource,
  ): FlowStatus {
    const s = this.summary;
    s.flows++;
    const id = this.lookup(words, len, src);
    const h = this.hot;
    const at = HOT_STRIDE * id;
    const vi = verdictIndex(observed);
    h[at + vi]++;
    const flags = h[at + HOT_FLAGS];
    const pairId = h[at + HOT_PAIR];
    if ((flags & (1 << (SEEN_SHIFT + vi))) === 0) {
      h[at + HOT_FLAGS] = flags | (1 << (SEEN_SHIFT + vi));
      const p = this.entries[id].pair;
      if (p && p.observed[observed] === undefined) p.observed[observed] = 0;
    }
    const first = h[at + HOT_FIRST];
    if (timeMs < first || !(first === first)) h[at + HOT_FIRST] = timeMs;
    const last = h[at + HOT_LAST];
    if (timeMs > last || !(last === last)) h[at + HOT_LAST] = timeMs;
    const pi = flags & 7;
    const si = (flags >> 3) & 7;
    if (pi === vi && (si === NO_STAGED || si === vi)) {
      // agree: nothing but the pair's count and, for its first flow, its sample
      if (pairId < 0) {
        s.overflow++;
        return 'agree';
      }
      const count = this.pairCount[pairId]++;
      if (count === 0) this.firstOfPair(this.entries[id], sampleOf(src, line));
      return 'agree';
    }
    return this.disagree(id, observed, line, src);
  }

  /** The cache id of a key (its bytes as for `addKeyBytes`) while it is cached, or -1; evaluates nothing. */
  cachedId(words: Int32Array, len: number): number {
    return this.keys.find(words, len, hashKeyWords(words, len));
  }

  /** Of a cached id: a number that differs once the id stands for another key (FlowKeyTable.serial). */
  idSerial(id: number): number {
    return this.keys.serial(id);
  }

  /**
   * Count a flow of cached id `id` (observed verdict by its index in VERDICTS) when its effect does not
   * depend on its place in the input: it agrees with the predictions and its key has seen its verdict
   * before (so its pair has its first flow and the verdict its place in the pair's counts), so it only
   * adds to counters (sums, first/last time), which any order gives alike. The parallel replay counts
   * the workers' lines so while this thread still replays the front of the file. False: nothing was
   * done; replay the flow in order (`addKeyBytes`).
   */
  countInAnyOrder(id: number, vi: number, timeMs: number): boolean {
    const h = this.hot;
    const at = HOT_STRIDE * id;
    const flags = h[at + HOT_FLAGS];
    const si = (flags >> 3) & 7;
    if ((flags & 7) !== vi || (si !== NO_STAGED && si !== vi) || (flags & (1 << (SEEN_SHIFT + vi))) === 0)
      return false;
    // (a verdict seen: a flow of the key went through addKeyBytes, so its pair has its first flow)
    const pairId = h[at + HOT_PAIR];
    this.summary.flows++;
    h[at + vi]++;
    const first = h[at + HOT_FIRST];
    if (timeMs < first || !(first === first)) h[at + HOT_FIRST] = timeMs;
    const last = h[at + HOT_LAST];
    if (timeMs > last || !(last === last)) h[at + HOT_LAST] = timeMs;
    if (pairId < 0) this.summary.overflow++;
    else this.pairCount[pairId]++;
    return true;
  }

  /** A pair's first flow: its reasons and (until a disagreement replaces it) its sample. */
  private firstOfPair(e: CacheEntry, sample: FlowSample): void {
    const p = e.pair!;
    addNew(p.reasons, e.predicted.reasons);
    if (e.staged) addNew(p.reasons, e.staged.reasons);
    p.sample = sample;
  }

  /** The rest of `addKeyBytes` for a flow whose status is not `agree`. */
  private disagree(id: number, observed: Verdict, line: number, src: FlowRecordSource): FlowStatus {
    const s = this.summary;
    const e = this.entries[id];
    const predicted = e.predicted.verdict;
    const staged = e.staged?.verdict;
    const status: FlowStatus =
      predicted !== observed ? 'drift' : staged !== undefined && staged !== observed ? 'changes' : 'agree';
    const p = e.pair;
    const pairId = e.pairId;
    let codes: FlowExplanationCode[] | undefined;
    let flow: FlowRecord | undefined;
    // The same codes as a flow already compared: nothing this flow adds needs its record.
    const variant = src.variant ? src.variant() : -1;
    if (
      variant >= 0 &&
      s.notable.length >= this.maxNotable &&
      (!p || (this.pairCount[pairId] > 0 && p.sampleDisagrees && e.variants?.has(variant) === true))
    )
      s.notableOmitted++;
    else {
      if (variant >= 0) (e.variants ??= new Set()).add(variant);
      // the codes from what they read; the record only for a notable flow (or a source without a view)
      const view = src.disagreementView ? src.disagreementView() : disagreementView((flow = src.record()));
      codes = compareCodes(view, e.predicted, e.staged).codes;
      if (s.notable.length < this.maxNotable) {
        flow ??= src.record();
        s.notable.push({
          line,
          ...(flow.id !== undefined ? { id: flow.id } : {}),
          status,
          observed,
          predicted,
          ...(staged !== undefined ? { staged } : {}),
          source: e.predicted.source.identity ?? `unmanaged (${sortedAttributes(flow.source.attributes)})`,
          destination: joinHostPort(flow.destination.address, flow.destination.port),
          explanations: codes,
        });
      } else s.notableOmitted++;
    }
    if (!p) {
      s.overflow++;
      return status;
    }
    if (this.pairCount[pairId]++ === 0) this.firstOfPair(e, sampleOf(src, line, flow));
    if (codes) {
      addNew(p.explanations, codes);
      if (!p.sampleDisagrees) {
        p.sample = sampleOf(src, line, flow);
        p.sampleDisagrees = true;
      }
    }
    return status;
  }

  /** The summary with pairs sorted: disagreements first, then by flow count. */
  finish(): ReplaySummary {
    for (const id of this.keys.liveIds()) this.fold(id);
    for (let i = 0; i < this.pairList.length; i++) this.pairList[i].count = this.pairCount[i];
    const pairs = [...this.pairList];
    const weight = (p: PairSummary) => (p.status.drift > 0 ? 2 : p.status.changes > 0 ? 1 : 0);
    pairs.sort(
      (a, b) =>
        weight(b) - weight(a) ||
        b.count - a.count ||
        (a.sourceIdentity ?? '~').localeCompare(b.sourceIdentity ?? '~') ||
        a.destination.localeCompare(b.destination),
    );
    this.summary.pairs = pairs;
    return this.summary;
  }
}

/** The verdict a pair shows for coverage: the staged set's when given, else the current one's (the most frequent). */
export function pairVerdict(p: PairSummary): Verdict {
  const counts = p.staged ?? p.predicted;
  let best: Verdict = 'MTLS';
  let n = -1;
  for (const v of VERDICTS) {
    if ((counts[v] ?? 0) > n) {
      best = v;
      n = counts[v] ?? 0;
    }
  }
  return best;
}

/**
 * The manifest place that decides a traced result: the ref of the step that raised its main reason;
 * for a source no identity selects, its nearest miss; without a reason (an MTLS or TLS verdict), the
 * TLS step (the mode in effect), else the path step.
 */
export function decidingRef(result: ConnectionResult): LazyRef | undefined {
  const main = mainReason(result.verdict, result.reasons);
  const steps = result.steps;
  const withRef = (pred: (s: ConnectionResult['steps'][number]) => boolean) =>
    steps.find((s) => pred(s) && s.refs.length > 0)?.refs[0];
  // A source no identity selects: the closest WorkloadIdentity (the one to fix) decides.
  const miss = main
    ? steps.find((s) => s.reason === main && s.nearestMisses?.length)?.nearestMisses![0].ref
    : undefined;
  return (
    (main ? withRef((s) => s.reason === main) : undefined) ??
    miss ??
    withRef((s) => s.stage === 'tls') ??
    withRef((s) => s.stage === 'path') ??
    withRef((s) => s.outcome === 'fail')
  );
}
