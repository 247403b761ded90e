/**
 * `ctl get --watch` lines: text (`EVENT  kind/name  namespace  resourceVersion`) or, with -o json,
 * one JSON line per event (NDJSON): the wire shape of GET /v1/watch under the CLI's
 * `apiVersion`/`kind: WatchEvent` envelope (docs/output.md).
 */
import type { WatchEventWire } from '../core/wire/types';
import { renderJsonDocument } from './envelope';

export function printWatchEvent(event: WatchEventWire, format: 'text' | 'json'): string {
  if (format === 'json') return renderJsonDocument('WatchEvent', event, { compact: true });
  const object = event.object;
  if (!object) return '';
  const ref = `${object.kind.toLowerCase()}/${object.metadata.name}`;
  return `${event.type.padEnd(9)}${ref.padEnd(40)} ${String(object.metadata.namespace ?? '').padEnd(20)} ${event.resourceVersion}`;
}
