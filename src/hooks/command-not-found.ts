/**
 * oclif's `command_not_found` hook: a mistyped command gets "did you mean" (like git and kubectl)
 * and exit 2, and is named with spaces (`ctl gte`), never by oclif's internal id (`ctl:gte`). Like
 * every usage error it ends with the code of its page (`Code: usage`).
 */
import type { Hook } from '@oclif/core';
import { ExitCode } from '../core/errors';
import { commandSuggestion, strayArguments } from '../cli/command-suggest';
import { codeLine } from '../cli/render-error';
import { quote } from '../core/text/quote';

const hook: Hook<'command_not_found'> = async function (options) {
  const ids = options.config.commands.filter((c) => !c.hidden).map((c) => c.id);
  const words = options.id.split(':').filter((w) => w !== '');
  const bin = options.config.bin;
  const stray = strayArguments(words, ids);
  if (stray) {
    // The command exists; what follows it is an argument it does not take (`ctl apply manifests/`).
    const command = options.config.findCommand(stray.command.split(' ').join(':'));
    const takesFiles = command?.flags?.filename !== undefined;
    const lines = [
      `Error: ${bin} ${stray.command} takes no argument ${quote(stray.extra[0])}${stray.extra.length > 1 ? ` (nor ${stray.extra.slice(1).map(quote).join(', ')})` : ''}.`,
      'Try this:',
    ];
    if (takesFiles)
      lines.push(
        `  ${bin} ${stray.command} ${stray.extra.map((e) => `-f ${e}`).join(' ')}   (files and directories go after -f)`,
      );
    lines.push(`  ${bin} ${stray.command} --help`, codeLine('usage'));
    process.stderr.write(lines.join('\n') + '\n');
    process.exitCode = ExitCode.USAGE;
    return { notFound: true };
  }
  const { typed, suggestion } = commandSuggestion(words, ids);
  const lines = [`Error: command "${typed}" not found.`];
  if (suggestion) lines.push(`Did you mean: ${bin} ${suggestion}`);
  lines.push('Try this:', `  ${bin} --help   (lists every command)`, codeLine('usage'));
  process.stderr.write(lines.join('\n') + '\n');
  process.exitCode = ExitCode.USAGE;
  return { notFound: true };
};

export default hook;
