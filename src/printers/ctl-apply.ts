/**
 * Output of `ctl apply` / `ctl delete`: one kubectl-style line per object
 * (`workloadidentity/frontend created (dry run)`), failures with their reasons, or JSON
 * `{"items":[{kind, namespace, name, action, resourceVersion, error?}], "dryRun"}`.
 */
import { objectRef } from '../api/resources';
import { escapeTerminal, escapeTerminalText } from '../core/text/terminal';

export type DryRunMode = 'none' | 'client' | 'server';

export interface ItemOutcome {
  kind: string;
  namespace: string;
  name: string;
  action: 'created' | 'configured' | 'unchanged' | 'deleted' | 'error';
  resourceVersion?: string;
  error?: { message: string; errors?: FieldError[] };
  /** --atomic: this item was fine but was not applied because another one failed. */
  blocked?: boolean;
  /** Where the document came from (file:line), for failures. */
  source?: string;
}

/** A field-level reason; `file:line:col` added when the document came from a file. */
export interface FieldError {
  pointer: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

export interface WriteResult {
  items: ItemOutcome[];
  dryRun: DryRunMode;
  /** --atomic: a failure means nothing was written. */
  atomic?: boolean;
}

export interface PrintedOutput {
  stdout: string;
  stderr: string;
}

function suffix(dryRun: DryRunMode): string {
  return dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
}

export function printWriteResultText(result: WriteResult): PrintedOutput {
  const out: string[] = [];
  const err: string[] = [];
  for (const item of result.items) {
    const ref = escapeTerminal(objectRef(item.kind, item.name));
    if (item.action !== 'error') {
      out.push(`${ref} ${item.action}${suffix(result.dryRun)}`);
      continue;
    }
    err.push(
      `error: ${ref} (namespace ${escapeTerminal(item.namespace)})${item.source ? ` from ${escapeTerminal(item.source)}` : ''}: ${escapeTerminalText(item.error?.message ?? 'failed')}`,
    );
    for (const e of item.error?.errors ?? []) {
      const where = e.file && e.line ? `${escapeTerminal(e.file)}:${e.line}:${e.column ?? 1}: ` : '';
      err.push(`  ${where}${escapeTerminal(e.pointer || '/')}: ${escapeTerminalText(e.message)}`);
    }
  }
  const failed = result.items.filter((i) => i.action === 'error' && !i.blocked).length;
  if (failed > 0)
    err.push(
      result.atomic
        ? `--atomic: ${failed} of ${result.items.length} resource(s) failed, so none was applied`
        : `${failed} of ${result.items.length} resource(s) failed; the others were applied`,
    );
  return { stdout: out.join('\n'), stderr: err.join('\n') };
}

export function printWriteResultJson(result: WriteResult): string {
  const items = result.items.map((i) => {
    const o: Record<string, unknown> = {
      kind: i.kind,
      namespace: i.namespace,
      name: i.name,
      action: i.action,
    };
    if (i.resourceVersion !== undefined) o.resourceVersion = i.resourceVersion;
    if (i.error) o.error = i.error;
    return o;
  });
  return JSON.stringify({ items, dryRun: result.dryRun }, null, 2);
}
