/**
 * The base of every riptides-cli command: shared flags, colour decisions, printing and the one error
 * renderer. A command's `run()` parses, calls the core and returns its result (a typed value); `_run`
 * then prints it with the command's `print(result)` (a printer chosen by -o) and sets
 * `exitCodeFor(result)` (SPEC §5). Anything run() throws is rendered here (what, where, how to fix).
 * docs/output.md, "From result to output", describes the flow.
 */
import { Command, Flags, Interfaces } from '@oclif/core';
import { ExitCode, isRiptidesError } from '../core/errors';
import { closestMatch } from '../core/text/suggest';
import type { Printed, PrintOptions } from '../printers/printed';
import { configureColor, renderError } from './render-error';

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<
  (typeof BaseCommand)['baseFlags'] & T['flags']
>;

export abstract class BaseCommand<R = void> extends Command {
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

  /** The -o format and colour decisions, set when the flags are parsed. */
  protected printOptions: PrintOptions = { output: 'text', color: false, colorStderr: false };

  /** Parse, then note what printing needs (-o, --color) and --debug. */
  protected override async parse<
    // oclif's own constraints (FlagOutput, ArgOutput), which it does not export.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    F extends Record<string, any>,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    B extends Record<string, any>,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    A extends Record<string, any>,
  >(options?: Interfaces.Input<F, B, A>, argv?: string[]): Promise<Interfaces.ParserOutput<F, B, A>> {
    const parsed = await super.parse(options, argv);
    const flags = parsed.flags as { output?: unknown; color?: boolean; debug?: boolean };
    if (flags.debug === true) this.debugMode = true;
    this.printOptions = {
      output: typeof flags.output === 'string' ? flags.output : 'text',
      color: this.useColor(flags),
      colorStderr: configureColor(flags.color, process.stderr.isTTY === true, process.env),
    };
    return parsed;
  }

  /** Parse, check, compute: everything but printing. Returns the command's result. */
  abstract override run(): Promise<R>;

  /** The result as text for stdout/stderr, by `this.printOptions.output` (a printer in src/printers). */
  protected abstract print(result: R, options: PrintOptions): Printed;

  /** The SPEC §5 exit status the result means (0 unless a command says otherwise). */
  protected exitCodeFor(_result: R): number {
    return ExitCode.OK;
  }

  /** After printing: a long-running command (controlplane serve) waits here until it is stopped. */
  protected async afterPrint(_result: R): Promise<void> {}

  /** Write a printer's output: stdout chunks as `emit`, stderr chunks as `note`, in order. */
  protected async write(printed: Printed): Promise<void> {
    for (const chunk of printed) {
      if (chunk.parts) {
        // A report written in parts is produced as it is written: wait for stdout to take each part
        // (a pipe holds 64 KiB), so the parts already written are not all kept in memory at once.
        for (const part of chunk.parts)
          if (!process.stdout.write(part))
            await new Promise((resolve) => process.stdout.once('drain', resolve));
      } else if (chunk.stream === 'stdout') this.emit(chunk.text);
      else this.note(chunk.text);
    }
  }

  /**
   * oclif's `_run` (init → run → catch → finally), with the result printed and its exit status set
   * in between: run() stays free of output, and printing happens here only.
   */
  protected override async _run<T>(): Promise<T> {
    let err: Error | undefined;
    let result: R | undefined;
    try {
      await this.init();
      result = await this.run();
      await this.write(this.print(result, this.printOptions));
      const code = this.exitCodeFor(result);
      if (code !== ExitCode.OK) this.setExitCode(code);
      await this.afterPrint(result);
    } catch (error) {
      err = error as Error;
      await this.catch(error as Error);
    } finally {
      await this.finally(err);
    }
    return result as T;
  }

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
      // Flag and argument parsing errors from oclif: usage (exit 2), with the code of its page. The
      // arguments were parsed (and refused): without this oclif adds an "UnparsedCommand" warning
      // naming its internal id.
      this.parsed = true;
      const usage = err.oclif.exit !== 0;
      process.stderr.write(
        renderError(err, {
          debug: this.debugMode,
          color,
          ...(usage ? { code: 'usage' as const } : {}),
          suggestions: [
            ...flagSuggestions(err.message, this.ctor.flags ?? {}, this.ctor.baseFlags ?? {}),
            `See: ${this.config.bin} ${(this.id ?? '').replaceAll(':', ' ')} --help`,
          ],
        }),
      );
      process.exitCode = usage ? ExitCode.USAGE : 0;
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
