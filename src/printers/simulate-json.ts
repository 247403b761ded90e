/** `simulate -o json`: every pair in the explain shape, the summary, coverage and baseline changes (docs/explain.md). */
import { connectionResultToJson, type ConnectionResultJson } from '../core/policy/json';
import type { Simulation, VerdictChange, Coverage } from '../core/policy/simulate';
import type { Verdict } from '../core/manifest/types';
import { renderJsonDocument } from './envelope';

export interface SimulateJson {
  results: ({
    from: string;
    to: string;
    expect?: Verdict;
    expectation?: 'passed' | 'failed';
  } & ConnectionResultJson)[];
  summary: Simulation['summary'];
  coverage: Coverage;
  changes?: VerdictChange[];
}

export function simulationToJson(sim: Simulation, changes?: VerdictChange[]): SimulateJson {
  const out: SimulateJson = {
    results: sim.pairs.map((p) => ({
      from: p.from,
      to: p.toText,
      ...(p.expect ? { expect: p.expect, expectation: p.expectation } : {}),
      ...connectionResultToJson(p.result),
    })),
    summary: sim.summary,
    coverage: sim.coverage,
  };
  if (changes) out.changes = changes;
  return out;
}

export function printSimulateJson(sim: Simulation, changes?: VerdictChange[]): string {
  return renderJsonDocument('Simulation', simulationToJson(sim, changes));
}
