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

/** `--live`: explain and simulate start from the control plane's resources (src/cli/live-inputs.ts). */
export const liveFlag = Flags.boolean({
  description:
    "Start from the current context's resources and trust domain (the control plane); -f manifests replace live ones of the same kind, namespace and name.",
});
