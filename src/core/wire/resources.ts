/**
 * Resource kinds as users type them (`wi`, `workloadidentity`, `services`, `WorkloadIdentity` …),
 * resolved against the kinds the API stores (`KINDS` of the wire types).
 */
import { usageError } from '../errors';
import type { ResourceKind } from '../manifest/types';
import { closestMatch } from '../text/suggest';
import { KINDS, type KindInfo } from './types';

/** Every accepted spelling of a kind, lower case: singular, plural, short names. */
export function kindAliases(info: KindInfo): string[] {
  return [info.singular, info.plural, ...info.shortNames];
}

/** The kind a user typed (case-insensitive), or undefined. */
export function findKind(input: string): KindInfo | undefined {
  const lower = input.toLowerCase();
  return KINDS.find((k) => kindAliases(k).includes(lower) || k.kind.toLowerCase() === lower);
}

/** Like findKind, but an unknown kind is a usage error (exit 2) that lists the accepted names. */
export function resolveKind(input: string): KindInfo {
  const info = findKind(input);
  if (info) return info;
  const near = closestMatch(input.toLowerCase(), KINDS.flatMap(kindAliases));
  throw usageError(
    `unknown resource kind "${input}"${near ? `; did you mean "${near}"?` : ''}`,
    [`use one of: ${KINDS.map((k) => kindAliases(k).join(', ')).join(' | ')}`],
    'unknown-resource-kind',
  );
}

export function kindInfo(kind: ResourceKind | string): KindInfo {
  const info = KINDS.find((k) => k.kind === kind);
  if (!info) throw new Error(`not a stored kind: ${kind}`);
  return info;
}

/** `workloadidentity/frontend`: how kubectl-style output names one object. */
export function objectRef(kind: string, name: string): string {
  const info = KINDS.find((k) => k.kind === kind);
  return `${info ? info.singular : kind.toLowerCase()}/${name}`;
}
