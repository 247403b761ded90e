/**
 * `ctl get --watch`: list (unless --resource-version), then print every change from the change feed
 * until SIGINT/SIGTERM. The list and the feed agree without a gap: the feed's first line names the
 * version it starts from, the list is read after it, and events already reflected in the list are
 * not printed twice.
 */
import type { ApiClient } from '../api/client';
import { WATCH_PATH, type KindInfo, type StoredResource, type WatchEventWire } from '../core/wire/types';
import { watchResources } from '../api/watch';
import { usageError } from '../core/errors';
import { printResources } from '../printers/ctl-get';
import { printWatchEvent } from '../printers/watch-events';
import { LIST_PAGE_SIZE } from './context';

export interface RunWatchOptions {
  kinds: readonly KindInfo[];
  /** Undefined: every namespace. */
  namespace?: string;
  selector?: string;
  resourceVersion?: string;
  json: boolean;
  emit(line: string): void;
  note(line: string): void;
}

const keyOf = (r: StoredResource): string => `${r.kind}/${r.metadata.namespace ?? ''}/${r.metadata.name}`;

export async function runWatch(client: ApiClient, options: RunWatchOptions): Promise<void> {
  if (options.selector !== undefined) {
    await client.close();
    throw usageError('--watch does not take -l yet: watch the whole kind, or list with -l without --watch');
  }
  const kind = options.kinds.length === 1 ? options.kinds[0].kind : undefined;
  const stop = new Promise<void>((resolve) => {
    const done = (): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
  try {
    let from = options.resourceVersion;
    const listed = new Map<string, bigint>();
    if (from === undefined) {
      // Where the feed is now, then the list (at or after that version).
      const probe = await client.openStream(WATCH_PATH, { kind, namespace: options.namespace });
      for await (const line of probe.lines) {
        from = (JSON.parse(line) as WatchEventWire).resourceVersion;
        break;
      }
      probe.close();
      const items: StoredResource[] = [];
      for (const k of options.kinds) {
        items.push(
          ...(await client.listAll(k.kind, {
            namespace: options.namespace,
            allNamespaces: options.namespace === undefined,
            limit: LIST_PAGE_SIZE,
          })),
        );
      }
      for (const item of items) listed.set(keyOf(item), BigInt(item.metadata.resourceVersion ?? '0'));
      if (options.json) {
        for (const item of items) {
          options.emit(
            printWatchEvent(
              { type: 'ADDED', resourceVersion: item.metadata.resourceVersion ?? '0', object: item },
              'json',
            ),
          );
        }
      } else if (items.length > 0) {
        options.emit(
          printResources(items, {
            format: 'table',
            showNamespace: options.namespace === undefined,
            now: Date.now(),
            single: false,
            prefixKind: options.kinds.length > 1,
          }),
        );
      }
    }
    await watchResources(client, {
      resourceVersion: from,
      kind,
      namespace: options.namespace,
      stop,
      onEvent(event) {
        if (event.type === 'BOOKMARK' || !event.object) return;
        const seen = listed.get(keyOf(event.object));
        if (seen !== undefined && BigInt(event.resourceVersion) <= seen) return;
        options.emit(printWatchEvent(event, options.json ? 'json' : 'text'));
      },
      onReconnect(reason, version) {
        options.note(`watch interrupted (${reason}); reconnecting from resourceVersion ${version ?? 'now'}`);
      },
    });
  } finally {
    await client.close();
  }
}
