/**
 * What `ctl apply`, `ctl delete` and `ctl diff` share: the --dry-run flag, reading and checking
 * `-f` inputs (stopping with the findings when any is an error), and printing write results.
 */
import { Flags } from '@oclif/core';
import { ExitCode, usageError } from '../core/errors';
import { renderJsonDocument } from '../printers/envelope';
import { printWriteResultJson, printWriteResultText, type WriteResult } from '../printers/ctl-apply';
import { BaseCommand } from './base-command';
import {
  hasBlockingFindings,
  loadResourcesForApply,
  renderBlockingFindings,
  type LoadForApplyOptions,
  type ResourcesForApply,
} from './load-resources-for-apply';
import { configureColor } from './render-error';

/** `--dry-run=none|client|server`, described per command. */
export function dryRunFlag(description: string) {
  return Flags.option({
    description,
    options: ['none', 'client', 'server'] as const,
    default: 'none' as const,
  })();
}

export abstract class CtlCommand extends BaseCommand {
  /**
   * Read and check the `-f` inputs. With an error among the findings, print them (text on stderr,
   * or JSON on stdout), set exit 1 (or `findingsExitCode`) and return undefined: nothing may be sent.
   */
  protected async loadChecked(
    filenames: string[] | undefined,
    options: LoadForApplyOptions & {
      json?: boolean;
      color?: boolean;
      verb: string;
      /** The exit status for blocking findings (default 1; ctl diff uses 2, like kubectl diff). */
      findingsExitCode?: number;
    },
  ): Promise<ResourcesForApply | undefined> {
    if (!filenames?.length)
      throw usageError(`ctl ${options.verb} needs manifests: -f FILE|DIR|-`, [
        `riptides-cli ctl ${options.verb} -f examples/quickstart`,
      ]);
    const input = await loadResourcesForApply(filenames, options);
    return this.stopOnBlockingFindings(input, options) ? input : undefined;
  }

  /**
   * With an error among the findings, print them (text on stderr, or JSON on stdout), set the exit
   * status and return false: nothing may be sent. True when nothing blocks.
   */
  protected stopOnBlockingFindings(
    input: ResourcesForApply,
    options: { json?: boolean; color?: boolean; findingsExitCode?: number },
  ): boolean {
    if (!hasBlockingFindings(input)) return true;
    if (options.json) {
      const { findings, summary } = input.report;
      this.emit(renderJsonDocument('WriteResult', { items: [], findings, summary }));
    } else {
      this.note(
        renderBlockingFindings(
          input,
          configureColor(options.color, process.stderr.isTTY === true, process.env),
        ),
      );
    }
    this.setExitCode(options.findingsExitCode ?? ExitCode.FINDINGS);
    return false;
  }

  /** Print apply/delete outcomes (lines on stdout, failures on stderr, or JSON); exit 1 if any failed. */
  protected printWriteResult(result: WriteResult, format: 'text' | 'json'): void {
    if (format === 'json') this.emit(printWriteResultJson(result));
    else {
      const printed = printWriteResultText(result);
      this.emit(printed.stdout);
      if (printed.stderr) this.note(printed.stderr);
    }
    if (result.items.some((i) => i.action === 'error')) this.setExitCode(ExitCode.FINDINGS);
  }
}
