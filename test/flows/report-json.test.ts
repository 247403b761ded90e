/**
 * The JSON report of `simulate --flows` is written in parts (the pairs a few hundred at a time): joined,
 * the parts are exactly `JSON.stringify(report, null, 2)` and a newline — with many pairs, one, none.
 */
import { buildFlowReport, FlowReplay, type FlowRecord } from '../../src/core/flows';
import { buildSnapshot, type LocatedResource } from '../../src/core/policy';
import { printFlowReportJson, printFlowReportJsonParts } from '../../src/printers/simulate-flows';

const gen = require('../../bench/flows/generate.js') as {
  flowGenerator(o: object): { flows(): Iterable<FlowRecord> };
  largeSet(w?: number, s?: number): { resources: LocatedResource[] };
};

function reportOf(count: number) {
  const set = gen.largeSet(300, 100);
  const current = buildSnapshot(set.resources, { trustDomain: 'example.com', workloads: [], external: [] });
  const replay = new FlowReplay({ current });
  let line = 0;
  for (const f of gen.flowGenerator({ ...set, count, drift: 0.1, seed: 5 }).flows()) replay.add(f, ++line);
  return buildFlowReport(replay.finish(), { current, minMtlsCoverage: 50 });
}

test.each([
  ['many pairs', 5000],
  ['one pair', 1],
  ['no flows', 0],
])('%s: the parts joined are JSON.stringify(…, null, 2)', (_name, count) => {
  const report = reportOf(count);
  const text = printFlowReportJson(report, 'flows.ndjson');
  expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2) + '\n');
  const j = JSON.parse(text);
  expect(j.pairs).toHaveLength(report.pairs.length);
  expect(j.flows.total).toBe(count);
  if (count > 1000) expect([...printFlowReportJsonParts(report, 'flows.ndjson')].length).toBeGreaterThan(3);
});
