/**
 * Turns JSON Schema errors (ajv, allErrors + verbose) into findings: one clear finding per problem,
 * at the exact place (the key of an unknown field, the value of a wrong value, the parent's key for
 * a missing field), with a stable RT1xxx code, "did you mean" for near misses, and a fix.
 */
import type { Finding } from '../findings';
import { checkTrustDomain, checkWorkloadPath, parseSpiffeId } from '../spiffe/id';
import { closestMatch } from '../text/suggest';
import type { DocumentOrigin } from './document';
import { joinPointer, splitPointer } from './document';
import type { SchemaError } from './schema-validators';
import { describePattern, findFieldHome, type FieldPath } from './field-paths';
import { K8S_LABEL_SELECTOR_PREFIX, KNOWN_SELECTOR_KEYS } from './types';

/** Values people bring from other meshes, and what Riptides calls them. */
const ENUM_ALIASES: Record<string, string> = {
  STRICT: 'MUTUAL',
  ISTIO_MUTUAL: 'MUTUAL',
  MTLS: 'MUTUAL',
  TLS: 'SIMPLE',
};

/** `spec.egress[0].connection` for `/spec/egress/0/connection`; `the document` for ''. */
export function describePointer(pointer: string): string {
  if (pointer === '') return 'the document';
  let out = '';
  for (const token of splitPointer(pointer))
    out += /^\d+$/.test(token) ? `[${token}]` : (out ? '.' : '') + token;
  return out;
}

function valueText(value: unknown): string {
  const s = JSON.stringify(value);
  if (s === undefined) return String(value);
  return s.length > 80 ? s.slice(0, 77) + '…' : s;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'mapping';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  null: 'null',
};

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function problemsText(problems: { message: string }[]): string {
  return problems.map((p) => p.message).join('; ');
}

/** What is wrong with a lowercase RFC 1123 name, in words, and the nearest valid name. */
function nameProblem(
  value: string,
  maxLength: number,
  allowDots: boolean,
): { text: string; suggestion?: string } {
  const problems: string[] = [];
  if (value === '') problems.push('it is empty');
  if (value.length > maxLength) problems.push(`it is ${value.length} characters long, over ${maxLength}`);
  if (/[A-Z]/.test(value)) problems.push('it has uppercase letters');
  const bad = [...new Set([...value].filter((c) => !(allowDots ? /[a-zA-Z0-9.-]/ : /[a-zA-Z0-9-]/).test(c)))];
  if (bad.length > 0)
    problems.push(
      `it has characters other than letters, digits, "-"${allowDots ? ' and "."' : ''} (${valueText(bad.join(''))})`,
    );
  if (/^[^a-zA-Z0-9]|[^a-zA-Z0-9]$/.test(value))
    problems.push('it must start and end with a letter or digit');
  if (allowDots && /\.\.|\.-|-\./.test(value))
    problems.push('each dot-separated part must start and end with a letter or digit');
  let suggestion = value
    .toLowerCase()
    .replace(allowDots ? /[^a-z0-9.-]+/g : /[^a-z0-9-]+/g, '-')
    .replace(/\.[-.]*\.|-+\.|\.-+/g, '.')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, maxLength)
    .replace(/[-.]+$/g, '');
  if (suggestion === '' || suggestion === value) suggestion = undefined as unknown as string;
  return { text: problems.join('; ') || 'it is not a valid name', suggestion };
}

interface Draft {
  code: string;
  message: string;
  pointer: string;
  target: 'key' | 'value' | 'missing';
  fix?: string;
  severity?: Finding['severity'];
}

function formatOf(error: SchemaError): string | undefined {
  const f = error.parentSchema?.['x-riptides-format'];
  return typeof f === 'string' ? f : undefined;
}

function descriptionOf(schema: unknown): string | undefined {
  const d = (schema as { description?: unknown } | undefined)?.description;
  return typeof d === 'string' ? d : undefined;
}

/** A key that failed `propertyNames`: unknown selector key, invalid label key. */
function keyDraft(error: SchemaError, key: string): Draft {
  const pointer = joinPointer(...splitPointer(error.instancePath), key);
  const where = describePointer(error.instancePath);
  if (formatOf(error) === 'selector-key') {
    const tail = key.slice(key.lastIndexOf(':') + 1);
    const candidates = [...KNOWN_SELECTOR_KEYS, `${K8S_LABEL_SELECTOR_PREFIX}${tail}`];
    const guess = closestMatch(key, candidates);
    return {
      code: 'RT1026',
      message: `unknown selector key "${key}" in ${where}` + (guess ? `; did you mean "${guess}"?` : ''),
      pointer,
      target: 'key',
      fix: guess
        ? `Write "${guess}".`
        : `Use one of ${KNOWN_SELECTOR_KEYS.join(', ')} or ${K8S_LABEL_SELECTOR_PREFIX}<label key>.`,
    };
  }
  const selectorLike = /:/.test(key) && !key.includes('/');
  return {
    code: 'RT1024',
    message:
      `invalid label key "${key}" in ${where}` +
      (selectorLike ? ': label selectors match Service labels, not workload attributes' : ''),
    pointer,
    target: 'key',
    fix: selectorLike
      ? 'Egress selectors match the labels of a Service (e.g. "app: backend"); workload attributes such as process:name belong in spec.selectors.'
      : 'A label key is an optional DNS-subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit.',
  };
}

/** A string value that failed pattern / minLength / maxLength. */
function stringDraft(error: SchemaError): Draft {
  const pointer = error.instancePath;
  const where = describePointer(pointer);
  const value = error.data;
  const text = typeof value === 'string' ? value : String(value);
  switch (formatOf(error)) {
    case 'spiffe-id': {
      const parsed = parseSpiffeId(text);
      const why = parsed.ok ? 'it does not match the SPIFFE ID format' : problemsText(parsed.problems);
      return {
        code: 'RT1030',
        message: `invalid SPIFFE ID ${valueText(text)} in ${where}: ${why}`,
        pointer,
        target: 'value',
        fix: 'A SPIFFE ID is spiffe://<trust domain>/<path>, e.g. spiffe://example.com/myapp/app/frontend: lowercase trust domain, path segments of letters, digits, ".", "-" and "_".',
      };
    }
    case 'workload-id': {
      const problems = checkWorkloadPath(text);
      const full = /^spiffe:\/\/[^/]*\/(.*)$/.exec(text);
      const candidate = text
        .split('/')
        .filter((seg) => seg !== '' && seg !== '.' && seg !== '..')
        .join('/');
      const cleaned = checkWorkloadPath(candidate).length === 0 ? candidate : undefined;
      return {
        code: 'RT1031',
        message: `invalid workloadID ${valueText(text)}: ${full ? 'it is a whole SPIFFE ID, not its path' : problems.length > 0 ? problemsText(problems) : 'it is not a SPIFFE ID path'}`,
        pointer,
        target: 'value',
        fix: full
          ? `Write only the path: "${full[1]}" (the trust domain comes from the control plane).`
          : cleaned && cleaned !== text
            ? `For example "${cleaned}".`
            : 'Write a path such as myapp/app/frontend: segments of letters, digits, ".", "-" and "_", none empty, "." or "..", no trailing "/".',
      };
    }
    case 'dns-subdomain':
    case 'dns-label': {
      const label = formatOf(error) === 'dns-label';
      const { text: why, suggestion } = nameProblem(text, label ? 63 : 253, !label);
      const what = pointer.endsWith('/namespace') ? 'namespace' : 'name';
      return {
        code: 'RT1032',
        message: `invalid ${what} ${valueText(text)} in ${where}: ${why}`,
        pointer,
        target: 'value',
        fix:
          (suggestion ? `For example "${suggestion}". ` : '') +
          `A ${what} is a lowercase RFC 1123 ${label ? 'label' : 'subdomain'}: lowercase letters, digits${label ? '' : ', "."'} and "-", at most ${label ? 63 : 253} characters.`,
      };
    }
    case 'trust-domain': {
      const problems = checkTrustDomain(text);
      const scheme = /^spiffe:\/\/([^/]*)/.exec(text);
      return {
        code: 'RT1033',
        message: `invalid trust domain ${valueText(text)} in ${where}: ${scheme ? 'write the trust domain name only, without spiffe://' : problems.length > 0 ? problemsText(problems) : 'it is not a trust domain name'}`,
        pointer,
        target: 'value',
        fix: scheme
          ? `Write "${scheme[1]}".`
          : 'A trust domain is lowercase letters, digits, ".", "-" and "_", e.g. example.com.',
      };
    }
    case 'host': {
      const hostPort = /^(.*):(\d+)$/.exec(text);
      return {
        code: 'RT1024',
        message: `invalid address ${valueText(text)} in ${where}: ${hostPort && !text.includes('::') ? 'the port goes into its own field' : 'expected a DNS name or an IP address'}`,
        pointer,
        target: 'value',
        fix:
          hostPort && !text.includes('::')
            ? `Write "address: ${hostPort[1]}" and "port: ${hostPort[2]}".`
            : 'Write a DNS name (backend.myapp.svc.cluster.local) or an IP address (10.0.0.7, fd00::7), without scheme, port or path.',
      };
    }
    case 'host-port':
      return {
        code: 'RT1024',
        message: `invalid destination ${valueText(text)} in ${where}: expected host:port with a port from 1 to 65535`,
        pointer,
        target: 'value',
        fix: 'Write the destination as host:port, e.g. backend-api.myapp.svc.cluster.local:3000 ([fd00::7]:443 for IPv6).',
      };
    case 'label-value':
      return {
        code: 'RT1024',
        message: `invalid label value ${valueText(text)} in ${where}: at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit`,
        pointer,
        target: 'value',
        fix: 'Shorten the value or replace the characters that are not allowed.',
      };
    default: {
      const s = error.parentSchema ?? {};
      const rules: string[] = [];
      if (typeof s.minLength === 'number' && s.minLength > 0 && text.length < s.minLength)
        rules.push(
          s.minLength === 1 ? 'it must not be empty' : `it must be at least ${s.minLength} characters`,
        );
      if (typeof s.maxLength === 'number' && text.length > s.maxLength)
        rules.push(`it must be at most ${s.maxLength} characters`);
      if (rules.length === 0) rules.push('it does not have the expected format');
      const description = descriptionOf(s);
      return {
        code: 'RT1024',
        message: `invalid value ${valueText(text)} for ${where}: ${rules.join('; ')}`,
        pointer,
        target: 'value',
        fix: description,
      };
    }
  }
}

/** The fix for a field that is valid elsewhere in the kind: move it, never remove it. */
function misplacedFieldFix(
  paths: readonly FieldPath[] | undefined,
  pointer: string,
  prop: string,
): string | undefined {
  if (!paths) return undefined;
  const home = findFieldHome(paths, splitPointer(pointer), prop);
  if (!home) return undefined;
  const here = describePointer(pointer);
  switch (home.where) {
    case 'up':
      return `"${prop}" belongs in ${describePattern(home.parent)}, one level up: un-indent it (out of ${here}).`;
    case 'down': {
      const under = describePattern(home.under);
      return `"${prop}" belongs under ${under}: indent it below "${home.under.filter((s) => s !== '[]').pop()}:" (${under}.${prop}).`;
    }
    case 'elsewhere':
      return `"${prop}" is not a field of ${here}: move it to ${describePattern(home.at)}.`;
  }
}

function draftFor(error: SchemaError, paths?: readonly FieldPath[]): Draft | undefined {
  const pointer = error.instancePath;
  const where = describePointer(pointer);
  const schema = error.parentSchema ?? {};
  if (error.propertyName !== undefined) return keyDraft(error, error.propertyName);
  switch (error.keyword) {
    case 'additionalProperties': {
      const prop = String(error.params.additionalProperty);
      const known = Object.keys((schema.properties as Record<string, unknown> | undefined) ?? {});
      const moved = misplacedFieldFix(paths, pointer, prop);
      const guess = moved ? undefined : closestMatch(prop, known);
      return {
        code: 'RT1020',
        message: `unknown field "${prop}" in ${where}` + (guess ? `; did you mean "${guess}"?` : ''),
        pointer: joinPointer(...splitPointer(pointer), prop),
        target: 'key',
        fix: moved
          ? moved
          : guess
            ? `Rename "${prop}" to "${guess}".`
            : known.length > 0
              ? `Remove "${prop}"; ${where} has the fields ${known.join(', ')}.`
              : `Remove "${prop}".`,
      };
    }
    case 'required': {
      const prop = String(error.params.missingProperty);
      const description = descriptionOf((schema.properties as Record<string, unknown> | undefined)?.[prop]);
      return {
        code: 'RT1021',
        message: `missing required field "${prop}" in ${where}`,
        pointer: joinPointer(...splitPointer(pointer), prop),
        target: 'missing',
        fix: `Add "${prop}:" to ${where}` + (description ? ` — ${description}` : '.'),
      };
    }
    case 'type': {
      const expected = String(error.params.type)
        .split(',')
        .map((t) => TYPE_NAMES[t] ?? t)
        .join(' or ');
      const actual = typeOf(error.data);
      let fix: string | undefined;
      if (expected === 'a string' && (actual === 'integer' || actual === 'number' || actual === 'boolean'))
        fix = `Quote the value: "${String(error.data)}".`;
      else if (expected === 'a list' && actual === 'mapping')
        fix = 'Write it as a list: put "- " before the entry.';
      else if (actual === 'null')
        // apiVersion, kind, metadata and spec are all required: removing one is never the fix.
        fix =
          splitPointer(pointer).length === 1
            ? `The value is empty: give ${expected}${expected === 'a mapping' ? ' (its fields indented below the key)' : ''}.`
            : `The value is empty: give ${expected} or remove the field.`;
      return {
        code: 'RT1022',
        message: `${where} must be ${expected}, not ${actual === 'null' ? 'empty (null)' : `${/^[aeiou]/.test(actual) ? 'an' : 'a'} ${actual}`}`,
        pointer,
        target: 'value',
        fix: fix ?? descriptionOf(schema),
      };
    }
    case 'enum':
    case 'const': {
      const allowed =
        (error.keyword === 'const'
          ? [error.params.allowedValue]
          : (error.params.allowedValues as unknown[])) ?? [];
      const strings = allowed.map(String);
      const value = error.data;
      const guess =
        typeof value === 'string'
          ? ((ENUM_ALIASES[value.toUpperCase()] !== undefined &&
            strings.includes(ENUM_ALIASES[value.toUpperCase()])
              ? ENUM_ALIASES[value.toUpperCase()]
              : undefined) ?? closestMatch(value, strings))
          : undefined;
      return {
        code: 'RT1023',
        message:
          `invalid value ${valueText(value)} for ${where}: must be ${strings.length === 1 ? strings[0] : `one of ${strings.join(', ')}`}` +
          (guess ? `; did you mean "${guess}"?` : ''),
        pointer,
        target: 'value',
        fix: guess ? `Write "${guess}".` : descriptionOf(schema),
      };
    }
    case 'pattern':
    case 'minLength':
    case 'maxLength':
    case 'format':
      return stringDraft(error);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const min = schema.minimum;
      const max = schema.maximum;
      const range =
        typeof min === 'number' && typeof max === 'number'
          ? `from ${min} to ${max}`
          : `${String(error.params.comparison)} ${String(error.params.limit)}`;
      return {
        code: 'RT1024',
        message: `${where} is ${valueText(error.data)}, out of range: it must be ${range}`,
        pointer,
        target: 'value',
        fix: descriptionOf(schema),
      };
    }
    case 'minItems':
    case 'maxItems': {
      const limit = Number(error.params.limit);
      return {
        code: 'RT1025',
        message: `${where} must have ${error.keyword === 'minItems' ? 'at least' : 'at most'} ${plural(limit, 'entry', 'entries')}`,
        pointer,
        target: 'value',
        fix: descriptionOf(schema),
      };
    }
    case 'minProperties':
    case 'maxProperties':
    case 'not': {
      const oneOf = schema['x-riptides-one-of'];
      if (Array.isArray(oneOf)) {
        const data = (error.data ?? {}) as Record<string, unknown>;
        // In document order, so that the finding points at the second one written.
        const present = Object.keys(data).filter((k) => oneOf.includes(k));
        // One of them set: the count is off for another reason that its own error reports.
        if (present.length === 1) return undefined;
        if (present.length === 0) {
          return {
            code: 'RT1027',
            message: `${where} must set one of ${oneOf.join(', ')}`,
            pointer,
            target: 'value',
            fix: descriptionOf(schema),
          };
        }
        return {
          code: 'RT1027',
          message: `${where} sets ${present.join(' and ')}: set only one of them`,
          pointer: joinPointer(...splitPointer(pointer), present[present.length - 1]),
          target: 'key',
          fix: `Keep one of ${present.join(', ')} and remove the other${present.length > 2 ? 's' : ''}.`,
        };
      }
      if (error.keyword === 'not') break;
      const limit = Number(error.params.limit);
      return {
        code: 'RT1025',
        message: `${where} must have ${error.keyword === 'minProperties' ? 'at least' : 'at most'} ${plural(limit, 'key', 'keys')}`,
        pointer,
        target: 'value',
        fix: descriptionOf(schema),
      };
    }
    case 'uniqueItems': {
      const i = Number(error.params.i);
      const j = Number(error.params.j);
      const dup = Math.max(i, j);
      const first = Math.min(i, j);
      const list = Array.isArray(error.data) ? error.data : [];
      return {
        code: 'RT1028',
        severity: 'warning',
        message: `${where}[${dup}] repeats ${valueText(list[dup])} (already entry ${first})`,
        pointer: joinPointer(...splitPointer(pointer), dup),
        target: 'value',
        fix: 'Remove the repeated entry.',
      };
    }
    // Wrappers whose inner errors say what is wrong.
    case 'propertyNames':
    case 'if':
    case 'then':
    case 'else':
    case '$ref':
      return undefined;
  }
  return {
    code: 'RT1024',
    message: `invalid value for ${where}: ${error.message ?? 'it does not match the schema'}`,
    pointer,
    target: 'value',
    fix: descriptionOf(schema),
  };
}

/** True when `pointer` is `parent` or lies below it. */
function isWithin(pointer: string, parent: string): boolean {
  return pointer === parent || pointer.startsWith(parent + '/');
}

/**
 * One finding per problem. `resource` names the resource (`describeResource`), when it has a name.
 */
export function schemaErrorsToFindings(
  errors: readonly SchemaError[],
  origin: DocumentOrigin,
  resource?: string,
  /** The kind's field paths (fieldPathsOf): an unknown field valid elsewhere gets "indent it"/"move it". */
  fieldPaths?: readonly FieldPath[],
): Finding[] {
  const drafts: Draft[] = [];
  for (const error of errors) {
    // oneOf/anyOf: when a branch reported something more precise at or below the same place, that is the useful message.
    if (
      (error.keyword === 'oneOf' || error.keyword === 'anyOf') &&
      errors.some(
        (e) => e !== error && e.keyword !== error.keyword && isWithin(e.instancePath, error.instancePath),
      )
    ) {
      continue;
    }
    const draft = draftFor(error, fieldPaths);
    if (draft) drafts.push(draft);
  }
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const d of drafts) {
    // pattern + maxLength on one value, or the same branch reported twice: one finding.
    const key = `${d.code}\u0000${d.pointer}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const position =
      d.target === 'missing'
        ? origin.locate(d.pointer)
        : origin.locate(d.pointer, d.target === 'key' ? 'key' : 'value');
    const finding: Finding = {
      severity: d.severity ?? 'error',
      code: d.code,
      message: d.message,
      file: position.file,
      line: position.line,
      column: position.column,
      path: d.pointer,
    };
    if (resource !== undefined) finding.resource = resource;
    if (d.fix) finding.fix = d.fix;
    findings.push(finding);
  }
  return findings;
}
