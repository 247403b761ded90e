/**
 * A flow to an IPv6 destination: its pair is keyed and shown as the engine writes an endpoint
 * (`[fd00::1]:443`, the address canonical, so two spellings are one pair), and the notable flows
 * and the explanation sentences put the address in brackets (`fd00::1:443` cannot be read back).
 */
import { buildFlowReport, compareFlow, flowQuery, FlowReplay, type FlowRecord } from '../../src/core/flows';
import { evaluateConnection, type Snapshot } from '../../src/core/policy';
import { describeFlowExplanation } from '../../src/printers/flow-explanation-text';
import { flow, manifestSnapshot, QUICKSTART } from '../helpers/flows';

let current: Snapshot;
beforeAll(async () => {
  current = await manifestSnapshot([QUICKSTART]);
});

/** frontend → an IPv6 address (no Service has it), observed PLAINTEXT. */
function toIpv6(address: string): FlowRecord {
  const f = flow('frontend', 'backend', 'PLAINTEXT');
  return { ...f, destination: { ...f.destination, address, port: 443, attributes: null } };
}

test('two spellings of one IPv6 destination are one pair, shown as [fd00::1]:443', () => {
  const replay = new FlowReplay({ current });
  replay.add(toIpv6('FD00:0:0::1'), 1);
  replay.add(toIpv6('fd00::1'), 2);
  const report = buildFlowReport(replay.finish(), { current });
  expect(report.pairs.map((p) => [p.pair.destination, p.pair.count])).toEqual([['[fd00::1]:443', 2]]);
});

test('a notable flow to an IPv6 destination shows the address as recorded, in brackets', () => {
  const replay = new FlowReplay({ current });
  // MTLS observed where the manifests predict plain TCP (no Service, no identity there): notable.
  const f = toIpv6('fd00::1');
  replay.add({ ...f, observed: { verdict: 'MTLS', tlsVersion: '1.3', reason: null } }, 1);
  const summary = replay.finish();
  expect(summary.notable.map((n) => n.destination)).toEqual(['[fd00::1]:443']);
});

test('an explanation sentence about an IPv6 destination puts it in brackets', () => {
  const f = {
    ...toIpv6('fd00::1'),
    observed: { verdict: 'MTLS' as const, tlsVersion: '1.3' as const, reason: null },
  };
  const c = compareFlow(f, evaluateConnection(current, flowQuery(f), { trace: false }));
  const sentences = c.explanations.map(describeFlowExplanation).filter((s) => s.includes('fd00'));
  expect(sentences.length).toBeGreaterThan(0);
  for (const s of sentences) expect(s).toContain('[fd00::1]:443');
});
