/**
 * Replay = evaluating each flow alone: generated flows (known drift) over the quickstart and the
 * 2,000-workload set give the generator's counts, and a random sample re-evaluated one by one (fresh
 * snapshot, no cache) has the same status as in the replay — also with a cache far smaller than the
 * number of distinct keys (eviction).
 */
import { compareFlow, flowQuery, FlowReplay, type FlowRecord, type FlowStatus } from '../../src/core/flows';
import { FlowLineScanner, SCAN_OK } from '../../src/core/flows/scan';
import {
  buildSnapshot,
  evaluateConnection,
  type LocatedResource,
  type ScenarioInput,
} from '../../src/core/policy';
import { withSampleRecords } from '../helpers/flows';

const gen = require('../../bench/flows/generate.js') as {
  flowGenerator(o: object): {
    flows(): Iterable<FlowRecord>;
    stats: { flows: number; drift: number; predicted: Record<string, number> };
  };
  largeSet(w?: number, s?: number): { resources: LocatedResource[]; scenario: ScenarioInput };
  quickstartSet(): Promise<{ resources: LocatedResource[]; scenario: ScenarioInput }>;
  prng(seed: number): () => number;
};

async function check(
  set: { resources: LocatedResource[]; scenario: ScenarioInput },
  count: number,
  cacheSize: number,
) {
  const snapshot = () =>
    buildSnapshot(set.resources, { trustDomain: 'example.com', workloads: [], external: [] });
  const g = gen.flowGenerator({ ...set, count, drift: 0.07, seed: 7 });
  const replay = new FlowReplay({ current: snapshot(), cacheSize });
  const rand = gen.prng(99);
  const sample: [FlowRecord, FlowStatus][] = [];
  let line = 0;
  for (const f of g.flows()) {
    const status = replay.add(f, ++line);
    if (rand() < 0.01) sample.push([f, status]);
  }
  const s = replay.finish();
  expect(s.flows).toBe(g.stats.flows);
  expect(s.status.drift).toBe(g.stats.drift);
  expect(s.status.agree).toBe(g.stats.flows - g.stats.drift);
  expect(s.predicted).toEqual(g.stats.predicted);
  const fresh = snapshot();
  for (const [f, status] of sample)
    expect(compareFlow(f, evaluateConnection(fresh, flowQuery(f), { trace: false })).status).toBe(status);
  expect(sample.length).toBeGreaterThan(100);
  return s;
}

test('quickstart: 100,000 generated flows', async () => {
  const s = await check(await gen.quickstartSet(), 100_000, 65_536);
  expect(s.evaluations).toBeLessThan(100);
});

test('2,000-workload set: 100,000 generated flows, with a cache smaller than the distinct keys', async () => {
  const s = await check(gen.largeSet(), 100_000, 1000);
  expect(s.evaluations).toBeGreaterThan(16_000);
}, 60_000);

test('disagreements counted by variant (fast path, few notables kept) give the same summary as comparing each', async () => {
  const set = gen.largeSet();
  const snapshot = buildSnapshot(set.resources, { trustDomain: 'example.com', workloads: [], external: [] });
  const g = gen.flowGenerator({ ...set, count: 30_000, drift: 0.1, seed: 11 });
  const each = new FlowReplay({ current: snapshot, maxNotable: 20 });
  const byVariant = new FlowReplay({ current: snapshot, maxNotable: 20 });
  const scanner = new FlowLineScanner();
  let line = 0;
  for (const f of g.flows()) {
    line++;
    each.add(f, line);
    const b = Buffer.from(JSON.stringify(f));
    expect(scanner.scan(b, 0, b.length)).toBe(SCAN_OK);
    byVariant.addKeyed(scanner.key, scanner.verdict, scanner.timeMs, line, scanner);
  }
  const a = withSampleRecords(each.finish());
  const b = withSampleRecords(byVariant.finish());
  expect(a.status.drift).toBeGreaterThan(1000);
  expect(b).toEqual(a);
  // the explanation codes, in their order of first appearance
  expect(b.pairs.map((p) => [...p.explanations])).toEqual(a.pairs.map((p) => [...p.explanations]));
}, 60_000);

test('flows counted out of order where countInAnyOrder takes them, the rest replayed in order after, give the in-order summary (staged set too)', () => {
  const set = gen.largeSet(300);
  const snap = (resources: LocatedResource[]) =>
    buildSnapshot(resources, { trustDomain: 'example.com', workloads: [], external: [] });
  // staged: every seventh WorkloadIdentity removed, so that some flows would change
  let n = 0;
  const stagedResources = set.resources.filter(
    (r) => r.resource.kind !== 'WorkloadIdentity' || n++ % 7 !== 0,
  );
  const options = { current: snap(set.resources), staged: snap(stagedResources), maxNotable: 300 };
  const g = gen.flowGenerator({ ...set, count: 40_000, drift: 0.08, seed: 5 });
  const scanner = new FlowLineScanner();
  const lines = [...g.flows()].map((f) => {
    const b = Buffer.from(JSON.stringify(f));
    expect(scanner.scan(b, 0, b.length)).toBe(SCAN_OK);
    const key = scanner.keyWords.slice(0, (scanner.keyLen + 3) >> 2);
    return {
      f,
      key,
      len: scanner.keyLen,
      verdict: scanner.verdict,
      time: scanner.timeMs,
      variant: scanner.variant(),
    };
  });
  const add = (r: FlowReplay, i: number) => {
    const l = lines[i];
    r.addKeyBytes(l.key, l.len, l.verdict, l.time, i + 1, { record: () => l.f, variant: () => l.variant });
  };
  const inOrder = new FlowReplay(options);
  lines.forEach((_, i) => add(inOrder, i));
  // the front in order; every 500 of its flows, the next 1,500 of the back: counted when taken, else kept
  const split = new FlowReplay(options);
  const front = 12_000;
  const waiting: number[] = [];
  let next = front;
  const takeBack = (count: number) => {
    for (const end = Math.min(lines.length, next + count); next < end; next++) {
      const l = lines[next];
      const id = split.cachedId(l.key, l.len);
      if (
        id < 0 ||
        !split.countInAnyOrder(id, ['MTLS', 'TLS', 'PLAINTEXT', 'REJECTED'].indexOf(l.verdict), l.time)
      )
        waiting.push(next);
    }
  };
  for (let i = 0; i < front; i++) {
    add(split, i);
    if (i % 500 === 499) takeBack(1500);
  }
  takeBack(lines.length);
  for (const i of waiting) add(split, i);
  // a good part of the back was counted early, and the order-dependent parts still came out the same
  expect(waiting.length).toBeLessThan(0.6 * (lines.length - front));
  const a = inOrder.finish();
  const b = split.finish();
  expect(a.status.changes).toBeGreaterThan(100);
  expect(a.status.drift).toBeGreaterThan(1000);
  expect(b).toEqual(a);
  // key order in the verdict records and code order, as printed (toEqual does not look at key order)
  const printed = (r: typeof a) =>
    JSON.stringify(
      r.pairs.map((p) => [p.observed, p.predicted, p.staged, p.reasons, p.explanations, p.sample.line]),
    );
  expect(printed(b)).toBe(printed(a));
}, 60_000);
