/**
 * Printers of the commands whose result is a page or a few lines: docs, schemas, completion,
 * controlplane daemon-token. Each turns the command's result into stdout/stderr text.
 */
import { renderFishCompletion, type CompletionCommand } from './completion-fish';
import { toStderr, toStdout, type Printed } from './printed';

/** `docs CODE` / `docs --list`: the page (or the list) as read from the shipped docs. */
export interface DocsResult {
  text: string;
}

export function printDocs(result: DocsResult): Printed {
  return [toStdout(result.text)];
}

/** `schemas`: the schema files (relative to schemas/), and where they were written with --out. */
export interface SchemasResult {
  files: string[];
  written?: { dir: string; files: string[] };
}

export function printSchemas(result: SchemasResult): Printed {
  if (!result.written) return [toStdout(result.files.join('\n'))];
  return [
    toStderr(`wrote ${result.written.files.length} schemas to ${result.written.dir}`),
    toStdout(result.written.files.join('\n')),
  ];
}

/** `completion fish`: what the script completes. */
export interface CompletionResult {
  shell: 'fish';
  bin: string;
  commands: CompletionCommand[];
  topics: Record<string, string>;
}

export function printCompletion(result: CompletionResult): Printed {
  return [toStdout(renderFishCompletion(result.bin, result.commands, result.topics))];
}

/** `controlplane daemon-token NAME`: where the token was written (the token itself is never printed). */
export interface DaemonTokenResult {
  name: string;
  file: string;
}

export function printDaemonToken(result: DaemonTokenResult): Printed {
  return [toStdout(`daemon token for "${result.name}" written to ${result.file} (mode 0600)`)];
}
