/** A tiny YAML emitter for the snippets in fixes: maps, lists and scalars, quoting only when needed. */

export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

const PLAIN = /^[A-Za-z_/][A-Za-z0-9_./:@-]*$/;
const RESERVED = /^(true|false|yes|no|on|off|null|y|n)$/i;

function scalar(v: string | number | boolean | null): string {
  if (typeof v !== 'string') return String(v);
  if (PLAIN.test(v) && !RESERVED.test(v) && !v.includes(': ') && !v.endsWith(':')) return v;
  return JSON.stringify(v);
}

const mapKey = (k: string) => (PLAIN.test(k) && !RESERVED.test(k) ? k : JSON.stringify(k));

function isBlock(v: YamlValue): boolean {
  return v !== null && typeof v === 'object' && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0);
}

function inline(v: YamlValue): string {
  if (Array.isArray(v)) return v.length === 0 ? '[]' : JSON.stringify(v);
  if (v !== null && typeof v === 'object') return '{}';
  return scalar(v);
}

function blockLines(value: YamlValue, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const out: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isBlock(item) && !Array.isArray(item)) {
        const sub = blockLines(item, indent + 2);
        out.push(`${pad}- ${sub[0].slice(indent + 2)}`, ...sub.slice(1));
      } else out.push(`${pad}- ${inline(item)}`);
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (isBlock(v)) out.push(`${pad}${mapKey(k)}:`, ...blockLines(v, indent + 2));
      else out.push(`${pad}${mapKey(k)}: ${inline(v)}`);
    }
  } else out.push(pad + inline(value));
  return out;
}

export function toYamlSnippet(value: YamlValue): string {
  return blockLines(value, 0).join('\n') + '\n';
}
