/** `riptides-cli explain connection`: predict one connection's outcome from manifests, step by step. */
import { Flags } from '@oclif/core';
import { connectionFlags } from '../../cli/connection-flags';
import { BaseCommand } from '../../cli/base-command';
import { filenameFlag, liveFlag, outputFlag, recursiveFlag } from '../../cli/flags';
import { inferTrustDomain, loadPolicyInputs, parseAttributes } from '../../cli/load-policy-inputs';
import { ExitCode, usageError } from '../../core/errors';
import { VERDICTS, type Verdict } from '../../core/manifest/types';
import {
  buildSnapshot,
  evaluateConnection,
  parseEndpoint,
  scenarioInput,
  UnknownWorkloadError,
  type Peer,
  type ScenarioInput,
} from '../../core/policy';
import { printExplainJson } from '../../printers/explain-json';
import { printExplainText } from '../../printers/explain-text';
import { didYouMean } from '../../core/text/suggest';
import { explainFlow, flowTrustDomain, loadFlowRecord } from '../../cli/explain-flow';
import { printExplainFlowJson, printExplainFlowText } from '../../printers/explain-flow';

export default class ExplainConnection extends BaseCommand {
  static override summary = 'Explain why a connection gets mTLS, TLS, plain TCP or is rejected';
  static override description = `Evaluates one connection against WorkloadIdentity and Service manifests (SPEC §3) and prints every decision with the manifest line that made it, the nearest misses when an identity does not match, and a fix with YAML to paste.

The source is a scenario workload (--from NAME with --scenario FILE) or described ad hoc (--from-attr KEY=VALUE…, --from-daemon-group ID). The destination is HOST:PORT; a scenario workload listening there is the peer, or describe it with --to-attr / --to-daemon-group (without them an unknown destination is unmanaged).

--flow FILE[:LINE] explains an observed connection (a flow record, docs/flows.md) instead: its attributes, daemon, daemon group and addresses are the peers, and the output puts the observed verdict beside the predicted one, with what could explain a difference (FILE alone: its first record; - reads stdin). --flow-id ID reads the flow from the current context's control plane.

Exit codes:
  0   the connection was explained, whatever its verdict
  1   invalid manifests or scenario; --expect did not match
  2   usage: bad flags, a path that does not exist, unknown workload
  3   with --live: the control plane is unreachable, refused the credentials or failed
  10  with --exit-code: the verdict is PLAINTEXT
  11  with --exit-code: the verdict is REJECTED
  70  internal error (a bug)`;
  static override examples = [
    '<%= config.bin %> explain connection -f examples/quickstart --flow flows.ndjson:42',
    '<%= config.bin %> explain connection --live --flow-id 1234',
    '<%= config.bin %> explain connection -f examples/quickstart --scenario examples/quickstart/scenario.yaml --from frontend --to backend-api.myapp.svc.cluster.local:3000',
    '<%= config.bin %> explain connection -f examples/quickstart --from-attr process:name=curl --from-daemon-group riptides/daemongroup/dev-eu-west-1/on-demand-workers --to backend-api.myapp.svc.cluster.local:3000 --trust-domain example.com -o json',
  ];

  static override flags = {
    filename: filenameFlag,
    recursive: recursiveFlag,
    live: liveFlag,
    ...connectionFlags,
    scenario: Flags.string({
      description: 'Scenario file (kind: Scenario): workloads, listen addresses, trust domain.',
    }),
    from: Flags.string({ description: 'Source: the name of a scenario workload.' }),
    to: Flags.string({ description: 'Destination HOST:PORT.', exactlyOne: ['to', 'flow', 'flow-id'] }),
    'flow-id': Flags.string({
      description: "An observed connection stored in the current context's control plane (GET /v1/flows/ID).",
      exactlyOne: ['to', 'flow', 'flow-id'],
      exclusive: [
        'from',
        'from-attr',
        'from-daemon',
        'from-daemon-group',
        'to-attr',
        'to-daemon',
        'to-daemon-group',
        'scenario',
      ],
    }),
    flow: Flags.string({
      description: 'An observed connection: FILE[:LINE] of an NDJSON flow file (- for stdin).',
      exactlyOne: ['to', 'flow', 'flow-id'],
      exclusive: [
        'from',
        'from-attr',
        'from-daemon',
        'from-daemon-group',
        'to-attr',
        'to-daemon',
        'to-daemon-group',
        'scenario',
      ],
    }),
    'from-attr': Flags.string({
      description: 'Ad-hoc source attribute KEY=VALUE (a selector key). Repeatable.',
      multiple: true,
    }),
    'from-daemon-group': Flags.string({ description: 'Ad-hoc source: the daemon group it runs in.' }),
    'from-daemon': Flags.string({ description: 'Ad-hoc source: the daemon it runs on.' }),
    'to-attr': Flags.string({
      description: 'Ad-hoc destination attribute KEY=VALUE (makes it a Riptides candidate). Repeatable.',
      multiple: true,
    }),
    'to-daemon-group': Flags.string({ description: 'Ad-hoc destination: its daemon group.' }),
    'to-daemon': Flags.string({ description: 'Ad-hoc destination: its daemon.' }),
    'trust-domain': Flags.string({
      description: 'Trust domain (default: the scenario’s, else the one the manifests’ SPIFFE IDs use).',
    }),
    output: outputFlag(['text', 'json'] as const, 'text'),
    expect: Flags.option({ description: 'Exit 1 unless the verdict is this.', options: VERDICTS })(),
    'exit-code': Flags.boolean({ description: 'Exit 0 for MTLS/TLS, 10 for PLAINTEXT, 11 for REJECTED.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ExplainConnection);
    this.debugMode = flags.debug === true;
    if (flags.flow !== undefined || flags['flow-id'] !== undefined) return this.runFlow(flags);
    const to = parseEndpoint(flags.to!);
    if (!to)
      throw usageError(`--to ${JSON.stringify(flags.to)}: expected HOST:PORT with a port 1–65535`, [
        'e.g. --to backend-api.myapp.svc.cluster.local:3000',
        "an IPv6 address goes in brackets: --to '[fd00::1]:443'",
      ]);
    const inputs = await loadPolicyInputs(flags.filename ?? [], {
      recursive: flags.recursive,
      scenario: flags.scenario,
      live: flags.live ? flags : undefined,
    });
    if (inputs.warnings.length > 0)
      this.note(
        `${inputs.warnings.length} warning(s) in the manifests; riptides-cli validate -f … lists them`,
      );
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

    let result;
    try {
      result = evaluateConnection(snapshot, { from, to, toPeer });
    } catch (err) {
      if (err instanceof UnknownWorkloadError) {
        throw usageError(
          `--from ${err.workload}: ${err.message}`,
          [
            didYouMean(err.workload, err.known) || `known workloads: ${err.known.join(', ') || 'none'}`,
          ].filter(Boolean),
        );
      }
      throw err;
    }
    this.emit(
      flags.output === 'json'
        ? printExplainJson(result)
        : printExplainText(result, { color: this.useColor(flags) }),
    );
    if (flags.expect && flags.expect !== result.verdict) {
      this.note(`expected ${flags.expect}, got ${result.verdict}`);
      this.setExitCode(ExitCode.FINDINGS);
    } else if (flags['exit-code']) {
      const v: Verdict = result.verdict;
      this.setExitCode(
        v === 'PLAINTEXT' ? ExitCode.PLAINTEXT : v === 'REJECTED' ? ExitCode.REJECTED : ExitCode.OK,
      );
    }
  }

  /** --flow: one observed connection beside the prediction. */
  private async runFlow(flags: {
    flow?: string;
    'flow-id'?: string;
    filename?: string[];
    recursive?: boolean;
    live?: boolean;
    'trust-domain'?: string;
    output: 'text' | 'json';
    expect?: Verdict;
    'exit-code'?: boolean;
    color?: boolean;
  }): Promise<void> {
    if (flags.flow === '-' && flags.filename?.includes('-'))
      throw usageError('--flow - and -f - both read stdin; put the manifests or the flow in a file');
    const inputs = await loadPolicyInputs(flags.filename ?? [], {
      recursive: flags.recursive,
      live: flags.live ? (flags as Parameters<typeof loadPolicyInputs>[1]['live']) : undefined,
    });
    if (inputs.warnings.length > 0)
      this.note(
        `${inputs.warnings.length} warning(s) in the manifests; riptides-cli validate -f … lists them`,
      );
    let flow, origin;
    if (flags['flow-id'] !== undefined) {
      const { fetchFlow } = require('../../cli/live-flows') as typeof import('../../cli/live-flows');
      flow = await fetchFlow(flags as Parameters<typeof fetchFlow>[0], flags['flow-id']);
      origin = { file: 'control plane', id: flags['flow-id'] };
    } else {
      const loaded = await loadFlowRecord(flags.flow!);
      flow = loaded.flow;
      origin = { file: loaded.file, line: loaded.line };
    }
    const td = flowTrustDomain(flags['trust-domain'], inputs.liveTrustDomain, inputs.resources, flow);
    const r = explainFlow(inputs.resources, td, flow, origin);
    this.emit(
      flags.output === 'json'
        ? printExplainFlowJson(r)
        : printExplainFlowText(r, { color: this.useColor(flags) }),
    );
    this.finishVerdict(r.result.verdict, flags);
  }

  private finishVerdict(verdict: Verdict, flags: { expect?: Verdict; 'exit-code'?: boolean }): void {
    if (flags.expect && flags.expect !== verdict) {
      this.note(`expected ${flags.expect}, got ${verdict}`);
      this.setExitCode(ExitCode.FINDINGS);
    } else if (flags['exit-code']) {
      this.setExitCode(
        verdict === 'PLAINTEXT'
          ? ExitCode.PLAINTEXT
          : verdict === 'REJECTED'
            ? ExitCode.REJECTED
            : ExitCode.OK,
      );
    }
  }
}
