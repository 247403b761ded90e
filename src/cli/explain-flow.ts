/**
 * `explain connection --flow FILE[:LINE]` (and `-` for stdin): one observed connection explained
 * against the manifests. The flow's attributes, daemon, daemon group and addresses become the peers.
 */
import { ExitCode, RiptidesError, usageError } from '../core/errors';
import {
  compareFlow,
  flowQuery,
  formatFlowError,
  oversizeFlowLine,
  parseFlowLine,
  type FlowRecord,
} from '../core/flows';
import { buildSnapshot, evaluateConnection } from '../core/policy';
import type { LocatedResource } from '../core/manifest/located';
import { trustDomainOf } from '../core/spiffe/id';
import { flowSourceName, parseFlowSpec, readFlowLine } from '../io/flow-lines';
import type { ExplainFlowResult } from '../printers/explain-flow';
import { inferTrustDomain } from './load-policy-inputs';

/** A flow record read from FILE[:LINE] or `-`; a bad record is exit 1 with file:line:col. */
export async function loadFlowRecord(
  spec: string,
): Promise<{ flow: FlowRecord; file: string; line: number }> {
  const { source, line } = parseFlowSpec(spec);
  const file = flowSourceName(source);
  const found = await readFlowLine(source, line);
  if ('lines' in found)
    throw usageError(
      line === undefined
        ? `${file}: no flow record in it`
        : `${file}:${line}: no such line (the file has ${found.lines} line${found.lines === 1 ? '' : 's'})`,
      ['give FILE:LINE with a line that holds a flow record (1-based), e.g. flows.ndjson:1'],
    );
  const parsed =
    'bytes' in found
      ? ({ ok: false, error: oversizeFlowLine(found.line, found.bytes) } as const)
      : parseFlowLine(found.text, found.line);
  if (parsed.ok === 'blank')
    throw usageError(`${file}:${found.line} is blank; give the line of a flow record`);
  if (parsed.ok === false)
    throw new RiptidesError(
      `not a valid flow record:\n  ${formatFlowError(file, parsed.error).join('\n  ')}`,
      {
        code: 'invalid-flow',
        exitCode: ExitCode.FINDINGS,
        location: { file, line: found.line, column: parsed.error.column },
        suggestions: ['each line is one JSON object as in schemas/flow.schema.json (docs/flows.md)'],
      },
    );
  return { flow: parsed.flow, file, line: found.line };
}

/** The trust domain: the flag, the control plane's, the manifests' SPIFFE IDs', else the flow's own. */
export function flowTrustDomain(
  flag: string | undefined,
  live: string | undefined,
  resources: readonly LocatedResource[],
  flow?: FlowRecord,
): string {
  const td =
    flag ??
    live ??
    inferTrustDomain(resources) ??
    (flow?.source.spiffeID ? trustDomainOf(flow.source.spiffeID) : undefined) ??
    (flow?.destination.spiffeID ? trustDomainOf(flow.destination.spiffeID) : undefined);
  if (!td)
    throw usageError('no trust domain: give --trust-domain (the manifests and the flow do not name one)', [
      'e.g. --trust-domain example.com',
    ]);
  return td;
}

/** Evaluate one flow with the full trace and compare it with the observation. */
export function explainFlow(
  resources: readonly LocatedResource[],
  trustDomain: string,
  flow: FlowRecord,
  origin: ExplainFlowResult['origin'],
): ExplainFlowResult {
  const snapshot = buildSnapshot(resources, { trustDomain, workloads: [], external: [] });
  const result = evaluateConnection(snapshot, flowQuery(flow), { trace: true });
  return { origin, flow, result, comparison: compareFlow(flow, result) };
}
