/**
 * The body of `explain connection` (src/commands/explain/connection.ts keeps the flags): flags in,
 * an `ExplainResult` out — one connection described by flags, or one observed flow — printed by
 * src/printers/explain-result.ts. Callable without oclif.
 */
import { usageError } from '../core/errors';
import type { Verdict } from '../core/manifest/types';
import {
  buildSnapshot,
  evaluateConnection,
  parseEndpoint,
  scenarioInput,
  UnknownWorkloadError,
  type Peer,
  type ScenarioInput,
} from '../core/policy';
import { quote } from '../core/text/quote';
import { didYouMean } from '../core/text/suggest';
import type { ExplainResult } from '../printers/explain-result';
import type { ConnectionFlagValues } from './context';
import { explainFlow, flowTrustDomain, loadFlowRecord } from './explain-flow';
import { inferTrustDomain, loadPolicyInputs, parseAttributes } from './load-policy-inputs';

export interface ExplainFlags extends ConnectionFlagValues {
  filename?: string[];
  recursive?: boolean;
  live?: boolean;
  scenario?: string;
  from?: string;
  to?: string;
  flow?: string;
  'flow-id'?: string;
  'from-attr'?: string[];
  'from-daemon-group'?: string;
  'from-daemon'?: string;
  'to-attr'?: string[];
  'to-daemon-group'?: string;
  'to-daemon'?: string;
  'trust-domain'?: string;
  expect?: Verdict;
  'exit-code'?: boolean;
}

/** One connection described by the flags (a scenario workload or an ad-hoc peer) → its evaluation. */
export async function runExplainConnection(flags: ExplainFlags): Promise<ExplainResult> {
  if (flags.flow !== undefined || flags['flow-id'] !== undefined) return runExplainFlow(flags);
  const to = parseEndpoint(flags.to!);
  if (!to)
    throw usageError(`--to ${quote(flags.to)}: expected HOST:PORT with a port 1–65535`, [
      'e.g. --to backend-api.myapp.svc.cluster.local:3000',
      "an IPv6 address goes in brackets: --to '[fd00::1]:443'",
    ]);
  const inputs = await loadPolicyInputs(flags.filename ?? [], {
    recursive: flags.recursive,
    scenario: flags.scenario,
    live: flags.live ? flags : undefined,
  });
  const adHocFrom =
    flags['from-attr'] !== undefined ||
    flags['from-daemon-group'] !== undefined ||
    flags['from-daemon'] !== undefined;
  if (!adHocFrom && !flags.from)
    throw usageError('no source given', [
      'name a scenario workload with --from NAME (and --scenario FILE)',
      'or describe it with --from-attr KEY=VALUE and --from-daemon-group ID',
    ]);
  if (flags.from && !adHocFrom && !inputs.scenario)
    throw usageError(`--from ${flags.from} names a scenario workload, but no scenario was given`, [
      'add --scenario FILE',
      'or describe the source ad hoc with --from-attr KEY=VALUE',
    ]);

  const base: ScenarioInput = inputs.scenario
    ? scenarioInput(inputs.scenario)
    : { trustDomain: '', workloads: [], external: [] };
  const trustDomain =
    flags['trust-domain'] ??
    (inputs.scenario ? base.trustDomain : (inputs.liveTrustDomain ?? inferTrustDomain(inputs.resources)));
  if (!trustDomain)
    throw usageError('no trust domain: give --trust-domain (or a scenario with spec.trustDomain)', [
      'e.g. --trust-domain example.com',
    ]);
  const snapshot = buildSnapshot(inputs.resources, { ...base, trustDomain });

  const from: string | Peer = adHocFrom
    ? {
        name: flags.from,
        attributes: parseAttributes(flags['from-attr'], 'from-attr'),
        daemonGroup: flags['from-daemon-group'],
        daemon: flags['from-daemon'],
      }
    : flags.from!;
  const adHocTo =
    flags['to-attr'] !== undefined ||
    flags['to-daemon-group'] !== undefined ||
    flags['to-daemon'] !== undefined;
  const toPeer: Peer | undefined = adHocTo
    ? {
        attributes: parseAttributes(flags['to-attr'], 'to-attr'),
        daemonGroup: flags['to-daemon-group'],
        daemon: flags['to-daemon'],
        listen: [to],
      }
    : undefined;

  try {
    const result = evaluateConnection(snapshot, { from, to, toPeer });
    return { kind: 'connection', result, ...outcome(inputs.warnings.length, flags) };
  } catch (err) {
    if (err instanceof UnknownWorkloadError) {
      throw usageError(
        `--from ${err.workload}: ${err.message}`,
        [didYouMean(err.workload, err.known) || `known workloads: ${err.known.join(', ') || 'none'}`].filter(
          Boolean,
        ),
      );
    }
    throw err;
  }
}

/** --flow / --flow-id: one observed connection beside the prediction. */
async function runExplainFlow(flags: ExplainFlags): Promise<ExplainResult> {
  if (flags.flow === '-' && flags.filename?.includes('-'))
    throw usageError('--flow - and -f - both read stdin; put the manifests or the flow in a file');
  const inputs = await loadPolicyInputs(flags.filename ?? [], {
    recursive: flags.recursive,
    live: flags.live ? flags : undefined,
  });
  let flow, origin;
  if (flags['flow-id'] !== undefined) {
    const { fetchFlow } = require('./live-flows') as typeof import('./live-flows');
    flow = await fetchFlow(flags, flags['flow-id']);
    origin = { file: 'control plane', id: flags['flow-id'] };
  } else {
    const loaded = await loadFlowRecord(flags.flow!);
    flow = loaded.flow;
    origin = { file: loaded.file, line: loaded.line };
  }
  const td = flowTrustDomain(flags['trust-domain'], inputs.liveTrustDomain, inputs.resources, flow);
  const explained = explainFlow(inputs.resources, td, flow, origin);
  return { kind: 'flow', explained, result: explained.result, ...outcome(inputs.warnings.length, flags) };
}

function outcome(warnings: number, flags: ExplainFlags) {
  return { warnings, expect: flags.expect, verdictExitCode: flags['exit-code'] === true };
}
