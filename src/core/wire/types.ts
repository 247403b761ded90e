/**
 * Wire types of the control-plane REST API (SPEC §4, schemas/openapi.yaml): what the server sends
 * and the client reads. Shared by src/server and the undici client; no runtime dependencies.
 */
import type { ProblemCode } from '../catalog/problem-codes';
import type { ResourceKind, Service, WorkloadIdentity } from '../manifest/types';

export const API_VERSION_PATH = '/v1';

/** Metadata of a stored resource: the manifest's metadata plus the fields the server sets. */
export interface StoredMetadata {
  name: string;
  namespace: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Set by the server at creation; never changes. */
  uid: string;
  /** Opaque string; the value of a store-wide counter that grows with every write (compare for equality only). */
  resourceVersion: string;
  /** Starts at 1 and grows when the spec changes (not on label/annotation-only changes). */
  generation: number;
  /** RFC 3339 UTC, set at creation. */
  creationTimestamp: string;
}

/** A resource as the server returns it: the applied manifest plus server-set metadata. */
export type StoredResource<R extends WorkloadIdentity | Service = WorkloadIdentity | Service> = Omit<
  R,
  'metadata'
> & { metadata: StoredMetadata & R['metadata'] };

/** `GET /v1/namespaces/{ns}/{plural}` and `GET /v1/{plural}`. */
export interface ResourceList<R extends StoredResource = StoredResource> {
  items: R[];
  metadata: {
    /** Opaque token: pass it as `?continue=` to get the next page; absent on the last page. */
    continue?: string;
  };
}

/** Outcome of one write. */
export type ApplyAction = 'created' | 'configured' | 'unchanged' | 'deleted' | 'error';

/** `POST /v1/apply` request body. */
export interface ApplyRequest {
  /** Manifests (WorkloadIdentity, Service), validated by the server with the CLI's JSON Schemas. */
  items: unknown[];
  /** Validate and report the action of every item, store nothing. Same as `?dryRun=All`. */
  dryRun?: boolean;
  /** All items or none, in one transaction: any failed item fails the whole request (422 or 409). */
  atomic?: boolean;
}

export interface ApplyItemResult {
  kind: string;
  namespace: string;
  name: string;
  action: Exclude<ApplyAction, 'deleted'>;
  /** The resource's version after the write (absent for `error`, and for `created` in a dry run). */
  resourceVersion?: string;
  /** Present when `action` is `error`. `errors[].pointer` is relative to the item (e.g. `/spec/workloadID`). */
  error?: Problem;
}

/** `POST /v1/apply` response body (status 200 when every item succeeded, 207 when some failed). */
export interface ApplyResponse {
  items: ApplyItemResult[];
  dryRun: boolean;
  atomic: boolean;
}

/** One field-level problem: an RFC 6901 JSON pointer into the request body and what is wrong there. */
export interface ProblemFieldError {
  pointer: string;
  message: string;
  /** Validation problems: the finding code of the CLI's catalog (e.g. `RT1010`). */
  code?: string;
  /** How to fix it, when known (as `validate` would print). */
  fix?: string;
}

/** RFC 9457 problem details (`application/problem+json`). */
export interface Problem {
  /** A URI naming the problem type: `https://riptides.io/problems/<code>` (PROBLEM_TYPE_PREFIX + code). */
  type: string;
  title: string;
  status: number;
  detail?: string;
  /** The request path the problem happened on. */
  instance?: string;
  /** Stable machine-readable code, the last segment of `type` (e.g. `conflict`, `invalid`). */
  code: string;
  errors?: ProblemFieldError[];
  /** 409 conflict: the resource's current version. */
  currentResourceVersion?: string;
  /**
   * 422 `invalid` to an SVID request: why it was refused (`invalid-csr`, `csr-signature-invalid`,
   * `csr-weak-key`, `invalid-ttl`; src/core/catalog/issuance-codes.ts).
   */
  reason?: string;
}

/** Problem codes the server uses (the last path segment of `Problem.type`): one catalog, src/core/catalog/problem-codes.ts. */
export type { ProblemCode };

/** A kind the server stores, as `GET /v1/info` lists it. */
export interface KindInfo {
  kind: ResourceKind;
  apiVersion: string;
  /** URL segment: `workloadidentities`, `services`. */
  plural: string;
  singular: string;
  shortNames: string[];
  namespaced: true;
}

/** `GET /v1/info` */
export interface InfoResponse {
  trustDomain: string;
  /** riptides-cli version of the server. */
  version: string;
  kinds: KindInfo[];
}

/** `GET /healthz` */
export interface HealthResponse {
  status: 'ok';
}

export const KINDS: readonly KindInfo[] = [
  {
    kind: 'WorkloadIdentity',
    apiVersion: 'core.riptides.io/v1alpha1',
    plural: 'workloadidentities',
    singular: 'workloadidentity',
    shortNames: ['wi'],
    namespaced: true,
  },
  {
    kind: 'Service',
    apiVersion: 'core.riptides.io/v1alpha1',
    plural: 'services',
    singular: 'service',
    shortNames: ['svc'],
    namespaced: true,
  },
];

export type ResourcePlural = 'workloadidentities' | 'services';

/** `WorkloadIdentity` → `workloadidentities`; undefined for a kind the API does not store. */
export function pluralOf(kind: string): ResourcePlural | undefined {
  return KINDS.find((k) => k.kind === kind)?.plural as ResourcePlural | undefined;
}

/** `workloadidentities` → `WorkloadIdentity`. */
export function kindOfPlural(plural: string): ResourceKind | undefined {
  return KINDS.find((k) => k.plural === plural)?.kind;
}

/**
 * Path of a collection or one resource: `/v1/namespaces/ns/workloadidentities[/name]`.
 * `kind` may be the kind (`WorkloadIdentity`) or the plural (`workloadidentities`).
 */
export function resourcePath(kind: string, namespace: string, name?: string): string {
  const plural = pluralOf(kind) ?? (kindOfPlural(kind) ? kind : undefined);
  if (!plural) throw new Error(`not a stored kind: ${kind}`);
  const base = `${API_VERSION_PATH}/namespaces/${encodeURIComponent(namespace)}/${plural}`;
  return name === undefined ? base : `${base}/${encodeURIComponent(name)}`;
}

/** Path of a collection across every namespace: `/v1/workloadidentities`. */
export function allNamespacesPath(kind: string): string {
  const plural = pluralOf(kind) ?? (kindOfPlural(kind) ? kind : undefined);
  if (!plural) throw new Error(`not a stored kind: ${kind}`);
  return `${API_VERSION_PATH}/${plural}`;
}

export const APPLY_PATH = `${API_VERSION_PATH}/apply`;
export const INFO_PATH = `${API_VERSION_PATH}/info`;
export const HEALTH_PATH = '/healthz';
export const BUNDLE_PATH = `${API_VERSION_PATH}/bundle`;
/** Header carrying the outcome of a single PUT: `created`, `configured` or `unchanged`. */
export const ACTION_HEADER = 'riptides-action';
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** `GET /v1/watch?resourceVersion=N[&kind=&namespace=]`: an NDJSON stream of WatchEventWire lines. */
export const WATCH_PATH = `${API_VERSION_PATH}/watch`;

/**
 * One line of the change feed. ADDED / MODIFIED / DELETED carry the object (DELETED: as it was, with
 * the deletion's resourceVersion); BOOKMARK is the heartbeat: no change, the newest resourceVersion.
 */
export interface WatchEventWire {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
  resourceVersion: string;
  object?: StoredResource;
}

/** `GET /v1/daemongroups/{id}/policy`: what the daemons of one group enforce. */
export interface DaemonGroupPolicy {
  daemonGroup: string;
  /** Unscoped identities and those scoped to this daemon group, in (namespace, name) order. */
  workloadIdentities: StoredResource[];
  /** Every Service (egress selectors match against their labels). */
  services: StoredResource[];
}
