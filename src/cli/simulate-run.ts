/**
 * The body of `simulate` (src/commands/simulate.ts keeps the flags): a scenario simulation (matrix,
 * expectations, coverage, change impact against --baseline) or, with --flows, a replay of observed
 * flows (src/cli/simulate-flows.ts). Returns a `SimulateResult`; src/printers/simulate-result.ts
 * prints it. Callable without oclif.
 */
import { usageError } from '../core/errors';
import {
  buildSnapshot,
  compareSimulations,
  countRegressions,
  endpointKey,
  failsGate,
  parseEndpoint,
  planPairs,
  scenarioInput,
  simulate,
  type PlannedPair,
  type RegressionGate,
} from '../core/policy';
import { TABLE_MATRIX_CELLS, type SimulateResult } from '../printers/simulate-result';
import type { ConnectionFlagValues } from './context';
import { loadPolicyInputs } from './load-policy-inputs';
import { checkPairCoverage, runSimulateFlows, type SimulateFlowsFlags } from './simulate-flows';

export interface SimulateFlags extends SimulateFlowsFlags, ConnectionFlagValues {
  scenario?: string;
  'fail-on-regression'?: RegressionGate;
}

export async function runSimulate(flags: SimulateFlags): Promise<SimulateResult> {
  if (flags.flows !== undefined || flags['flows-live']) return runSimulateFlows(flags, { connection: flags });
  if (flags.output === 'sarif')
    throw usageError(
      '-o sarif is for --flows; a scenario simulation prints table (= text), json, mermaid or dot',
    );
  if (flags['fail-on-regression'] && !flags.baseline)
    throw usageError('--fail-on-regression needs --baseline PATH');
  const inputs = await loadPolicyInputs(flags.filename ?? [], {
    recursive: flags.recursive,
    scenario: flags.scenario,
    live: flags.live ? flags : undefined,
  });
  if (!inputs.scenario)
    throw usageError('simulate needs a scenario (kind: Scenario)', [
      'pass it with --scenario FILE or among the -f inputs',
    ]);
  const scenario = scenarioInput(inputs.scenario);
  const snapshot = buildSnapshot(inputs.resources, scenario);
  const connections: PlannedPair[] = (inputs.scenario.data.spec.connections ?? []).map((c, i) => ({
    from: c.from,
    to: parseEndpoint(c.to)!,
    expect: c.expect,
    ref: { origin: inputs.scenario!.origin, path: `/spec/connections/${i}` },
  }));
  const plan = planPairs(snapshot, connections);
  // `-o text` is every command's human format: here, the table.
  const table = flags.output === 'table' || flags.output === 'text';
  // Table output of a big matrix keeps full results only for the pairs it lists.
  const cells = plan.workloads.length * plan.endpoints.length;
  const retain = !table || cells <= TABLE_MATRIX_CELLS ? 'all' : 'notable';
  const sim = simulate(snapshot, plan, {
    trace: flags.output === 'json',
    retain,
    onProgress: progressOnTerminal(plan.from.length),
  });
  let changes;
  if (flags.baseline) {
    const baseInputs = await loadPolicyInputs(flags.baseline, { recursive: flags.recursive });
    const baseSim = simulate(buildSnapshot(baseInputs.resources, scenario), plan, {
      retain: 'notable',
      sample: 0,
    });
    changes = compareSimulations(baseSim, sim);
  }
  const gate = flags['fail-on-regression'];
  const gated = gate && changes ? changes.filter((c) => failsGate(c, gate)) : [];
  const pct = flags['min-mtls-coverage'];
  return {
    kind: 'scenario',
    sim,
    changes,
    listenerOf: (to) => {
      const e = parseEndpoint(to);
      return e ? snapshot.listeners.get(endpointKey(e.address, e.port))?.workload.peer.name : undefined;
    },
    warnings: inputs.warnings.length,
    coverage: pct === undefined ? undefined : checkPairCoverage(snapshot, sim, pct),
    regressions: { count: gated.length, ...countRegressions(gated) },
  };
}

/** Progress on a terminal only, never in machine output (SPEC §5), for big simulations. */
function progressOnTerminal(total: number) {
  if (!process.stderr.isTTY || total <= 200_000) return undefined;
  return (done: number, all: number) =>
    process.stderr.write(
      done < all ? `\rsimulating ${Math.floor((done / all) * 100)}% of ${all} connections` : '\r\x1b[K',
    );
}
