/**
 * Output of `ctl apply` / `ctl delete`: one kubectl-style line per object
 * (`workloadidentity/frontend created (dry run)`), failures with their reasons, or JSON
 * `{"items":[{kind, namespace, name, action, resourceVersion, error?}], "dryRun"}`.
 */
import { objectRef } from '../core/wire/resources';
import { renderJsonDocument } from './envelope';
import { escapeTerminal, escapeTerminalText } from '../core/text/terminal';

export type DryRunMode = 'none' | 'client' | 'server';

export interface ItemOutcome {
  kind: string;
  namespace: string;
  name: string;
  /** `not-found`: ctl delete --ignore-not-found of something that did not exist (not an error). */
  action: 'created' | 'configured' | 'unchanged' | 'deleted' | 'not-found' | 'error';
  resourceVersion?: string;
  error?: { message: string; errors?: FieldError[] };
  /** --atomic: this item was fine but was not applied because another one failed. */
  blocked?: boolean;
  /** ctl delete: the error is that the object does not exist. */
  notFound?: boolean;
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
  /** What was done: the summary line says "deleted" or "applied". Default apply. */
  operation?: 'apply' | 'delete';
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
    if (item.action === 'not-found') continue; // --ignore-not-found: silent, like kubectl
    if (item.action !== 'error') {
      out.push(`${ref} ${item.action}${suffix(result.dryRun)}`);
      continue;
    }
    if (item.notFound) {
      err.push(
        `error: ${ref} not found in namespace ${item.namespace}${item.source ? ` (from ${item.source})` : ''}`,
      );
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
  if (result.operation === 'delete') {
    const missing = result.items.filter((i) => i.action === 'error' && i.notFound).length;
    const others = failed - missing;
    const parts = [
      ...(missing > 0 ? [`${missing} of ${result.items.length} resource(s) not found`] : []),
      ...(others > 0 ? [`${others} of ${result.items.length} resource(s) could not be deleted`] : []),
    ];
    if (parts.length > 0) {
      const deleted = result.items.filter((i) => i.action === 'deleted').length;
      err.push(
        `${parts.join(', ')}${deleted > 0 ? `; the other ${deleted} were deleted` : ''}` +
          (missing > 0 ? ' (--ignore-not-found treats a missing resource as deleted)' : ''),
      );
    }
  } else if (failed > 0)
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
  return renderJsonDocument('WriteResult', { items, dryRun: result.dryRun });
}
