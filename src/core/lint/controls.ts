/**
 * Lint controls, pure parts: the `.riptides-lint.yaml` config shape and its validation, rule
 * references (code or name), the inline annotation, the fail threshold, and how flags and the config
 * file combine. File lookup lives in src/io/lint-config.ts.
 */
import { ruleCodes } from '../catalog/rule-codes';
import type { Finding, Severity } from '../findings';
import { atLeast } from '../findings';
import { closestMatch } from '../text/suggest';

/** Per-resource suppression: `metadata.annotations["lint.riptides.io/disable"]: "RT2011,RT2013"`. */
export const DISABLE_ANNOTATION = 'lint.riptides.io/disable';
export const LINT_CONFIG_FILE = '.riptides-lint.yaml';
export const FAIL_ON_LEVELS: readonly Severity[] = ['error', 'warning', 'info'];
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** The codes a user can disable: every RT2xxx rule code (RT2000, the internal failure, included). */
const byCode = new Map(ruleCodes.map((e) => [e.code, e]));
const byName = new Map(ruleCodes.map((e) => [e.name, e]));
// Former names still resolve (RT2005 was `ambiguous-identity`), but are not suggested.
const byFormerName = new Map(ruleCodes.flatMap((e) => (e.formerNames ?? []).map((n) => [n, e] as const)));

/** A rule reference as written (`RT2011`, `rt2011`, `permissive-inbound`) → its code, or undefined. */
export function resolveRuleRef(ref: string): string | undefined {
  const t = ref.trim();
  const lower = t.toLowerCase();
  return byCode.get(t.toUpperCase())?.code ?? (byName.get(lower) ?? byFormerName.get(lower))?.code;
}

/** When `ref` is a rule's former name (deprecated, still accepted): the rule's code and current name. */
export function formerRuleName(ref: string): { code: string; name: string } | undefined {
  const e = byFormerName.get(ref.trim().toLowerCase());
  return e && { code: e.code, name: e.name };
}

/** "did you mean" for an unknown rule reference, over codes and names. */
export function suggestRuleRef(ref: string): string | undefined {
  return closestMatch(ref.trim(), [...byCode.keys(), ...byName.keys()]);
}

/** The references in an annotation value: comma or whitespace separated. */
export function splitRuleRefs(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Codes an annotation value suppresses (unknown references are ignored here; RT2017 reports them). */
export function annotationCodes(annotations: Readonly<Record<string, unknown>> | undefined): Set<string> {
  const out = new Set<string>();
  const value = annotations?.[DISABLE_ANNOTATION];
  if (typeof value !== 'string') return out;
  for (const ref of splitRuleRefs(value)) {
    const code = resolveRuleRef(ref);
    if (code) out.add(code);
  }
  return out;
}

export interface LintConfig {
  disable: string[];
  failOn?: Severity;
  trustDomain?: string;
  severity: Record<string, Severity>;
}

/** A problem in the config file, with the JSON pointer of the offending node. */
export interface LintConfigProblem {
  pointer: string;
  message: string;
  /** `key` for unknown keys, `value` otherwise. */
  target: 'key' | 'value';
}

const CONFIG_KEYS = ['disable', 'failOn', 'trustDomain', 'severity'];

/** Validate the parsed YAML of a `.riptides-lint.yaml`. An empty file is an empty config. */
export function parseLintConfig(data: unknown): { config: LintConfig; problems: LintConfigProblem[] } {
  const config: LintConfig = { disable: [], severity: {} };
  const problems: LintConfigProblem[] = [];
  if (data === null || data === undefined) return { config, problems };
  if (typeof data !== 'object' || Array.isArray(data)) {
    problems.push({
      pointer: '',
      target: 'value',
      message: 'the lint config must be a mapping (disable, failOn, trustDomain, severity)',
    });
    return { config, problems };
  }
  const ruleRefProblem = (ref: unknown, pointer: string, target: 'key' | 'value'): string | undefined => {
    if (typeof ref !== 'string') {
      problems.push({
        pointer,
        target,
        message: 'a rule is named by its code (RT2011) or name (permissive-inbound)',
      });
      return undefined;
    }
    const code = resolveRuleRef(ref);
    if (!code) {
      const near = suggestRuleRef(ref);
      problems.push({
        pointer,
        target,
        message: `"${ref}" is not a lint rule${near ? `; did you mean "${near}"?` : ''} (see validate --list-rules)`,
      });
    }
    return code;
  };
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const pointer = '/' + key.replace(/~/g, '~0').replace(/\//g, '~1');
    switch (key) {
      case 'disable':
        if (!Array.isArray(value)) {
          problems.push({
            pointer,
            target: 'value',
            message: 'disable must be a list of rule codes or names',
          });
          break;
        }
        value.forEach((ref, i) => {
          const code = ruleRefProblem(ref, `${pointer}/${i}`, 'value');
          if (code) config.disable.push(code);
        });
        break;
      case 'failOn':
        if (typeof value === 'string' && (FAIL_ON_LEVELS as string[]).includes(value))
          config.failOn = value as Severity;
        else
          problems.push({
            pointer,
            target: 'value',
            message: `failOn must be one of ${FAIL_ON_LEVELS.join(', ')}`,
          });
        break;
      case 'trustDomain':
        if (typeof value === 'string' && /^[a-z0-9._-]+$/.test(value)) config.trustDomain = value;
        else
          problems.push({
            pointer,
            target: 'value',
            message:
              'trustDomain must be a trust domain name such as example.com (lowercase letters, digits, ".", "-", "_")',
          });
        break;
      case 'severity':
        if (!value || typeof value !== 'object' || Array.isArray(value)) {
          problems.push({
            pointer,
            target: 'value',
            message: 'severity must map rule codes to error, warning or info',
          });
          break;
        }
        for (const [ref, sev] of Object.entries(value as Record<string, unknown>)) {
          const p = `${pointer}/${ref.replace(/~/g, '~0').replace(/\//g, '~1')}`;
          const code = ruleRefProblem(ref, p, 'key');
          if (typeof sev !== 'string' || !(SEVERITIES as string[]).includes(sev)) {
            problems.push({
              pointer: p,
              target: 'value',
              message: `the severity of ${ref} must be one of ${SEVERITIES.join(', ')}`,
            });
            continue;
          }
          if (code) config.severity[code] = sev as Severity;
        }
        break;
      default: {
        const near = closestMatch(key, CONFIG_KEYS);
        problems.push({
          pointer,
          target: 'key',
          message: `unknown key "${key}"${near ? `; did you mean "${near}"?` : ''} (allowed: ${CONFIG_KEYS.join(', ')})`,
        });
      }
    }
  }
  return { config, problems };
}

/** What the command line says (flags win over the config file). */
export interface LintFlags {
  disable?: readonly string[];
  failOn?: Severity;
  strict?: boolean;
  trustDomain?: string;
}

/** The effective controls of one run. */
export interface LintControls {
  disabled: Set<string>;
  failOn: Severity;
  trustDomain?: string;
  severity: Record<string, Severity>;
}

/**
 * Combine the config file and the flags: `--disable` adds to the file's list, `--fail-on` and
 * `--trust-domain` replace the file's value, `--strict` means `--fail-on warning` (an explicit
 * `--fail-on` wins). Unknown rule references in flags are the caller's to report (see resolveRuleRef).
 */
export function mergeLintControls(config: LintConfig | undefined, flags: LintFlags): LintControls {
  const disabled = new Set<string>(config?.disable ?? []);
  for (const ref of flags.disable ?? []) {
    const code = resolveRuleRef(ref);
    if (code) disabled.add(code);
  }
  return {
    disabled,
    failOn: flags.failOn ?? (flags.strict ? 'warning' : undefined) ?? config?.failOn ?? 'error',
    trustDomain: flags.trustDomain ?? config?.trustDomain,
    severity: { ...(config?.severity ?? {}) },
  };
}

/** Does this run fail (exit 1) under the threshold? */
export function failsThreshold(findings: readonly Finding[], failOn: Severity): boolean {
  return findings.some((f) => atLeast(f.severity, failOn));
}

/**
 * The trust domain the rules use: the flag or config file, else the one trust domain all given
 * Scenarios agree on, else none (rules comparing trust domains stay silent).
 */
export function resolveTrustDomain(
  configured: string | undefined,
  scenarioTrustDomains: Iterable<string | undefined>,
): string | undefined {
  if (configured !== undefined) return configured;
  const seen = new Set<string>();
  for (const td of scenarioTrustDomains) if (typeof td === 'string' && td !== '') seen.add(td);
  return seen.size === 1 ? [...seen][0] : undefined;
}
