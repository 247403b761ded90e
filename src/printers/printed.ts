/**
 * What a printer hands back to the base command: the text for stdout and stderr, in the order it is
 * written (so that `2>&1` interleaves as before). Printers never write; src/cli/base-command.ts does.
 */

export interface PrintedChunk {
  stream: 'stdout' | 'stderr';
  text: string;
  /** stdout only: text written part by part after `text` (a large report, never whole in memory). */
  parts?: Iterable<string>;
}

export type Printed = PrintedChunk[];

/** Text for stdout (a trailing newline is added when written; an empty string writes nothing). */
export function toStdout(text: string): PrintedChunk {
  return { stream: 'stdout', text };
}

/** Text for stdout written in parts as they are produced (the last one ends with a newline). */
export function toStdoutParts(parts: Iterable<string>): PrintedChunk {
  return { stream: 'stdout', text: '', parts };
}

/** A note or warning for stderr, so that stdout stays machine-readable (a trailing newline is added). */
export function toStderr(text: string): PrintedChunk {
  return { stream: 'stderr', text };
}

/** How a command's result is printed: the `-o` format and whether each stream gets colour. */
export interface PrintOptions {
  /** `-o/--output` as parsed (`text` where a command has no other format). */
  output: string;
  /** Colour stdout: a TTY, no NO_COLOR, no --no-color. */
  color: boolean;
  /** Colour stderr (the same decision made for stderr). */
  colorStderr: boolean;
}
