/** `simulate -o json`: every pair in the explain shape, the summary, coverage and baseline changes (docs/explain.md). */
import { connectionResultToJson, type ConnectionResultJson } from './connection-json';
import {
  countRegressions,
  type Simulation,
  type VerdictChange,
  type Coverage,
} from '../core/policy/simulate';
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
  /** With a baseline: the number of security and availability regressions among `changes`. */
  regressions?: { security: number; availability: number };
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
  if (changes) {
    out.changes = changes;
    out.regressions = countRegressions(changes);
  }
  return out;
}

export function printSimulateJson(sim: Simulation, changes?: VerdictChange[]): string {
  return renderJsonDocument('Simulation', simulationToJson(sim, changes));
}
