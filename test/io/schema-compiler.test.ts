/** The precompiled validators' string-length shortcut (guardStringLengths): same answers as ajv's own code. */
import fc from 'fast-check';
import { parseManifestText } from '../../src/core/manifest/parse';
import type { SchemaValidators } from '../../src/core/manifest/schema-validators';
import {
  compileValidators,
  countKeysInPlace,
  guardStringLengths,
  standaloneValidatorsCode,
} from '../../src/io/schema-compiler';

const COUNTER = 'const func7 = require("ajv/dist/runtime/ucs2length").default;';

/** Evaluate CommonJS source the way Node would load it (require resolves from this test). */
function load(code: string): unknown {
  const module = { exports: {} as unknown };
  new Function('require', 'module', 'exports', code)(require, module, module.exports);
  return module.exports;
}

describe('guardStringLengths', () => {
  // One function per comparison ajv writes: maxLength (`> n`) and minLength (`< n`), on a value and a key.
  const source = (n: number) =>
    `${COUNTER}\nmodule.exports = (data0, key1) => [func7(data0) > ${n}, func7(data0) < ${n}, func7(key1) > ${n}, func7(key1) < ${n}];`;

  test('rewrites every comparison to look at .length first', () => {
    const out = guardStringLengths(source(4));
    expect(out).toContain('(data0.length > 4 && func7(data0) > 4)');
    expect(out).toContain('(data0.length < 4 || (data0.length < 8 && func7(data0) < 4))');
    expect(out).toContain('(key1.length > 4 && func7(key1) > 4)');
    expect(out.split('func7(').length - 1).toBe(4);
  });

  test('gives the same answers as counting code points, for any string and bound', () => {
    // Strings of BMP characters, astral ones (surrogate pairs) and lone surrogates, around the bound.
    const char = fc.oneof(
      fc.constantFrom('a', 'é', '😀', '\ud800', '\udc00', '𝔸'),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    );
    const text = fc.array(char, { maxLength: 24 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(text, text, fc.integer({ min: 0, max: 16 }), (a, b, n) => {
        const plain = load(source(n)) as (x: string, y: string) => boolean[];
        const guarded = load(guardStringLengths(source(n))) as (x: string, y: string) => boolean[];
        expect(guarded(a, b)).toEqual(plain(a, b));
      }),
      { numRuns: 3000 },
    );
  });

  test('leaves code without the counter alone, and refuses a call it does not know', () => {
    expect(guardStringLengths('module.exports = 1;')).toBe('module.exports = 1;');
    expect(() => guardStringLengths(`${COUNTER}\nmodule.exports = (s) => func7(s) + 1;`)).toThrow(
      /rewrote 0 of 1 func7\( calls/,
    );
  });
});

describe('countKeysInPlace', () => {
  const source =
    '"use strict";module.exports = (data, data3) => [Object.keys(data).length > 2, Object.keys(data3).length < 1];';

  test('counts own enumerable keys as Object.keys does, without the array', () => {
    const out = countKeysInPlace(source);
    expect(out).not.toContain('Object.keys');
    expect(out.startsWith('"use strict";function ownKeyCount(')).toBe(true);
    const plain = load(source) as (a: object, b: object) => boolean[];
    const counted = load(out) as (a: object, b: object) => boolean[];
    const inherited = Object.create({ inheritedA: 1, inheritedB: 2, inheritedC: 3 }) as object;
    const hidden = Object.defineProperty({ a: 1, b: 2 }, 'c', { value: 3, enumerable: false });
    const samples: object[] = [
      {},
      { a: 1 },
      { a: 1, b: 2 },
      { a: 1, b: 2, c: 3 },
      inherited,
      hidden,
      { 0: 'x', 1: 'y', 2: 'z' },
    ];
    samples.push(Object.assign(Object.create(null), { a: 1, b: 2, c: 3 }), { [Symbol('s')]: 1, a: 1, b: 2 });
    for (const a of samples) for (const b of samples) expect(counted(a, b)).toEqual(plain(a, b));
  });

  test('leaves code without Object.keys alone, and refuses a use it does not know', () => {
    expect(countKeysInPlace('module.exports = 1;')).toBe('module.exports = 1;');
    expect(() => countKeysInPlace('f(Object.keys(data).length); g(Object.keys(data));')).toThrow(
      /countKeysInPlace/,
    );
  });
});

describe('the precompiled validators', () => {
  const compiled = compileValidators();
  const standalone = load(standaloneValidatorsCode()) as SchemaValidators;

  /** A WorkloadIdentity whose name, label key and value and workloadID are the given strings. */
  const doc = (name: string, key: string, value: string) =>
    JSON.stringify({
      apiVersion: 'core.riptides.io/v1alpha1',
      kind: 'WorkloadIdentity',
      metadata: { name, labels: { [key]: value } },
      spec: { workloadID: name, selectors: [{ 'process:name': value }] },
    });

  test('report the same errors as ajv compiled in-process, at the length bounds and with astral characters', () => {
    const lengths = [0, 1, 62, 63, 64, 126, 127, 252, 253, 254, 317, 318, 506, 507];
    const fills = ['a', '😀', 'é', 'a😀'];
    let checked = 0;
    for (const n of lengths)
      for (const fill of fills) {
        const s = fill.repeat(n);
        for (const [name, key, value] of [
          [s, 'k', 'v'],
          ['a', s, 'v'],
          ['a', 'k', s],
        ]) {
          const [parsed] = parseManifestText('m.yaml', doc(name, key, value)).documents;
          const a = compiled.WorkloadIdentity as unknown as ((d: unknown) => boolean) & { errors?: unknown };
          const b = standalone.WorkloadIdentity as unknown as ((d: unknown) => boolean) & {
            errors?: unknown;
          };
          expect(b(parsed.data)).toBe(a(parsed.data));
          expect(b.errors ?? null).toEqual(a.errors ?? null);
          checked++;
        }
      }
    expect(checked).toBe(lengths.length * fills.length * 3);
  });

  test('report the same errors for mappings at the property-count bounds', () => {
    const counts = [0, 1, 31, 32, 33, 63, 64, 65, 255, 256, 257];
    for (const n of counts) {
      const labels = Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));
      const annotations = Object.fromEntries(Array.from({ length: n }, (_, i) => [`example.com/a${i}`, 'x']));
      const selector = Object.fromEntries(Array.from({ length: n }, (_, i) => [`k8s:label:k${i}`, 'v']));
      const text = JSON.stringify({
        apiVersion: 'core.riptides.io/v1alpha1',
        kind: 'WorkloadIdentity',
        metadata: { name: 'a', labels, annotations },
        spec: { workloadID: 'a', selectors: [selector] },
      });
      const [parsed] = parseManifestText('m.yaml', text).documents;
      const a = compiled.WorkloadIdentity as unknown as ((d: unknown) => boolean) & { errors?: unknown };
      const b = standalone.WorkloadIdentity as unknown as ((d: unknown) => boolean) & { errors?: unknown };
      expect(b(parsed.data)).toBe(a(parsed.data));
      expect(b.errors ?? null).toEqual(a.errors ?? null);
    }
  });
});
