/** Flags shared by several commands. */
import { Flags } from '@oclif/core';

/** `-o/--output` with the formats a command supports; oclif lists the allowed ones on a bad value. */
export function outputFlag<T extends string>(formats: readonly T[], defaultFormat: T) {
  return Flags.option({
    char: 'o',
    description: 'Output format.',
    options: formats,
    default: defaultFormat,
  })();
}

/** `-f/--filename`: files, directories, `-` for stdin; repeatable. */
export const filenameFlag = Flags.string({
  char: 'f',
  description: 'File, directory or - (stdin) with YAML/JSON manifests. Repeatable.',
  multiple: true,
});

export const recursiveFlag = Flags.boolean({
  char: 'R',
  description: 'Read directories given with -f recursively.',
});
