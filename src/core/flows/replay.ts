/**
 * Replay of observed flows against manifests (simulate --flows): one flow at a time, so memory stays
 * bounded whatever the input size. Identical (source, destination) keys are evaluated once through a
 * bounded FIFO cache; per-pair aggregates (source identity × destination) are capped too (the rest
 * goes to one overflow bucket). Pure: the caller feeds parsed records and reads the summary.
 */
import { VERDICTS, type Verdict } from '../manifest/types';
import { evaluateConnection } from '../policy/evaluate';
import { mainReason, type ReasonCode } from '../policy/reasons';
import type { Snapshot } from '../policy/snapshot';
import type { ConnectionResult, LazyRef } from '../policy/types';
import { compareFlow, flowCacheKey, flowQuery, type FlowExplanationCode, type FlowStatus } from './compare';
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
  /** `host:port` (host lowercased). */
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
  reasons: Set<ReasonCode>;
  explanations: Set<FlowExplanationCode>;
  /** A flow of the pair (the first that disagrees, else the first), for traced explanations. */
  sample: { flow: FlowRecord; line: number };
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
 * One evaluated (source, destination) key and what its flows add up to since the last fold: counts
 * by observed verdict and first/last time, folded into the summary and its pair when the entry leaves
 * the cache and at `finish` (plain counters on the hot path instead of keyed updates of records).
 */
interface CacheEntry {
  predicted: ConnectionResult;
  staged?: ConnectionResult;
  pair: PairSummary | null;
  /** Flows by observed verdict (VERDICTS order). */
  counts: number[];
  /** Observed verdicts seen (bits by VERDICTS index): their keys are created in the pair on first sight. */
  seen: number;
  firstMs: number;
  lastMs: number;
  /** Variants (FlowRecordSource.variant) of disagreements already compared for this entry. */
  variants: Set<number> | undefined;
}

const verdictIndex = (v: Verdict) => (v === 'MTLS' ? 0 : v === 'TLS' ? 1 : v === 'PLAINTEXT' ? 2 : 3);

/**
 * A flow whose record is built only when needed: the replay reads it on a cache miss, for a
 * disagreement and for a pair's first flow (the fast path of `simulate --flows` parses it only then).
 */
export interface FlowRecordSource {
  record(): FlowRecord;
  /**
   * Optional: a number (≥ 0) that two flows of the same cache key share only when everything else
   * the comparison's explanation codes read is the same (observed verdict, reason or not, presented
   * SPIFFE IDs); negative: unknown. A disagreement whose key already explained its variant is then
   * counted without parsing the record, once the pair has its sample and the notable list is full.
   */
  variant?(): number;
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
  /** A string key's bytes (`addKeyed`). */
  private readonly scratch: KeyBytes = { words: new Int32Array(64), len: 0 };
  private readonly pairs = new Map<string, PairSummary>();
  private readonly maxPairs: number;
  private readonly maxNotable: number;
  private readonly maxErrors: number;
  readonly summary: ReplaySummary;

  constructor(private readonly options: ReplayOptions) {
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
  private lookup(words: Int32Array, len: number, src: FlowRecordSource): CacheEntry {
    const hash = hashKeyWords(words, len);
    const id = this.keys.find(words, len, hash);
    if (id >= 0) return this.entries[id];
    this.summary.evaluations++;
    const flow = src.record();
    const q = flowQuery(flow);
    const predicted = evaluateConnection(this.options.current, q, { trace: false });
    const staged = this.options.staged
      ? evaluateConnection(this.options.staged, q, { trace: false })
      : undefined;
    const pair = this.pairFor(flow, staged ?? predicted, predicted);
    const e: CacheEntry = {
      predicted,
      staged,
      pair,
      counts: [0, 0, 0, 0],
      seen: 0,
      firstMs: NaN,
      lastMs: NaN,
      variants: undefined,
    };
    if (pair) {
      // The pair's verdict records keep their keys in the order first seen (as printed).
      if (pair.predicted[predicted.verdict] === undefined) pair.predicted[predicted.verdict] = 0;
      if (staged && pair.staged![staged.verdict] === undefined) pair.staged![staged.verdict] = 0;
    }
    // Full: the insert reuses the oldest entry's id; its counters go to the summary first.
    if (this.keys.size >= this.keys.capacity) this.fold(this.entries[this.keys.nextId()]);
    this.entries[this.keys.insert(words, len, hash)] = e;
    return e;
  }

  /** Add an entry's counters to the summary and its pair, and clear them. */
  private fold(e: CacheEntry): void {
    const s = this.summary;
    const p = e.pair;
    const predicted = e.predicted.verdict;
    const staged = e.staged?.verdict;
    for (let i = 0; i < 4; i++) {
      const n = e.counts[i];
      if (n === 0) continue;
      e.counts[i] = 0;
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
    if (p) {
      if (e.firstMs < p.firstSeen || !(p.firstSeen === p.firstSeen)) p.firstSeen = e.firstMs;
      if (e.lastMs > p.lastSeen || !(p.lastSeen === p.lastSeen)) p.lastSeen = e.lastMs;
    }
    e.firstMs = e.lastMs = NaN;
  }

  private pairFor(flow: FlowRecord, shown: ConnectionResult, current: ConnectionResult): PairSummary | null {
    const srcIdentity = current.source.identity;
    const destination = `${flow.destination.address.toLowerCase()}:${flow.destination.port}`;
    const srcPart = srcIdentity ?? `unmanaged\u0001${sortedAttributes(flow.source.attributes)}`;
    const key = srcPart + '\u0000' + destination;
    let p = this.pairs.get(key);
    if (p) return p;
    if (this.pairs.size >= this.maxPairs) return null;
    p = {
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
      reasons: new Set(),
      explanations: new Set(),
      sample: { flow, line: 0 },
      sampleDisagrees: false,
    };
    this.pairs.set(key, p);
    return p;
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
    const e = this.lookup(words, len, src);
    const predicted = e.predicted.verdict;
    const staged = e.staged?.verdict;
    const vi = verdictIndex(observed);
    e.counts[vi]++;
    const p = e.pair;
    if ((e.seen & (1 << vi)) === 0) {
      e.seen |= 1 << vi;
      if (p && p.observed[observed] === undefined) p.observed[observed] = 0;
    }
    if (timeMs < e.firstMs || !(e.firstMs === e.firstMs)) e.firstMs = timeMs;
    if (timeMs > e.lastMs || !(e.lastMs === e.lastMs)) e.lastMs = timeMs;
    const status: FlowStatus =
      predicted !== observed ? 'drift' : staged !== undefined && staged !== observed ? 'changes' : 'agree';
    let comparison;
    let flow: FlowRecord | undefined;
    // The same codes as a flow already compared: nothing this flow adds needs its record.
    const variant = status !== 'agree' && src.variant ? src.variant() : -1;
    if (
      variant >= 0 &&
      s.notable.length >= this.maxNotable &&
      (!p || (p.count > 0 && p.sampleDisagrees && e.variants?.has(variant) === true))
    )
      s.notableOmitted++;
    else if (status !== 'agree') {
      if (variant >= 0) (e.variants ??= new Set()).add(variant);
      flow = src.record();
      comparison = compareFlow(flow, e.predicted, e.staged);
      if (s.notable.length < this.maxNotable)
        s.notable.push({
          line,
          ...(flow.id !== undefined ? { id: flow.id } : {}),
          status,
          observed,
          predicted,
          ...(staged !== undefined ? { staged } : {}),
          source: e.predicted.source.identity ?? `unmanaged (${sortedAttributes(flow.source.attributes)})`,
          destination: `${flow.destination.address}:${flow.destination.port}`,
          explanations: comparison.explanations.map((x) => x.code),
        });
      else s.notableOmitted++;
    }
    if (!p) {
      s.overflow++;
      return status;
    }
    if (p.count === 0) {
      for (const r of e.predicted.reasons) p.reasons.add(r);
      if (e.staged) for (const r of e.staged.reasons) p.reasons.add(r);
      p.sample = { flow: flow ?? src.record(), line };
    }
    p.count++;
    if (comparison) {
      for (const x of comparison.explanations) p.explanations.add(x.code);
      if (!p.sampleDisagrees) {
        p.sample = { flow: flow!, line };
        p.sampleDisagrees = true;
      }
    }
    return status;
  }

  /** The summary with pairs sorted: disagreements first, then by flow count. */
  finish(): ReplaySummary {
    for (const id of this.keys.liveIds()) this.fold(this.entries[id]);
    const pairs = [...this.pairs.values()];
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
