/**
 * `explain connection --flow`: the observed connection beside the prediction. JSON: the explain shape
 * (SPEC §3) plus `flow`, `observed`, `status` and `explanations` (docs/flows.md); text: a header with
 * observed vs predicted and what could explain a difference, then the usual trace.
 */
import type { FlowComparison, FlowRecord } from '../core/flows';
import { connectionResultToJson } from './connection-json';
import type { ConnectionResult } from '../core/policy/types';
import { printExplainText, verdictColor } from './explain-text';
import { describeFlowExplanation, flowExplanationsJson } from './flow-explanation-text';

export interface ExplainFlowResult {
  /** Where the record came from: file (or `<stdin>`, or `control plane`) and line (or flow id). */
  origin: { file: string; line?: number; id?: string };
  flow: FlowRecord;
  result: ConnectionResult;
  comparison: FlowComparison;
}

export function printExplainFlowJson(r: ExplainFlowResult): string {
  return (
    JSON.stringify(
      {
        ...connectionResultToJson(r.result),
        observed: {
          verdict: r.flow.observed.verdict,
          tlsVersion: r.flow.observed.tlsVersion ?? null,
          reason: r.flow.observed.reason ?? null,
        },
        status: r.comparison.status,
        explanations: flowExplanationsJson(r.comparison.explanations),
        flow: { ...r.origin, record: r.flow },
      },
      null,
      2,
    ) + '\n'
  );
}

const STATUS_TEXT = {
  agree: 'agree — the observation is what the manifests predict',
  drift: 'drift — the observation differs from what the manifests predict',
  changes: 'changes — the staged manifests would change this connection',
} as const;

export function printExplainFlowText(r: ExplainFlowResult, options: { color: boolean }): string {
  const f = r.flow;
  const where = r.origin.id
    ? `flow ${r.origin.id}`
    : `${r.origin.file}${r.origin.line !== undefined ? `:${r.origin.line}` : ''}`;
  const daemon = [f.daemon ? `daemon ${f.daemon}` : '', f.daemonGroup ? `group ${f.daemonGroup}` : '']
    .filter(Boolean)
    .join(', ');
  const ov = verdictColor(f.observed.verdict, options.color);
  const pv = verdictColor(r.result.verdict, options.color);
  const lines = [
    `Observed flow  ${where}  ${f.time}${daemon ? `  (${daemon})` : ''}`,
    `  observed   ${ov(f.observed.verdict)}${f.observed.tlsVersion ? ` · TLS ${f.observed.tlsVersion}` : ''}${f.observed.reason ? `  — daemon: ${f.observed.reason}` : ''}`,
    `  predicted  ${pv(r.result.verdict)}`,
    ...(r.comparison.staged ? [`  staged     ${r.comparison.staged}`] : []),
    `  status     ${STATUS_TEXT[r.comparison.status]}`,
  ];
  if (r.comparison.explanations.length > 0) {
    lines.push('  what could explain it:');
    for (const e of r.comparison.explanations) lines.push(`    - ${describeFlowExplanation(e)}  [${e.code}]`);
  }
  lines.push('', '');
  return lines.join('\n') + printExplainText(r.result, options);
}
