/** The one place that turns an error into what the user reads on stderr. */
import chalk from 'chalk';
import { isRiptidesError, type UserErrorCode } from '../core/errors';
import { escapeTerminal, escapeTerminalText } from '../core/text/terminal';

/** Decide colour from the flag, the terminal and NO_COLOR / FORCE_COLOR, and set chalk accordingly. */
export function configureColor(flag: boolean | undefined, isTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  let on: boolean;
  if (flag !== undefined) on = flag;
  else if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') on = false;
  else if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') on = true;
  else on = isTTY && env.TERM !== 'dumb';
  chalk.level = on ? 1 : 0;
  return on;
}

export interface RenderErrorOptions {
  debug: boolean;
  color: boolean;
  internal?: boolean;
  suggestions?: string[];
  /** The code of an error that is not a RiptidesError (oclif's flag and argument errors: `usage`). */
  code?: UserErrorCode;
}

/**
 * The last line of every error the user can look up: the code names the page that explains it (the
 * one catalog, docs/codes/<code>.md). Also written by the command_not_found hook.
 */
export function codeLine(code: UserErrorCode): string {
  return `Code: ${code} (riptides-cli docs ${code})`;
}

export function renderError(err: Error, options: RenderErrorOptions): string {
  const c = new chalk.Instance({ level: options.color ? 1 : 0 });
  const lines: string[] = [];
  if (options.internal) {
    lines.push(`${c.red.bold('Internal error:')} ${escapeTerminalText(err.message)}`);
    lines.push(
      'This is a bug in riptides-cli. Please report it with the output of the same command run with --debug.',
    );
  } else {
    // Messages can carry what a control plane or a file said: never raw control characters.
    lines.push(`${c.red.bold('Error:')} ${escapeTerminalText(err.message.replace(/^Error: /, ''))}`);
  }
  if (isRiptidesError(err) && err.location) {
    const { file, line, column } = err.location;
    lines.push(`  at ${escapeTerminal(file)}${line ? `:${line}${column ? `:${column}` : ''}` : ''}`);
  }
  const suggestions = [...(isRiptidesError(err) ? err.suggestions : []), ...(options.suggestions ?? [])];
  if (suggestions.length > 0) {
    lines.push(c.bold('Try this:'));
    for (const s of suggestions) lines.push(`  ${escapeTerminalText(s)}`);
  }
  const code = isRiptidesError(err) ? err.code : options.internal ? undefined : options.code;
  if (code) lines.push(c.dim(codeLine(code)));
  if (options.debug) {
    lines.push('', c.dim(err.stack ?? String(err)));
    let cause = (err as { cause?: unknown }).cause;
    while (cause) {
      lines.push(
        c.dim(`Caused by: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}`),
      );
      cause = cause instanceof Error ? (cause as { cause?: unknown }).cause : undefined;
    }
  }
  return lines.join('\n') + '\n';
}
