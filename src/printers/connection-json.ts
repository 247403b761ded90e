/**
 * The JSON shape of a connection result (SPEC §3, documented in docs/explain.md), shared by
 * `explain -o json`, `simulate -o json` and the flow outputs: refs resolved to file:line:column and
 * every trace step worded (trace-text.ts).
 */
import type { SourceRef } from '../core/findings';
import { resolveRef } from '../core/policy/json';
import type { ConnectionResult, Hint, NearMiss, Stage, StepOutcome } from '../core/policy/types';
import type { ReasonCode } from '../core/policy/reasons';
import { describeHint, describeHintResource } from './hint-text';
import { describeStep, scopeMissWords } from './trace-text';
import { toYamlSnippet } from './yaml-snippet';

export interface NearMissJson extends Omit<NearMiss, 'scope' | 'ref'> {
  /** `{expected: "daemonGroup X", actual: "daemonGroup Y" | "no daemonGroup"}` (scopeMissWords). */
  scope: { expected: string; actual: string } | null;
  ref: SourceRef;
}
export interface StepJson {
  stage: Stage;
  outcome: StepOutcome;
  message: string;
  refs: SourceRef[];
  reason?: ReasonCode;
  nearestMisses?: NearMissJson[];
}
export interface HintJson extends Omit<Hint, 'fix' | 'resource' | 'ref' | 'snippet'> {
  /** The fix in words (describeHint). */
  message: string;
  /** The resource to change, named (describeHintResource). */
  resource?: string;
  ref?: SourceRef;
  /** The snippet, as YAML text. */
  yaml?: string;
}
export interface ConnectionResultJson extends Omit<ConnectionResult, 'steps' | 'hints' | 'source'> {
  source: { identity: string | null; spiffeID: string | null };
  steps: StepJson[];
  hints: HintJson[];
}

export function connectionResultToJson(r: ConnectionResult): ConnectionResultJson {
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
        message: describeStep(s),
        refs: s.refs.map(resolveRef),
      };
      if (s.reason) out.reason = s.reason;
      if (s.nearestMisses)
        out.nearestMisses = s.nearestMisses.map((m) => ({
          ...m,
          scope: m.scope && scopeMissWords(m.scope),
          ref: resolveRef(m.ref),
        }));
      return out;
    }),
    hints: r.hints.map((h) => {
      const out: HintJson = { reason: h.reason, message: describeHint(h) };
      if (h.resource) out.resource = describeHintResource(h.resource);
      if (h.ref) out.ref = resolveRef(h.ref);
      if (h.snippet !== undefined) out.yaml = toYamlSnippet(h.snippet);
      return out;
    }),
  };
}
