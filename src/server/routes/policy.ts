/**
 * `GET /v1/daemongroups/{id}/policy`: what the daemons of one group fetch, with a strong ETag over
 * the content so that a daemon polling with If-None-Match gets 304 until something it uses changes.
 * The id contains slashes (riptides/daemongroup/…): it may be sent raw or percent-encoded.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DaemonGroupPolicy, StoredResource } from '../../core/wire/types';
import { problemError } from '../problem';
import { toStoredResource, type Datastore } from '../store';

/** Identities a daemon of `group` enforces: unscoped ones and those scoped to the group. */
function appliesToGroup(resource: StoredResource, group: string): boolean {
  const scope = (resource.spec as { scope?: { daemonGroup?: { id?: string }; daemon?: unknown } }).scope;
  if (scope === undefined) return true;
  return scope.daemonGroup?.id === group;
}

export function registerPolicyRoute(app: FastifyInstance, store: Datastore): void {
  app.get(
    '/v1/daemongroups/*',
    async (req: FastifyRequest<{ Params: { '*': string } }>, reply: FastifyReply) => {
      const rest = req.params['*'];
      const m = /^(.+)\/policy$/.exec(rest);
      if (!m)
        throw problemError(
          'not-found',
          `no route GET ${req.url.split('?')[0]}: use /v1/daemongroups/{id}/policy`,
        );
      let group: string;
      try {
        group = decodeURIComponent(m[1]);
      } catch {
        throw problemError('bad-request', 'the daemon group id is not valid percent-encoding');
      }
      const workloadIdentities: StoredResource[] = [];
      const services: StoredResource[] = [];
      await store.scan({ kind: 'WorkloadIdentity' }, (record) => {
        const resource = toStoredResource(record);
        if (appliesToGroup(resource, group)) workloadIdentities.push(resource);
        return true;
      });
      await store.scan({ kind: 'Service' }, (record) => {
        services.push(toStoredResource(record));
        return true;
      });
      const policy: DaemonGroupPolicy = { daemonGroup: group, workloadIdentities, services };
      const body = JSON.stringify(policy);
      const etag = `"${createHash('sha256').update(body).digest('base64url')}"`;
      reply.header('etag', etag).header('cache-control', 'no-cache');
      const inm = req.headers['if-none-match'];
      if (inm !== undefined && inm.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
        return reply.code(304).send();
      }
      return reply.type('application/json; charset=utf-8').send(body);
    },
  );
}
