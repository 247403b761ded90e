/** Flags shared by several commands. */
import { Flags } from '@oclif/core';

/**
 * `-o/--output` with the formats a command supports; oclif lists the allowed ones on a bad value.
 * Every command accepts `-o text` (the README's promise): where `text` is not one of its formats it
 * means the command's default human format (`table` for ctl get and simulate, `yaml` for config view).
 */
export function outputFlag<T extends string>(formats: readonly T[], defaultFormat: T) {
  const textMeans = (formats as readonly string[]).includes('text') ? undefined : defaultFormat;
  const flag = Flags.option({
    char: 'o',
    description: textMeans ? `Output format (text = ${defaultFormat}).` : 'Output format.',
    options: (textMeans ? [...formats, 'text'] : formats) as readonly T[],
    default: defaultFormat,
  })();
  // `text` passes the options check above, then becomes the default human format.
  if (textMeans)
    Object.assign(flag, { parse: async (input: string) => (input === 'text' ? textMeans : input) });
  return flag;
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
