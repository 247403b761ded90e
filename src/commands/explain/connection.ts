/** `riptides-cli explain connection`: predict one connection's outcome from manifests, step by step. */
import { Flags } from '@oclif/core';
import { connectionFlags } from '../../cli/connection-flags';
import { BaseCommand } from '../../cli/base-command';
import { runExplainConnection } from '../../cli/explain-run';
import { filenameFlag, liveFlag, outputFlag, recursiveFlag } from '../../cli/flags';
import { VERDICTS } from '../../core/manifest/types';
import { explainExitCode, printExplainResult, type ExplainResult } from '../../printers/explain-result';
import type { Printed, PrintOptions } from '../../printers/printed';

export default class ExplainConnection extends BaseCommand<ExplainResult> {
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

  async run(): Promise<ExplainResult> {
    const { flags } = await this.parse(ExplainConnection);
    return runExplainConnection(flags);
  }

  protected override print(result: ExplainResult, options: PrintOptions): Printed {
    return printExplainResult(result, options);
  }

  protected override exitCodeFor(result: ExplainResult): number {
    return explainExitCode(result);
  }
}
