/**
 * Why a flow replay fails: the cli layer returns the reasons as data (FlowFailure) and the printer
 * words them on stderr, joined with `; ` — the words `simulate --flows` has printed since the gate
 * and --fail-on were added. Each kind is checked, with its singular and plural where it has one.
 */
import { buildFlowReport, FlowReplay } from '../../src/core/flows';
import { describeFlowFailure, type FlowFailure } from '../../src/printers/simulate-flows';
import { printSimulateResult, simulateExitCode } from '../../src/printers/simulate-result';
import { flow, manifestSnapshot, QUICKSTART } from '../helpers/flows';

test.each<[FlowFailure, string]>([
  [{ kind: 'invalid-records', count: 1 }, '1 invalid flow record'],
  [{ kind: 'invalid-records', count: 3 }, '3 invalid flow records'],
  [{ kind: 'drift', count: 1 }, '1 drift'],
  [{ kind: 'drift', count: 7 }, '7 drift'],
  [{ kind: 'changes', count: 1 }, '1 changes'],
  [{ kind: 'changes', count: 2 }, '2 changes'],
  [{ kind: 'coverage', percent: 40, threshold: 90 }, 'mTLS coverage 40.0% < 90%'],
  [{ kind: 'coverage', percent: 99.96, threshold: 100 }, 'mTLS coverage 100.0% < 100%'],
  [{ kind: 'coverage', percent: 33.333, threshold: 50.5 }, 'mTLS coverage 33.3% < 50.5%'],
])('%j', (failure, text) => {
  expect(describeFlowFailure(failure)).toBe(text);
});

test('the reasons go to stderr after the report, joined with "; ", and make the exit status 1', async () => {
  const current = await manifestSnapshot([QUICKSTART]);
  const replay = new FlowReplay({ current });
  replay.add(flow('frontend', 'backend', 'PLAINTEXT'), 1);
  const report = buildFlowReport(replay.finish(), { current });
  const failures: FlowFailure[] = [
    { kind: 'invalid-records', count: 2 },
    { kind: 'drift', count: 1 },
    { kind: 'coverage', percent: 0, threshold: 80 },
  ];
  const printed = printSimulateResult(
    { kind: 'flows', report, source: 'flows.ndjson', warnings: 0, failures },
    { output: 'text', color: false, toolVersion: '0.0.0' },
  );
  expect(printed.map((p) => p.stream)).toEqual(['stdout', 'stderr']);
  expect(printed[1].text).toBe('2 invalid flow records; 1 drift; mTLS coverage 0.0% < 80%');
  expect(simulateExitCode({ kind: 'flows', report, source: 'x', warnings: 0, failures })).toBe(1);

  const passing = printSimulateResult(
    { kind: 'flows', report, source: 'flows.ndjson', warnings: 0, failures: [] },
    { output: 'text', color: false, toolVersion: '0.0.0' },
  );
  expect(passing.map((p) => p.stream)).toEqual(['stdout']);
  expect(simulateExitCode({ kind: 'flows', report, source: 'x', warnings: 0, failures: [] })).toBe(0);
});
