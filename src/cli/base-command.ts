/**
 * The base of every riptides-cli command: shared flags, colour decisions, and the one error renderer.
 * A command's `run()` parses, calls the core, and writes what a printer returned; anything it throws
 * is rendered here (what, where, how to fix) with the SPEC §5 exit code.
 */
import { Command, Flags, Interfaces } from '@oclif/core';
import { ExitCode, isRiptidesError } from '../core/errors';
import { closestMatch } from '../core/text/suggest';
import { configureColor, renderError } from './render-error';

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<
  (typeof BaseCommand)['baseFlags'] & T['flags']
>;

export abstract class BaseCommand extends Command {
  static override baseFlags = {
    debug: Flags.boolean({
      description: 'Show stack traces and internal details on errors.',
      helpGroup: 'GLOBAL',
    }),
    color: Flags.boolean({
      description: 'Colour text output (default: only on a terminal; NO_COLOR turns it off).',
      allowNo: true,
      helpGroup: 'GLOBAL',
    }),
  };

  /** Set from --debug as soon as flags are parsed, so errors during run() know it. */
  protected debugMode = process.argv.includes('--debug');

  /** Whether text output should be coloured: a TTY, no NO_COLOR, no --no-color. */
  protected useColor(flags: { color?: boolean }): boolean {
    return configureColor(flags.color, process.stdout.isTTY === true, process.env);
  }

  /** Write machine or human output to stdout exactly as given (a trailing newline is added if missing). */
  protected emit(text: string): void {
    if (text === '') return;
    process.stdout.write(text.endsWith('\n') ? text : text + '\n');
  }

  /** Human-facing notes and warnings go to stderr so that stdout stays machine-readable. */
  protected note(text: string): void {
    process.stderr.write(text.endsWith('\n') ? text : text + '\n');
  }

  /** Set the exit status without throwing (the command finishes normally, oclif flushes output). */
  protected setExitCode(code: number): void {
    process.exitCode = code;
  }

  protected override async catch(
    err: Error & { exitCode?: number; oclif?: { exit?: number } },
  ): Promise<unknown> {
    // oclif's own control flow (this.exit(), help) passes through untouched.
    if ((err as { code?: string }).code === 'EEXIT') throw err;
    const color = configureColor(undefined, process.stderr.isTTY === true, process.env);
    if (isRiptidesError(err)) {
      process.stderr.write(renderError(err, { debug: this.debugMode, color }));
      process.exitCode = err.exitCode;
      return;
    }
    if (err.oclif?.exit !== undefined) {
      // Flag and argument parsing errors from oclif: usage (exit 2). The arguments were parsed (and
      // refused): without this oclif adds an "UnparsedCommand" warning naming its internal id.
      this.parsed = true;
      process.stderr.write(
        renderError(err, {
          debug: this.debugMode,
          color,
          suggestions: [
            ...flagSuggestions(err.message, this.ctor.flags ?? {}, this.ctor.baseFlags ?? {}),
            `See: ${this.config.bin} ${(this.id ?? '').replaceAll(':', ' ')} --help`,
          ],
        }),
      );
      process.exitCode = err.oclif.exit === 0 ? 0 : ExitCode.USAGE;
      return;
    }
    process.stderr.write(renderError(err, { debug: this.debugMode, color, internal: true }));
    process.exitCode = ExitCode.INTERNAL;
    return;
  }
}

/** "did you mean --dry-run?" for each flag oclif called nonexistent (`--dryrun=server`, `--atomc`). */
export function flagSuggestions(message: string, ...flagSets: Record<string, unknown>[]): string[] {
  const m = /Nonexistent flags?: (.+)/.exec(message);
  if (!m) return [];
  const names = flagSets.flatMap((f) => Object.keys(f));
  const out: string[] = [];
  for (const given of m[1].split(/,\s*/)) {
    const name = given.replace(/^--?/, '').replace(/=.*$/, '');
    const near = closestMatch(name, names, 0.4);
    if (near) out.push(`${given.replace(/=.*$/, '')}: did you mean --${near}?`);
  }
  return out;
}
