/**
 * Lazy refs resolved to file:line:column, so positions are computed only for results that are shown
 * (the JSON shape of a connection result is written by src/printers/connection-json.ts).
 */
import type { SourceRef } from '../findings';
import type { LazyRef } from './types';

export function resolveRef(r: LazyRef): SourceRef {
  const pos = r.origin.locate(r.path, 'value');
  return { file: pos.file, line: pos.line, column: pos.column, path: r.path };
}
