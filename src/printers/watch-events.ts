/**
 * `ctl get --watch` lines: text (`EVENT  kind/name  namespace  resourceVersion`) or, with -o json,
 * the event itself as one JSON line (NDJSON, the wire shape of GET /v1/watch).
 */
import type { WatchEventWire } from '../api/types';

export function printWatchEvent(event: WatchEventWire, format: 'text' | 'json'): string {
  if (format === 'json') return JSON.stringify(event);
  const object = event.object;
  if (!object) return '';
  const ref = `${object.kind.toLowerCase()}/${object.metadata.name}`;
  return `${event.type.padEnd(9)}${ref.padEnd(40)} ${String(object.metadata.namespace ?? '').padEnd(20)} ${event.resourceVersion}`;
}
