/**
 * The Riptides resource model (SPEC §2): TypeScript shapes of the documents the JSON Schemas in
 * schemas/ accept. Everything that reads manifests (validate, lint, engine, apply) uses these.
 */

export const CORE_API_VERSION = 'core.riptides.io/v1alpha1';
export const SIM_API_VERSION = 'sim.riptides.io/v1alpha1';
export const DEFAULT_NAMESPACE = 'riptides-system';

export type TlsMode = 'MUTUAL' | 'PERMISSIVE' | 'SIMPLE';
export const TLS_MODES: readonly TlsMode[] = ['MUTUAL', 'PERMISSIVE', 'SIMPLE'];

export const KNOWN_SELECTOR_KEYS = [
  'process:name',
  'process:cmdline',
  'process:uid',
  'process:path',
  'k8s:pod:namespace',
  'k8s:pod:name',
  'k8s:container:name',
  'k8s:sa',
  'linuxos:name',
] as const;
/** Prefix of the one parameterised selector key: `k8s:label:<label key>`. */
export const K8S_LABEL_SELECTOR_PREFIX = 'k8s:label:';

export interface ObjectMeta {
  name: string;
  /** Defaults to `riptides-system`. */
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Set by the control plane. */
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
}

/** One selector entry: all keys must match (AND). A list of entries is an OR. */
export type SelectorEntry = Record<string, string>;

export interface TlsSettings {
  mode?: TlsMode;
  intercept?: boolean;
}

export type Scope = { daemonGroup: { id: string } } | { daemon: { id: string } };

export interface HttpHeaderCredential {
  httpHeader: { name: string; value?: string; valueFrom?: { secretRef: string } };
}
export interface AwsSigV4Credential {
  awsSigV4: { region: string; service: string; roleArn?: string };
}
export interface JwtCredential {
  jwt: { audience: string; header?: string; prefix?: string };
}
export type Credential = HttpHeaderCredential | AwsSigV4Credential | JwtCredential;

export interface EgressRule {
  /** Matched against Service labels: OR of entries, AND within an entry. */
  selectors: SelectorEntry[];
  connection?: { tls?: TlsSettings };
  allowedSPIFFEIDs?: string[];
  credentials?: Credential[];
}

export interface IngressRule {
  port: number;
  allowedSPIFFEIDs?: string[];
}

export interface WorkloadIdentitySpec {
  workloadID: string;
  selectors: SelectorEntry[];
  scope?: Scope;
  connection?: { tls?: TlsSettings };
  allowedSPIFFEIDs?: { inbound?: string[]; outbound?: string[] };
  egress?: EgressRule[];
  ingress?: IngressRule[];
}

export interface WorkloadIdentity {
  apiVersion: typeof CORE_API_VERSION;
  kind: 'WorkloadIdentity';
  metadata: ObjectMeta;
  spec: WorkloadIdentitySpec;
}

export interface ServiceAddress {
  address: string;
  port: number;
}

export interface ServiceSpec {
  addresses: ServiceAddress[];
  labels?: Record<string, string>;
}

export interface Service {
  apiVersion: typeof CORE_API_VERSION;
  kind: 'Service';
  metadata: ObjectMeta;
  spec: ServiceSpec;
}

export type Verdict = 'MTLS' | 'TLS' | 'PLAINTEXT' | 'REJECTED';
export const VERDICTS: readonly Verdict[] = ['MTLS', 'TLS', 'PLAINTEXT', 'REJECTED'];

export interface ScenarioWorkload {
  name: string;
  daemonGroup?: string;
  daemon?: string;
  attributes?: Record<string, string>;
  listen?: ServiceAddress[];
  trustDomain?: string;
  /** The SPIFFE ID the workload claims at connection setup (spoofing tests). */
  announces?: string;
}

export interface ScenarioConnection {
  from: string;
  /** `host:port` */
  to: string;
  expect?: Verdict;
}

export interface ScenarioSpec {
  trustDomain: string;
  workloads?: ScenarioWorkload[];
  external?: ServiceAddress[];
  connections?: ScenarioConnection[];
}

export interface Scenario {
  apiVersion: typeof SIM_API_VERSION;
  kind: 'Scenario';
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: ScenarioSpec;
}

export type Resource = WorkloadIdentity | Service;
export type AnyDocument = Resource | Scenario;
export type ResourceKind = Resource['kind'];
export const RESOURCE_KINDS: readonly ResourceKind[] = ['WorkloadIdentity', 'Service'];

export function namespaceOf(resource: { metadata: { namespace?: string } }): string {
  return resource.metadata.namespace ?? DEFAULT_NAMESPACE;
}

/** `WorkloadIdentity riptides-system/frontend`: how findings name a resource. */
export function describeResource(resource: {
  kind: string;
  metadata: { name: string; namespace?: string };
}): string {
  return `${resource.kind} ${namespaceOf(resource)}/${resource.metadata.name}`;
}

/** `riptides-system/frontend` */
export function resourceKey(resource: { metadata: { name: string; namespace?: string } }): string {
  return `${namespaceOf(resource)}/${resource.metadata.name}`;
}
