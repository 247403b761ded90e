/**
 * Resource routes: list (labelSelector, limit/continue), get, put (create or replace, optimistic
 * concurrency, dry run) and delete under /v1/namespaces/{ns}/{plural}[/{name}], and the
 * cross-namespace lists /v1/{plural}.
 */
import type { SchemaValidators } from '../../core/manifest/schema-validators';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ACTION_HEADER, kindOfPlural, type ResourceList } from '../../core/wire/types';
import { matchesLabelSelector, parseLabelSelector } from '../../core/wire/label-selector';
import { problemError } from '../problem';
import { sendMethodNotAllowedForLiteral } from '../request-guards';
import { storedResourceJson, toStoredResource, type Datastore, type ResourceRecord } from '../store';
import { checkDocument, writeDocumentSteps } from '../writes';
import { parseDryRun } from './query';

const MAX_LIMIT = 10000;

// The same patterns as schemas/defs.schema.json (dnsLabelName, dnsSubdomainName) and the
// `namespace` / `name` path parameters of schemas/openapi.yaml.
const NAMESPACE_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const NAME_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** 400 for a namespace or name in the URL that no resource can have (nothing is stored under it). */
function checkUrlNames(namespace: string, name?: string): void {
  const errors = [];
  if (namespace.length > 63 || !NAMESPACE_RE.test(namespace)) {
    errors.push({
      pointer: '',
      message: `the namespace in the URL, ${JSON.stringify(namespace.slice(0, 80))}, is not a lowercase RFC 1123 label (a-z, 0-9, '-', at most 63)`,
    });
  }
  if (name !== undefined && (name.length > 253 || !NAME_RE.test(name))) {
    errors.push({
      pointer: '',
      message: `the name in the URL, ${JSON.stringify(name.slice(0, 80))}, is not a lowercase RFC 1123 subdomain (a-z, 0-9, '-', '.', at most 253)`,
    });
  }
  if (errors.length > 0)
    throw problemError('bad-request', errors.map((e) => e.message).join('; '), { errors });
}

interface ListQueryString {
  labelSelector?: string;
  limit?: string;
  continue?: string;
}

interface ContinueToken {
  /** plural */
  p: string;
  /** namespace scope of the list ('' = all namespaces) */
  s: string;
  /** label selector the list was made with */
  l: string;
  /** last returned item */
  ns: string;
  n: string;
}

function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeContinue(text: string): ContinueToken | undefined {
  try {
    const t = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as ContinueToken;
    if ([t.p, t.s, t.l, t.ns, t.n].every((v) => typeof v === 'string')) return t;
  } catch {
    /* fall through */
  }
  return undefined;
}

const JSON_TYPE = 'application/json; charset=utf-8';

function kindFromParams(plural: string): string {
  const kind = kindOfPlural(plural);
  if (!kind) {
    throw problemError('not-found', `unknown resource type "${plural}": use workloadidentities or services`);
  }
  return kind;
}

async function listResources(
  store: Datastore,
  plural: string,
  namespace: string | undefined,
  query: ListQueryString,
): Promise<string> {
  const kind = kindFromParams(plural);
  const selectorText = query.labelSelector ?? '';
  const selector = parseLabelSelector(selectorText);
  if (!selector.ok) throw problemError('bad-request', selector.message);
  let limit = Infinity;
  if (query.limit !== undefined) {
    limit = Number(query.limit);
    if (!/^\d+$/.test(query.limit) || limit < 1 || limit > MAX_LIMIT) {
      throw problemError(
        'bad-request',
        `limit must be an integer from 1 to ${MAX_LIMIT}, got "${query.limit}"`,
      );
    }
  }
  let after: { namespace: string; name: string } | undefined;
  if (query.continue !== undefined && query.continue !== '') {
    const token = decodeContinue(query.continue);
    if (!token)
      throw problemError('bad-request', 'the continue token is malformed: start the list again without it');
    if (token.p !== plural || token.s !== (namespace ?? '') || token.l !== selectorText) {
      throw problemError(
        'bad-request',
        'the continue token belongs to a different list (resource type, namespace or labelSelector changed)',
      );
    }
    after = { namespace: token.ns, name: token.n };
  }
  // Each item's JSON text: without a selector, written from the stored text (storedResourceJson);
  // a selector reads the labels, so those items are parsed.
  const items: string[] = [];
  let last: ResourceRecord | undefined;
  let more = false;
  const filtered = selector.requirements.length > 0;
  await store.scan({ kind, namespace, after }, (record) => {
    let text: string;
    if (filtered) {
      const resource = toStoredResource(record);
      if (!matchesLabelSelector(selector.requirements, resource.metadata.labels)) return true;
      text = JSON.stringify(resource);
    } else text = storedResourceJson(record);
    if (items.length >= limit) {
      more = true;
      return false;
    }
    items.push(text);
    last = record;
    return true;
  });
  const metadata: ResourceList['metadata'] = {};
  if (more && last) {
    metadata.continue = encodeContinue({
      p: plural,
      s: namespace ?? '',
      l: selectorText,
      ns: last.namespace,
      n: last.name,
    });
  }
  // The ResourceList, as the text JSON.stringify would write for it.
  return `{"items":[${items.join(',')}],"metadata":${JSON.stringify(metadata)}}`;
}

export function registerResourceRoutes(
  app: FastifyInstance,
  store: Datastore,
  now: () => Date,
  validators: SchemaValidators,
): void {
  type NsParams = { ns: string; plural: string };
  type NameParams = NsParams & { name: string };

  app.get(
    '/v1/namespaces/:ns/:plural',
    async (req: FastifyRequest<{ Params: NsParams; Querystring: ListQueryString }>, reply: FastifyReply) => {
      kindFromParams(req.params.plural);
      checkUrlNames(req.params.ns);
      return reply
        .type(JSON_TYPE)
        .send(await listResources(store, req.params.plural, req.params.ns, req.query));
    },
  );
  app.get(
    '/v1/:plural',
    async (
      req: FastifyRequest<{ Params: { plural: string }; Querystring: ListQueryString }>,
      reply: FastifyReply,
    ) => {
      // GET /v1/apply and the like: a path served under another method is 405, not "unknown type".
      if (!kindOfPlural(req.params.plural)) {
        const answered = sendMethodNotAllowedForLiteral(app, req, reply);
        if (answered) return answered;
      }
      return reply.type(JSON_TYPE).send(await listResources(store, req.params.plural, undefined, req.query));
    },
  );

  // Single resources are answered from the stored text too (storedResourceJson): no parse and
  // serialisation of the body per request.
  app.get(
    '/v1/namespaces/:ns/:plural/:name',
    async (req: FastifyRequest<{ Params: NameParams }>, reply: FastifyReply) => {
      const kind = kindFromParams(req.params.plural);
      checkUrlNames(req.params.ns, req.params.name);
      const record = await store.get(kind, req.params.ns, req.params.name);
      if (!record) throw problemError('not-found', `${kind} ${req.params.ns}/${req.params.name} not found`);
      return reply.type(JSON_TYPE).send(storedResourceJson(record));
    },
  );

  app.put(
    '/v1/namespaces/:ns/:plural/:name',
    async (
      req: FastifyRequest<{ Params: NameParams; Querystring: { dryRun?: string } }>,
      reply: FastifyReply,
    ) => {
      const kind = kindFromParams(req.params.plural);
      checkUrlNames(req.params.ns, req.params.name);
      const dryRun = parseDryRun(req.query.dryRun);
      const target = { kind, namespace: req.params.ns, name: req.params.name };
      // Validated before the write transaction (on PostgreSQL that holds the cluster-wide write lock).
      checkDocument(req.body, validators);
      const outcome = await store.write(
        (tx) => writeDocumentSteps(tx, req.body, { dryRun, now, target, validation: { validated: true } }),
        { group: true },
      );
      reply.header(ACTION_HEADER, outcome.action);
      reply.code(outcome.action === 'created' ? 201 : 200);
      return reply.type(JSON_TYPE).send(storedResourceJson(outcome.record));
    },
  );

  app.delete(
    '/v1/namespaces/:ns/:plural/:name',
    async (
      req: FastifyRequest<{ Params: NameParams; Querystring: { dryRun?: string } }>,
      reply: FastifyReply,
    ) => {
      const kind = kindFromParams(req.params.plural);
      checkUrlNames(req.params.ns, req.params.name);
      const dryRun = parseDryRun(req.query.dryRun);
      const { ns, name } = req.params;
      const record = await store.write(
        function* (tx): Generator<unknown, ResourceRecord, unknown> {
          const found = (yield tx.get(kind, ns, name)) as ResourceRecord | undefined;
          if (!found) throw problemError('not-found', `${kind} ${ns}/${name} not found`);
          if (!dryRun) yield tx.delete(kind, ns, name);
          return found;
        },
        { group: true },
      );
      reply.header(ACTION_HEADER, 'deleted');
      return reply.type(JSON_TYPE).send(storedResourceJson(record));
    },
  );
}
