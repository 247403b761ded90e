/**
 * `--live` for explain and simulate: the resources and the trust domain of the current context,
 * in the shape the engine takes (`LocatedResource`s). Origins name the live object
 * (`live:team/workloadidentity/riptides-system/frontend`) since there is no file:line to point at.
 */
import { syntheticOrigin } from '../core/manifest/document';
import type { LocatedResource } from '../core/manifest/located';
import type { Resource } from '../core/manifest/types';
import type { ApiClient } from '../api/client';
import { objectRef } from '../core/wire/resources';
import type { InfoResponse, StoredResource } from '../core/wire/types';
import { fetchInfo, fetchLiveResources, type ResolvedContext } from './context';
import { settledInOrder } from './in-order';

export interface LiveInputs {
  resources: LocatedResource[];
  trustDomain: string;
  context: ResolvedContext;
}

/**
 * Every WorkloadIdentity and Service (all namespaces unless `namespace` is given) and the trust
 * domain, over a client the caller has (src/cli/live-prefetch.ts starts it early; ctl apply lints
 * against what it then applies to).
 */
export async function liveInputsFrom(
  client: ApiClient,
  context: ResolvedContext,
  options: { namespace?: string } = {},
): Promise<LiveInputs> {
  // The trust domain and the resources at once: one round trip to a remote control plane.
  const [info, items] = await settledInOrder<[InfoResponse, StoredResource[]]>([
    fetchInfo(client),
    fetchLiveResources(client, {
      namespace: options.namespace,
      allNamespaces: options.namespace === undefined,
    }),
  ]);
  const resources = items.map((r, i) => ({
    resource: r as unknown as Resource,
    origin: syntheticOrigin(
      `live:${context.name}/${r.metadata.namespace}/${objectRef(r.kind, r.metadata.name)}`,
      i,
    ),
  }));
  return { resources, trustDomain: info.trustDomain, context };
}
