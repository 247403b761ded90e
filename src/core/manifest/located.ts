/** Resources and scenarios paired with the document they came from, so every later finding can point at a file:line:col. */
import type { DocumentOrigin } from './document';
import type { Resource, Scenario } from './types';

export interface LocatedResource<R extends Resource = Resource> {
  resource: R;
  origin: DocumentOrigin;
}

export interface LocatedScenario {
  scenario: Scenario;
  origin: DocumentOrigin;
}
