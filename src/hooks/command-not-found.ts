/**
 * oclif's `command_not_found` hook: a mistyped command gets "did you mean" (like git and kubectl)
 * and exit 2, and is named with spaces (`ctl gte`), never by oclif's internal id (`ctl:gte`).
 */
import type { Hook } from '@oclif/core';
import { ExitCode } from '../core/errors';
import { commandSuggestion } from '../cli/command-suggest';

const hook: Hook<'command_not_found'> = async function (options) {
  const ids = options.config.commands.filter((c) => !c.hidden).map((c) => c.id);
  const words = options.id.split(':').filter((w) => w !== '');
  const { typed, suggestion } = commandSuggestion(words, ids);
  const bin = options.config.bin;
  const lines = [`Error: command "${typed}" not found.`];
  if (suggestion) lines.push(`Did you mean: ${bin} ${suggestion}`);
  lines.push('Try this:', `  ${bin} --help   (lists every command)`);
  process.stderr.write(lines.join('\n') + '\n');
  process.exitCode = ExitCode.USAGE;
  return { notFound: true };
};

export default hook;
