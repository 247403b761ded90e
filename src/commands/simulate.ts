/** `riptides-cli simulate`: many connections at once — matrix, graph, expectations, coverage, change impact. */
import { Flags } from '@oclif/core';
import { connectionFlags } from '../cli/connection-flags';
import { BaseCommand } from '../cli/base-command';
import { filenameFlag, liveFlag, outputFlag, recursiveFlag } from '../cli/flags';
import { runSimulate } from '../cli/simulate-run';
import type { RegressionGate } from '../core/policy';
import type { Printed, PrintOptions } from '../printers/printed';
import { printSimulateResult, simulateExitCode, type SimulateResult } from '../printers/simulate-result';

const REGRESSION_GATES = ['security', 'availability', 'any'] as const satisfies readonly RegressionGate[];

export default class Simulate extends BaseCommand<SimulateResult> {
  static override summary =
    'Evaluate many connections: reachability matrix, expectations, coverage, change impact';
  static override description = `Evaluates the scenario's connections — or, when it lists none, every workload × every endpoint (workload listen addresses, external endpoints, Service addresses) — with the same engine as "explain connection".

-o table prints a matrix with a glyph per verdict, the non-mTLS pairs with their main reason, failed expectations and coverage; -o json every pair in the explain shape; -o mermaid / -o dot a graph coloured by verdict. --baseline PATH… evaluates the same pairs against other manifests (e.g. the main branch's) and lists every pair whose verdict changes, as a security regression (newly admitted: REJECTED → PLAINTEXT/TLS/MTLS, or less protected: MTLS → TLS/PLAINTEXT, TLS → PLAINTEXT), an availability regression (newly REJECTED) or an improvement. --fail-on-regression [security|availability|any] (bare: any) gates on them.

--flows FILE|- replays observed connections (NDJSON flow records, docs/flows.md) instead of a scenario: per flow the predicted verdict beside the observed one, status agree | drift, and with --baseline CURRENT -f STAGED (or --live -f STAGED) also changes; a summary by status and by (source identity, destination) pair. Output -o text|json|sarif.

Exit codes:
  0   done; every expectation holds (and no regression of the gated kind with --fail-on-regression)
  1   an expectation failed; a regression of the gated kind with --fail-on-regression; invalid manifests or scenario;
      with --flows: invalid flow records, --fail-on matched, or mTLS coverage below --min-mtls-coverage
  2   usage: bad flags, a path that does not exist, no scenario
  3   with --live: the control plane is unreachable, refused the credentials or failed
  70  internal error (a bug)`;
  static override examples = [
    '<%= config.bin %> simulate -f examples/quickstart --scenario examples/quickstart/scenario.yaml',
    '<%= config.bin %> simulate -f manifests/ --scenario scenario.yaml --baseline ../main/manifests --fail-on-regression',
    '<%= config.bin %> simulate -f manifests/ --scenario scenario.yaml --baseline ../main/manifests --fail-on-regression security',
    '<%= config.bin %> simulate -f examples/implicit-mtls -o mermaid',
    '<%= config.bin %> simulate -f examples/quickstart --flows flows.ndjson --fail-on drift',
    '<%= config.bin %> simulate --baseline main/manifests -f manifests/ --flows flows.ndjson -o sarif --fail-on any',
  ];

  static override flags = {
    filename: filenameFlag,
    recursive: recursiveFlag,
    live: liveFlag,
    ...connectionFlags,
    scenario: Flags.string({
      description: 'Scenario file (default: the one kind: Scenario document among -f).',
    }),
    output: outputFlag(['table', 'json', 'mermaid', 'dot', 'text', 'sarif'] as const, 'table'),
    flows: Flags.string({
      description: 'Replay observed connections: an NDJSON flow file, or - for stdin (docs/flows.md).',
      exclusive: ['scenario', 'fail-on-regression', 'flows-live'],
    }),
    'flows-live': Flags.boolean({
      description: "Replay the flows stored in the current context's control plane (GET /v1/flows).",
      exclusive: ['scenario', 'fail-on-regression'],
    }),
    since: Flags.string({
      description:
        'With --flows-live: only flows at or after this time (RFC 3339, or a duration back from now: 1h, 7d).',
      dependsOn: ['flows-live'],
    }),
    'fail-on': Flags.option({
      description: 'With --flows: exit 1 when a flow has this status (any: drift or changes).',
      options: ['drift', 'changes', 'any'] as const,
      relationships: [{ type: 'some', flags: ['flows', 'flows-live'] }],
    })(),
    'min-mtls-coverage': Flags.integer({
      description:
        'Exit 1 when fewer than PCT% are predicted MTLS (of the flows with --flows, else of the scenario pairs); lists every non-MTLS pair with its deciding manifest line.',
      min: 0,
      max: 100,
    }),
    'trust-domain': Flags.string({
      description:
        'With --flows: the trust domain (default: the control plane’s, else the one the manifests’ SPIFFE IDs use).',
      relationships: [{ type: 'some', flags: ['flows', 'flows-live'] }],
    }),
    baseline: Flags.string({
      description: 'Manifests to compare against (files or directories). Repeatable.',
      multiple: true,
    }),
    'fail-on-regression': Flags.option({
      description:
        'Exit 1 on a regression against --baseline: security (a connection newly admitted or less protected), availability (newly REJECTED) or any. The bare flag means any.',
      options: REGRESSION_GATES,
    })(),
  };

  async run(): Promise<SimulateResult> {
    const { flags } = await this.parse(Simulate, bareFailOnRegression(this.argv));
    return runSimulate(flags);
  }

  protected override print(result: SimulateResult, options: PrintOptions): Printed {
    return printSimulateResult(result, { ...options, toolVersion: this.config.version });
  }

  protected override exitCodeFor(result: SimulateResult): number {
    return simulateExitCode(result);
  }
}

/**
 * `--fail-on-regression` given without a value means `any` (the flag was a boolean before it took a
 * kind): oclif has no optional flag values, so the bare flag is rewritten to `--fail-on-regression=any`
 * unless the next word is one of the kinds. simulate takes no positional arguments, so nothing else
 * could follow it.
 */
export function bareFailOnRegression(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (a === '--fail-on-regression' && !(REGRESSION_GATES as readonly string[]).includes(argv[i + 1] ?? ''))
      out.push('--fail-on-regression=any');
    else out.push(a);
  }
  return out;
}
