/**
 * The lint runner: builds the shared context once, runs every rule (a rule that throws becomes an
 * RT2000 finding and the others still run), applies suppression (disabled codes, the per-resource
 * annotation) and severity overrides, and places each finding at its file:line:column.
 */
import { catalogEntry } from '../catalog';
import type { Finding, RelatedLocation } from '../findings';
import { compareFindings } from '../findings';
import { describeResource } from '../manifest/types';
import { LintContext } from './context';
import { annotationCodes, resolveRuleRef } from './controls';
import type { LocatedResource, LocatedScenario } from './located';
import { lintRules } from './registry';
import type { LintFinding, LintOptions, LintPlace, LintRule } from './types';

export type SuppressionReason = 'disabled' | 'annotation';

/** A finding that was produced but not reported; counted in the summary. */
export interface SuppressedFinding {
  code: string;
  resource: string;
  reason: SuppressionReason;
}

export interface LintReport {
  findings: Finding[];
  suppressed: SuppressedFinding[];
  /** Codes of the rules that ran (disabled ones run too, so that their findings can be counted). */
  rules: string[];
}

export interface LintRunOptions extends LintOptions {
  /** Scenarios given with the manifests: their listening workloads tell which identity serves a Service. */
  scenarios?: readonly LocatedScenario[];
  /**
   * Resources from elsewhere (`--live`: the control plane's): the rules see them, but findings whose
   * subject is one of them are not reported. One with the kind/namespace/name of an input resource is
   * left out: the input replaces it when applied.
   */
  context?: readonly LocatedResource[];
}

const identityKey = (r: LocatedResource) => `${r.resource.kind}|${describeResource(r.resource)}`;

function describeSubject(subject: LintPlace['subject']): string {
  return 'scenario' in subject
    ? `Scenario ${subject.scenario.metadata?.name ?? ''}`
    : describeResource(subject.resource);
}

function place(p: LintPlace): { file: string; line: number; column: number; path: string } {
  const pos = p.subject.origin.locate(p.pointer, p.target ?? 'value');
  const path = p.subject.origin.sourcePointer?.(p.pointer) ?? p.pointer;
  return { file: pos.file, line: pos.line, column: pos.column, path };
}

function internalFinding(rule: LintRule, err: unknown): Finding {
  const detail = err instanceof Error ? err.message : String(err);
  return {
    severity: catalogEntry('RT2000').severity,
    code: 'RT2000',
    message: `lint rule ${rule.code} (${rule.name}) failed: ${detail}. This is a bug in riptides-cli; the other rules still ran.`,
    fix: `Report the bug with the manifests that trigger it; meanwhile skip the rule with --disable ${rule.code}.`,
  };
}

/** Run the lint rules over resources (all files of one invocation together) and report. */
export function lintResources(
  resources: readonly LocatedResource[],
  options: LintRunOptions = {},
): LintReport {
  const rules = options.rules ?? lintRules;
  let all = resources;
  const contextOnly = new Set<LocatedResource>();
  if (options.context && options.context.length > 0) {
    const given = new Set(resources.map(identityKey));
    for (const r of options.context) if (!given.has(identityKey(r))) contextOnly.add(r);
    // Context first: pair rules report on the later resource, so a pair of (live, input) lands on the input.
    all = [...contextOnly, ...resources];
  }
  const context = new LintContext(all, options.scenarios ?? [], options.trustDomain);
  const disabled = new Set<string>();
  for (const ref of options.disabled ?? []) disabled.add(resolveRuleRef(ref) ?? ref);
  const annotationCache = new Map<LocatedResource, Set<string>>();
  const suppressedBy = (r: LocatedResource) => {
    let codes = annotationCache.get(r);
    if (!codes) {
      codes = annotationCodes(r.resource.metadata?.annotations);
      annotationCache.set(r, codes);
    }
    return codes;
  };

  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const rule of rules) {
    const off = disabled.has(rule.code);
    let raw: LintFinding[];
    try {
      raw = rule.check(context);
      if (!Array.isArray(raw)) throw new Error('check() did not return a list');
    } catch (err) {
      if (!off) findings.push(internalFinding(rule, err));
      continue;
    }
    for (const lf of raw) {
      if (contextOnly.has(lf.subject)) continue;
      const resource = describeResource(lf.subject.resource);
      if (off) {
        suppressed.push({ code: rule.code, resource, reason: 'disabled' });
        continue;
      }
      if (suppressedBy(lf.subject).has(rule.code)) {
        suppressed.push({ code: rule.code, resource, reason: 'annotation' });
        continue;
      }
      try {
        const related: RelatedLocation[] | undefined = lf.related?.map((r) => ({
          message: r.message,
          resource: describeSubject(r.subject),
          ...place(r),
        }));
        findings.push({
          severity: options.severity?.[rule.code] ?? rule.severity,
          code: rule.code,
          message: lf.message,
          ...place(lf),
          resource,
          ...(lf.fix !== undefined ? { fix: lf.fix } : {}),
          ...(related && related.length > 0 ? { related } : {}),
        });
      } catch (err) {
        findings.push(internalFinding(rule, err));
      }
    }
  }
  findings.sort(compareFindings);
  return { findings, suppressed, rules: rules.map((r) => r.code) };
}

/** The findings of a lint run (see lintResources for the suppressed count). */
export function runLintRules(resources: readonly LocatedResource[], options: LintRunOptions = {}): Finding[] {
  return lintResources(resources, options).findings;
}
