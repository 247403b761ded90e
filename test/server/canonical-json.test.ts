/**
 * canonicalJson fingerprints Idempotency-Key requests (stored, and compared with a retry's) and
 * tells unchanged documents: its text must stay exactly the definition below, whatever the input.
 */
import { canonicalJson, parsedCanonicalJson } from '../../src/server/writes';

/** The definition: sorted keys, undefined members left out, arrays joined as Array#join does. */
function reference(value: unknown): string {
  if (Array.isArray(value)) return '[' + value.map((v) => reference(v)).join(',') + ']';
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return (
      '{' +
      Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort()
        .map((k) => JSON.stringify(k) + ':' + reference(obj[k]))
        .join(',') +
      '}'
    );
  }
  return JSON.stringify(value);
}

/** A small deterministic generator (no Math.random: failures must reproduce). */
function generator(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

const KEY_CHARS = [
  'a',
  'Z',
  '0',
  '-',
  '/',
  ':',
  '.',
  ' ',
  '"',
  '\\',
  '\n',
  '\u0001',
  'é',
  '\u2028',
  '\ud83d\ude00',
  '~',
];

function randomKey(rnd: () => number): string {
  let k = '';
  const n = Math.floor(rnd() * 6);
  for (let i = 0; i < n; i++) k += KEY_CHARS[Math.floor(rnd() * KEY_CHARS.length)];
  return k;
}

function randomValue(rnd: () => number, depth: number): unknown {
  const r = rnd();
  if (depth > 3 || r < 0.35) {
    const leaves = [null, true, false, 0, -1.5, 1e21, randomKey(rnd), undefined];
    return leaves[Math.floor(rnd() * leaves.length)];
  }
  if (r < 0.6) return Array.from({ length: Math.floor(rnd() * 4) }, () => randomValue(rnd, depth + 1));
  const obj: Record<string, unknown> = {};
  const n = Math.floor(rnd() * 5);
  for (let i = 0; i < n; i++) obj[randomKey(rnd)] = randomValue(rnd, depth + 1);
  return obj;
}

describe('canonicalJson', () => {
  it('sorts keys at every level, so that key order does not change the text', () => {
    const a = { spec: { b: 1, a: [{ y: 2, x: 1 }] }, kind: 'WorkloadIdentity' };
    const b = { kind: 'WorkloadIdentity', spec: { a: [{ x: 1, y: 2 }], b: 1 } };
    expect(canonicalJson(a)).toBe('{"kind":"WorkloadIdentity","spec":{"a":[{"x":1,"y":2}],"b":1}}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it('escapes keys that need it and leaves out undefined members', () => {
    const value = { 'a"b': 1, 'c\\d': 2, '\u0001': 3, é: 4, z: undefined, '': [undefined, null] };
    expect(canonicalJson(value)).toBe(reference(value));
    expect(canonicalJson(value)).toBe('{"":[,null],"\\u0001":3,"a\\"b":1,"c\\\\d":2,"é":4}');
  });

  it('is the reference text for objects of many keys in any order (the long-list sort) and for members with no JSON text', () => {
    const rnd = generator(20261203);
    for (let n = 0; n < 40; n++) {
      const obj: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) obj[`${randomKey(rnd)}${i}`] = i % 3 === 0 ? { b: 1, a: [i] } : i;
      expect(canonicalJson(obj)).toBe(reference(obj));
      expect(canonicalJson({ list: [obj, undefined, obj] })).toBe(reference({ list: [obj, undefined, obj] }));
    }
    const odd = { b: () => 1, a: [() => 1, Symbol('s'), 1] };
    expect(canonicalJson(odd)).toBe(reference(odd));
    expect(canonicalJson(odd)).toBe('{"a":[,,1],"b":undefined}');
    expect(canonicalJson(undefined)).toBeUndefined();
  });

  it('is the reference text for 2,000 generated values (keys with quotes, control and non-ASCII characters)', () => {
    const rnd = generator(20261202);
    for (let i = 0; i < 2000; i++) {
      const value = randomValue(rnd, 0);
      expect(canonicalJson(value)).toBe(reference(value));
    }
  });
});

describe('parsedCanonicalJson (the fingerprint of a whole apply batch)', () => {
  it('is the reference text for 2,000 generated parsed values, integer-like keys included', () => {
    const rnd = generator(20261204);
    let numericKeys = 0;
    for (let i = 0; i < 2000; i++) {
      const value = JSON.parse(JSON.stringify(randomValue(rnd, 0) ?? null)) as unknown;
      // Integer-like keys ("0", "00" is not one) are listed first by JavaScript: some values must have them.
      if (/"\d+":/.test(JSON.stringify(value))) numericKeys++;
      expect(parsedCanonicalJson(value)).toBe(reference(value));
    }
    expect(numericKeys).toBeGreaterThan(20);
  });

  it('keeps the order of integer-like keys canonical, and a __proto__ key an own member', () => {
    const labels = JSON.parse('{"tier":"web","10":"a","9":"b","-1":"c"}') as unknown;
    expect(parsedCanonicalJson(labels)).toBe('{"-1":"c","10":"a","9":"b","tier":"web"}');
    const proto = JSON.parse('{"z":1,"__proto__":{"x":1}}') as unknown;
    expect(parsedCanonicalJson(proto)).toBe('{"__proto__":{"x":1},"z":1}');
    expect(parsedCanonicalJson(proto)).toBe(reference(proto));
  });

  it('leaves its input as it was', () => {
    const value = JSON.parse('{"b":[{"d":1,"c":2}],"a":{"f":1,"e":2}}') as Record<string, unknown>;
    const before = JSON.stringify(value);
    expect(parsedCanonicalJson(value)).toBe('{"a":{"e":2,"f":1},"b":[{"c":2,"d":1}]}');
    expect(JSON.stringify(value)).toBe(before);
  });
});
