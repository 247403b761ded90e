/**
 * Follow the change feed (`GET /v1/watch`) of a control plane: events in order, reconnecting from
 * the last resourceVersion seen when the stream ends or the server goes away (a replica restart),
 * for as long as the caller wants. A 410 (history no longer kept) ends the watch with an error.
 */
import type { WatchEventWire } from '../core/wire/types';
import { WATCH_PATH } from '../core/wire/types';
import type { ApiClient } from './client';
import { isApiError } from './errors';
import { ExitCode, RiptidesError } from '../core/errors';

export interface WatchOptions {
  /** Changes after this version; undefined: from now on. */
  resourceVersion?: string;
  kind?: string;
  namespace?: string;
  /** Every line, BOOKMARKs included (the first line of a connection is a BOOKMARK). */
  onEvent(event: WatchEventWire): void;
  /** Called when the stream broke and the watch reconnects. */
  onReconnect?(reason: string, resourceVersion: string | undefined): void;
  /** Resolves when the watch should stop (e.g. SIGINT). */
  stop: Promise<void>;
  /** Give up after this long without a connection (default 60 s). */
  giveUpMs?: number;
  sleep?(ms: number): Promise<void>;
}

/** Watch until `stop` resolves; throws when the server refuses (401, 410, …) or stays away past `giveUpMs`. */
export async function watchResources(client: ApiClient, options: WatchOptions): Promise<void> {
  let last = options.resourceVersion;
  let stopped = false;
  let current: { close(): void } | undefined;
  void options.stop.then(() => {
    stopped = true;
    current?.close();
  });
  // Not unref()d: while reconnecting, this timer is what keeps the process alive.
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const giveUpMs = options.giveUpMs ?? 60_000;
  let downSince: number | undefined;
  let attempt = 0;
  while (!stopped) {
    let reason: string;
    try {
      const stream = await client.openStream(WATCH_PATH, {
        resourceVersion: last,
        kind: options.kind,
        namespace: options.namespace,
      });
      current = stream;
      if (stopped) stream.close();
      downSince = undefined;
      attempt = 0;
      for await (const line of stream.lines) {
        if (line.trim() === '') continue;
        const event = JSON.parse(line) as WatchEventWire;
        last = event.resourceVersion;
        options.onEvent(event);
      }
      reason = 'the server ended the stream';
    } catch (err) {
      if (stopped) break;
      if (isApiError(err)) {
        if (err.status === 410) {
          throw new RiptidesError(
            `the control plane no longer keeps the changes after resourceVersion ${last}: some were missed`,
            {
              code: 'watch-expired',
              exitCode: ExitCode.UNAVAILABLE,
              suggestions: ['Run ctl get --watch again without --resource-version (it lists first)'],
              cause: err,
            },
          );
        }
        throw err;
      }
      if (!(err instanceof RiptidesError) && !(err instanceof Error && 'code' in err)) throw err;
      downSince ??= Date.now();
      if (Date.now() - downSince > giveUpMs) throw err;
      reason = (err as Error).message;
    }
    if (stopped) break;
    options.onReconnect?.(reason, last);
    await sleep(Math.min(200 * 2 ** attempt, 2000));
    attempt++;
  }
}
