/**
 * `GET /v1/watch?resourceVersion=N[&kind=&namespace=]`: every change after N as NDJSON, then live
 * changes as they commit (on any replica), with a BOOKMARK heartbeat line so that proxies keep an
 * idle stream open and clients learn the newest version. 410 when N is older than the kept history.
 */
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { KINDS, WATCH_PATH, kindOfPlural, type WatchEventWire } from '../../core/wire/types';
import { problemError } from '../problem';
import { matchesWatchFilter, type Datastore, type WatchEvent, type WatchFilter } from '../store';

export const DEFAULT_WATCH_HEARTBEAT_MS = 15_000;

interface WatchQuery {
  resourceVersion?: string;
  kind?: string;
  namespace?: string;
}

function parseFilter(query: WatchQuery): WatchFilter {
  const filter: WatchFilter = {};
  if (query.kind !== undefined && query.kind !== '') {
    const kind = KINDS.some((k) => k.kind === query.kind) ? query.kind : kindOfPlural(query.kind);
    if (!kind) {
      throw problemError('bad-request', `kind must be WorkloadIdentity or Service, got "${query.kind}"`, {
        errors: [{ pointer: '/kind', message: 'WorkloadIdentity or Service' }],
      });
    }
    filter.kind = kind;
  }
  if (query.namespace !== undefined && query.namespace !== '') filter.namespace = query.namespace;
  return filter;
}

export function registerWatchRoute(
  app: FastifyInstance,
  store: Datastore,
  options: { heartbeatMs?: number } = {},
): () => void {
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_WATCH_HEARTBEAT_MS;
  const open = new Set<PassThrough>();
  const endAll = (): void => {
    for (const stream of open) stream.end();
  };
  app.addHook('onClose', async () => endAll());

  app.get(WATCH_PATH, async (req: FastifyRequest<{ Querystring: WatchQuery }>, reply: FastifyReply) => {
    const filter = parseFilter(req.query);
    const given = req.query.resourceVersion;
    if (given !== undefined && !/^\d{1,19}$/.test(given)) {
      throw problemError('bad-request', `resourceVersion must be a non-negative integer, got "${given}"`, {
        errors: [{ pointer: '/resourceVersion', message: 'a resourceVersion from a list, get or event' }],
      });
    }
    // Listen before reading the backlog, so that nothing committed in between is missed.
    const pending: WatchEvent[] = [];
    let live = (event: WatchEvent): void => void pending.push(event);
    const unsubscribe = store.subscribe((event) => live(event));
    let last: bigint;
    let backlog: WatchEvent[];
    try {
      last = BigInt(given ?? (await store.currentResourceVersion()));
      const since = await store.changesSince(last, filter);
      if (since === 'gone') {
        throw problemError(
          'gone',
          `resourceVersion ${given} is older than the change history this control plane keeps: list the resources again (ctl get) and watch from the list's newest resourceVersion`,
        );
      }
      backlog = since;
    } catch (err) {
      unsubscribe();
      throw err;
    }
    const stream = new PassThrough();
    open.add(stream);
    let newest = last;
    const send = (event: WatchEvent): void => {
      const version = BigInt(event.resourceVersion);
      if (version <= last) return;
      newest = version;
      if (!matchesWatchFilter(event, filter)) return;
      last = version;
      const line: WatchEventWire = {
        type: event.type,
        resourceVersion: event.resourceVersion,
        object: event.object,
      };
      stream.write(JSON.stringify(line) + '\n');
    };
    // First line: where this stream starts (a client that gave no resourceVersion learns it).
    const start: WatchEventWire = { type: 'BOOKMARK', resourceVersion: String(last) };
    stream.write(JSON.stringify(start) + '\n');
    for (const event of backlog) send(event);
    for (const event of pending) send(event);
    pending.length = 0;
    live = send;
    const heartbeat = setInterval(() => {
      const line: WatchEventWire = {
        type: 'BOOKMARK',
        resourceVersion: String(newest > last ? newest : last),
      };
      stream.write(JSON.stringify(line) + '\n');
    }, heartbeatMs);
    const stop = (): void => {
      clearInterval(heartbeat);
      unsubscribe();
      open.delete(stream);
    };
    stream.on('close', stop);
    req.raw.on('close', () => {
      stop();
      stream.end();
    });
    return reply
      .header('cache-control', 'no-store')
      .header('x-accel-buffering', 'no')
      .type('application/x-ndjson; charset=utf-8')
      .send(stream);
  });
  // Streams end when the control plane stops (else the HTTPS server would wait for them).
  return endAll;
}
