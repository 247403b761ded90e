/**
 * The shapes of the lint framework: a rule (catalog code + description + check), the findings a rule
 * returns before the runner places them (pointer into the subject's document, related resources),
 * and the options of a run.
 */
import type { LocateTarget } from '../manifest/document';
import type { Severity } from '../findings';
import type { LintContext } from './context';
import type { LocatedResource, LocatedScenario } from './located';

/** The resource kinds a rule reads (`Scenario`: workloads listening on addresses, when given). */
export type LintReadKind = 'WorkloadIdentity' | 'Service' | 'Scenario';

/** A place in a resource's document: the runner turns it into file:line:column only when reported. */
export interface LintPlace {
  subject: LocatedResource | LocatedScenario;
  /** JSON pointer inside the subject's document. */
  pointer: string;
  /** `key` points at a mapping key, `value` (default) at the node. */
  target?: LocateTarget;
}

export interface LintRelated extends LintPlace {
  message: string;
}

/** What a rule's check returns: the runner adds code, severity, location and resource name. */
export interface LintFinding extends LintPlace {
  /** Findings belong to a WorkloadIdentity or Service (annotations suppress them there). */
  subject: LocatedResource;
  message: string;
  fix?: string;
  related?: LintRelated[];
}

export interface LintRule {
  /** RT2xxx, from src/core/catalog/rule-codes.ts. */
  readonly code: string;
  /** kebab-case name from the catalog. */
  readonly name: string;
  /** Default severity from the catalog (a config file may override it). */
  readonly severity: Severity;
  /** One or two sentences: what the rule catches and why it matters. */
  readonly description: string;
  readonly reads: readonly LintReadKind[];
  /** Pure; must not throw (a throw is a bug: the runner reports RT2000 and goes on). */
  check(context: LintContext): LintFinding[];
}

export interface LintOptions {
  /** The trust domain the manifests are applied to; rules that compare SPIFFE IDs need it. */
  trustDomain?: string;
  /** Codes (or rule names) not to run. */
  disabled?: Iterable<string>;
  /** Severity per code, overriding the catalog default. */
  severity?: Readonly<Record<string, Severity>>;
  /** The rules to run (default: the registry). Tests use it to inject a failing rule. */
  rules?: readonly LintRule[];
}
