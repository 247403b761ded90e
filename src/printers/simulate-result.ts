/**
 * `simulate`'s result → output. A scenario simulation: table, JSON, Mermaid or DOT on stdout, then
 * the coverage gate, failed expectations and regressions on stderr. A flow replay (--flows): text,
 * JSON or SARIF, then why it fails. The exit status it implies is `simulateExitCode`.
 */
import { ExitCode } from '../core/errors';
import type { FlowReport } from '../core/flows';
import { resolveRef, type Simulation, type VerdictChange } from '../core/policy';
import type { PairCoverageGate } from '../core/policy/mtls-coverage';
import { toStderr, toStdout, toStdoutParts, type Printed } from './printed';
import {
  describeFlowFailure,
  printFlowReportJsonParts,
  printFlowReportSarif,
  printFlowReportText,
  type FlowFailure,
} from './simulate-flows';
import { printSimulateDot, printSimulateMermaid } from './simulate-graph';
import { printSimulateJson } from './simulate-json';
import { printSimulateTable } from './simulate-text';

/** Above this many cells the table leaves the matrix out (it would not be readable). */
export const TABLE_MATRIX_CELLS = 2500;

export interface SimulateScenarioResult {
  kind: 'scenario';
  sim: Simulation;
  /** Against --baseline: every pair whose verdict changes. */
  changes?: VerdictChange[];
  /** The workload that listens at a HOST:PORT (graph labels). */
  listenerOf: (to: string) => string | undefined;
  /** Warnings in the manifests (validate lists them). */
  warnings: number;
  /** --min-mtls-coverage over the predicted pairs. */
  coverage?: PairCoverageGate;
  /** The changes that fail --fail-on-regression, by kind. */
  regressions: { count: number; security: number; availability: number };
}

export interface SimulateFlowsResult {
  kind: 'flows';
  report: FlowReport;
  /** The flows' source as shown: a file name, `<stdin>` or `the control plane`. */
  source: string;
  warnings: number;
  /** Why the replay fails: invalid records, --fail-on statuses, coverage below the gate (as data). */
  failures: FlowFailure[];
}

export type SimulateResult = SimulateScenarioResult | SimulateFlowsResult;

export function printSimulateResult(
  r: SimulateResult,
  options: { output: string; color: boolean; toolVersion: string },
): Printed {
  const out: Printed = [];
  if (r.warnings > 0)
    out.push(toStderr(`${r.warnings} warning(s) in the manifests; riptides-cli validate -f … lists them`));
  if (r.kind === 'flows') {
    out.push(
      options.output === 'json'
        ? toStdoutParts(printFlowReportJsonParts(r.report, r.source))
        : toStdout(
            options.output === 'sarif'
              ? printFlowReportSarif(r.report, r.source, options.toolVersion)
              : printFlowReportText(r.report, r.source),
          ),
    );
    if (r.failures.length > 0) out.push(toStderr(r.failures.map(describeFlowFailure).join('; ')));
    return out;
  }
  const { sim, changes } = r;
  if (options.output === 'json') out.push(toStdout(printSimulateJson(sim, changes)));
  else if (options.output === 'mermaid') out.push(toStdout(printSimulateMermaid(sim, r.listenerOf)));
  else if (options.output === 'dot') out.push(toStdout(printSimulateDot(sim, r.listenerOf)));
  else
    out.push(
      toStdout(
        printSimulateTable(sim, { color: options.color, changes, maxMatrixCells: TABLE_MATRIX_CELLS }),
      ),
    );
  if (r.coverage) out.push(toStderr(printPairCoverage(r.coverage)));
  const failed = sim.summary.expectations.failed;
  if (failed > 0) out.push(toStderr(`${failed} expectation${failed === 1 ? '' : 's'} failed`));
  const n = r.regressions;
  if (n.count > 0)
    out.push(
      toStderr(
        `${n.count} regression${n.count === 1 ? '' : 's'} against the baseline (${n.security} security, ${n.availability} availability)`,
      ),
    );
  return out;
}

/** The coverage gate of a scenario simulation, and every non-MTLS pair with its deciding line when it fails. */
export function printPairCoverage(gate: PairCoverageGate): string {
  const lines = [
    `mTLS coverage ${gate.percent.toFixed(1)}% of ${gate.total} predicted pairs (${gate.mtls} MTLS), required ${gate.threshold}%: ${gate.passed ? 'passed' : 'FAILED'}`,
  ];
  if (!gate.passed) {
    for (const p of gate.nonMtls) {
      const ref = p.decidedBy ? resolveRef(p.decidedBy) : undefined;
      lines.push(
        `  ${p.from} → ${p.to}  ${p.verdict}${p.mainReason ? ` [${p.mainReason}]` : ''}${ref ? `  ${ref.file}:${ref.line}:${ref.column} ${ref.path}` : ''}`,
      );
    }
    if (gate.omitted > 0) lines.push(`  … and ${gate.omitted} more non-MTLS pairs`);
  }
  return lines.join('\n');
}

/** 1 when a flow replay fails, an expectation fails, a gated regression or the coverage gate fails. */
export function simulateExitCode(r: SimulateResult): number {
  const failed =
    r.kind === 'flows'
      ? r.failures.length > 0
      : r.coverage?.passed === false || r.sim.summary.expectations.failed > 0 || r.regressions.count > 0;
  return failed ? ExitCode.FINDINGS : ExitCode.OK;
}
