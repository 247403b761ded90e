/** `explain connection -o json`: the SPEC §3 shape (docs/explain.md). */
import { connectionResultToJson } from './connection-json';
import type { ConnectionResult } from '../core/policy/types';
import { renderJsonDocument } from './envelope';

export function printExplainJson(r: ConnectionResult): string {
  return renderJsonDocument('ConnectionExplanation', connectionResultToJson(r));
}
