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
export type DaemonTokenResult =
  | { action: 'created'; name: string; file: string }
  | { action: 'revoked'; name: string; count: number; cacheSeconds: number };

export function printDaemonToken(result: DaemonTokenResult): Printed {
  if (result.action === 'revoked') {
    const n = result.count;
    return [
      toStdout(
        `revoked ${n} daemon token${n === 1 ? '' : 's'} for "${result.name}"; a replica that used ${n === 1 ? 'it' : 'one'} in the last ${result.cacheSeconds} s accepts it until then`,
      ),
    ];
  }
  return [toStdout(`daemon token for "${result.name}" written to ${result.file} (mode 0600)`)];
}
