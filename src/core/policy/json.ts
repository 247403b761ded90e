/**
 * The JSON shape of a connection result (SPEC §3, documented in docs/explain.md). Lazy refs are
 * resolved to file:line:column here, so positions are computed only for results that are shown.
 */
import type { SourceRef } from '../findings';
import type { ConnectionResult, Hint, LazyRef, NearMiss, Step } from './types';
import type { YamlValue } from './yaml-snippet';

export function resolveRef(r: LazyRef): SourceRef {
  const pos = r.origin.locate(r.path, 'value');
  return { file: pos.file, line: pos.line, column: pos.column, path: r.path };
}

export interface NearMissJson extends Omit<NearMiss, 'ref'> {
  ref: SourceRef;
}
export interface StepJson extends Omit<Step, 'refs' | 'nearestMisses'> {
  refs: SourceRef[];
  nearestMisses?: NearMissJson[];
}
export interface HintJson extends Omit<Hint, 'ref' | 'snippet'> {
  ref?: SourceRef;
  /** The snippet, as YAML text. */
  yaml?: string;
}
export interface ConnectionResultJson extends Omit<ConnectionResult, 'steps' | 'hints' | 'source'> {
  source: { identity: string | null; spiffeID: string | null };
  steps: StepJson[];
  hints: HintJson[];
}

/** `writeYaml` writes a fix's snippet as YAML (src/printers/yaml-snippet.ts). */
export function connectionResultToJson(
  r: ConnectionResult,
  writeYaml: (snippet: YamlValue) => string,
): ConnectionResultJson {
  return {
    verdict: r.verdict,
    path: r.path,
    tls: r.tls,
    source: { identity: r.source.identity, spiffeID: r.source.spiffeID },
    destination: r.destination,
    reasons: r.reasons,
    steps: r.steps.map((s) => {
      const out: StepJson = {
        stage: s.stage,
        outcome: s.outcome,
        message: s.message,
        refs: s.refs.map(resolveRef),
      };
      if (s.reason) out.reason = s.reason;
      if (s.nearestMisses) out.nearestMisses = s.nearestMisses.map((m) => ({ ...m, ref: resolveRef(m.ref) }));
      return out;
    }),
    hints: r.hints.map((h) => {
      const out: HintJson = { reason: h.reason, message: h.message };
      if (h.resource) out.resource = h.resource;
      if (h.ref) out.ref = resolveRef(h.ref);
      if (h.snippet !== undefined) out.yaml = writeYaml(h.snippet);
      return out;
    }),
  };
}
