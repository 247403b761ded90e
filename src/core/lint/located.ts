/** Resources and Scenarios with the origin they were read from (src/core/manifest/located.ts), narrowed by kind. */
import type { LocatedResource } from '../manifest/located';
import type { Service, WorkloadIdentity } from '../manifest/types';

export type { LocatedResource, LocatedScenario } from '../manifest/located';

export type LocatedIdentity = LocatedResource<WorkloadIdentity>;
export type LocatedService = LocatedResource<Service>;

export function isLocatedIdentity(r: LocatedResource): r is LocatedIdentity {
  return r.resource.kind === 'WorkloadIdentity';
}

export function isLocatedService(r: LocatedResource): r is LocatedService {
  return r.resource.kind === 'Service';
}
