/**
 * What `ctl apply`, `ctl delete` and `ctl diff` share: the --dry-run flag, reading and checking
 * `-f` inputs (stopping with the findings when any is an error), and printing their results
 * (src/printers/ctl-result.ts).
 */
import { Flags } from '@oclif/core';
import { ExitCode, usageError } from '../core/errors';
import { ctlExitCode, printCtlResult, type CtlBlocked, type CtlResult } from '../printers/ctl-result';
import type { Printed, PrintOptions } from '../printers/printed';
import { BaseCommand } from './base-command';
import {
  hasBlockingFindings,
  loadResourcesForApply,
  type LoadForApplyOptions,
  type ResourcesForApply,
} from './load-resources-for-apply';

/** `--dry-run=none|client|server`, described per command. */
export function dryRunFlag(description: string) {
  return Flags.option({
    description,
    options: ['none', 'client', 'server'] as const,
    default: 'none' as const,
  })();
}

export abstract class CtlCommand extends BaseCommand<CtlResult> {
  /** Read and check the `-f` inputs (a usage error without any). */
  protected async loadChecked(
    filenames: string[] | undefined,
    options: LoadForApplyOptions & { verb: string },
  ): Promise<ResourcesForApply> {
    if (!filenames?.length)
      throw usageError(`ctl ${options.verb} needs manifests: -f FILE|DIR|-`, [
        `riptides-cli ctl ${options.verb} -f examples/quickstart`,
      ]);
    return loadResourcesForApply(filenames, options);
  }

  protected override print(result: CtlResult, options: PrintOptions): Printed {
    return printCtlResult(result, options);
  }

  protected override exitCodeFor(result: CtlResult): number {
    return ctlExitCode(result);
  }

  /** A command stopped part-way: what was done is printed, then the error is rendered (exit 3 …). */
  protected override async afterPrint(result: CtlResult): Promise<void> {
    if ((result.kind === 'written' || result.kind === 'failed') && result.error) throw result.error;
  }
}

/**
 * With an error among the findings, the result that stops the command (nothing may be sent):
 * exit 1, or `exitCode` (ctl diff uses 2, like kubectl diff). Undefined when nothing blocks.
 */
export function blockedBy(
  input: ResourcesForApply,
  options: { exitCode?: number; skipped?: CtlBlocked['skipped'] } = {},
): CtlBlocked | undefined {
  if (!hasBlockingFindings(input)) return undefined;
  return {
    kind: 'blocked',
    report: input.report,
    sourceLine: input.sourceLine,
    skipped: options.skipped ?? [],
    exitCode: options.exitCode ?? ExitCode.FINDINGS,
  };
}
