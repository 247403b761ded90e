/** `explain connection -o json`: the SPEC §3 shape (docs/explain.md). */
import { connectionResultToJson } from '../core/policy/json';
import type { ConnectionResult } from '../core/policy/types';
import { renderJsonDocument } from './envelope';
import { toYamlSnippet } from './yaml-snippet';

export function printExplainJson(r: ConnectionResult): string {
  return renderJsonDocument('ConnectionExplanation', connectionResultToJson(r, toYamlSnippet));
}
