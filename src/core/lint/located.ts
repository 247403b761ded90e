/**
 * Resources and Scenarios with the origin they were read from: what the lint rules run over.
 * Mirrors `LocatedResource` of src/core/manifest/located.ts (owned by `validate`); switch to it when it lands.
 */
import type { DocumentOrigin } from '../manifest/document';
import type { Resource, Scenario, Service, WorkloadIdentity } from '../manifest/types';

export interface LocatedResource {
  resource: Resource;
  origin: DocumentOrigin;
}

export interface LocatedScenario {
  scenario: Scenario;
  origin: DocumentOrigin;
}

export interface LocatedIdentity extends LocatedResource {
  resource: WorkloadIdentity;
}

export interface LocatedService extends LocatedResource {
  resource: Service;
}

export function isLocatedIdentity(r: LocatedResource): r is LocatedIdentity {
  return r.resource.kind === 'WorkloadIdentity';
}

export function isLocatedService(r: LocatedResource): r is LocatedService {
  return r.resource.kind === 'Service';
}
