/**
 * Which WorkloadIdentity a SPIFFE ID belongs to: `spiffe://<trust domain>/<spec.workloadID>` over
 * loaded manifests, with the position of the deciding `workloadID`. The trust domain comes from a
 * Scenario in the manifests when there is one, else the SPIFFE ID's own (manifests do not name it).
 */
import type { LoadedDocument } from '../manifest/document';
import { describeResource } from '../manifest/types';
import { parseSpiffeId } from './id';

export interface IdentityMatch {
  /** `WorkloadIdentity namespace/name` */
  resource: string;
  workloadID: string;
  file: string;
  line: number;
  column: number;
}

export interface IdentityLookup {
  spiffeID: string;
  /** The trust domain the manifests were read in, and where it came from. */
  trustDomain: string;
  trustDomainSource: 'scenario' | 'spiffe-id';
  matches: IdentityMatch[];
  /** Identities with the same path in another trust domain, or a path that differs only in case. */
  nearMisses: IdentityMatch[];
}

interface IdentityDoc {
  kind?: unknown;
  metadata?: { name?: unknown; namespace?: unknown };
  spec?: { workloadID?: unknown; trustDomain?: unknown };
}

export function findIdentityForSpiffeId(
  documents: readonly LoadedDocument[],
  spiffeID: string,
): IdentityLookup | undefined {
  const parsed = parseSpiffeId(spiffeID);
  if (!parsed.ok) return undefined;
  const scenarioTd = documents
    .map((d) => d.data as IdentityDoc)
    .find((d) => d?.kind === 'Scenario' && typeof d.spec?.trustDomain === 'string')?.spec?.trustDomain as
    string | undefined;
  const trustDomain = scenarioTd ?? parsed.value.trustDomain;
  const result: IdentityLookup = {
    spiffeID,
    trustDomain,
    trustDomainSource: scenarioTd ? 'scenario' : 'spiffe-id',
    matches: [],
    nearMisses: [],
  };
  for (const doc of documents) {
    const data = doc.data as IdentityDoc;
    if (data?.kind !== 'WorkloadIdentity' || typeof data.spec?.workloadID !== 'string') continue;
    const workloadID = data.spec.workloadID;
    const pos = doc.origin.locate('/spec/workloadID', 'value');
    const match: IdentityMatch = {
      resource: describeResource(data as Parameters<typeof describeResource>[0]),
      workloadID,
      file: pos.file,
      line: pos.line,
      column: pos.column,
    };
    const path = `/${workloadID}`;
    if (trustDomain === parsed.value.trustDomain && path === parsed.value.path) result.matches.push(match);
    else if (path.toLowerCase() === parsed.value.path.toLowerCase()) result.nearMisses.push(match);
  }
  return result;
}
