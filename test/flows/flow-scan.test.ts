/**
 * The byte-level fast path of replay (src/core/flows/scan.ts) against the reference, parseFlowLine +
 * flowCacheKey: a line it accepts must be one the reference accepts, with the same cache key, verdict,
 * time and record (and, for POST /v1/flows, the same stored columns and text); a line it declines goes
 * to the reference (so bad records keep their errors). Checked
 * on generated records, hand-picked edge cases and random edits of real lines.
 */
import fc from 'fast-check';
import {
  canonicalTimeMs,
  disagreementView,
  flowCacheKey,
  flowTimeMs,
  parseFlowLine,
  type FlowRecord,
} from '../../src/core/flows';
import { FlowLineScanner, SCAN_BLANK, SCAN_OK, SCAN_SLOW } from '../../src/core/flows/scan';
import { flowColumns } from '../../src/server/store/flows';
import { flow } from '../helpers/flows';

const gen = require('../../bench/flows/generate.js') as {
  flowGenerator(o: object): { flows(): Iterable<FlowRecord> };
  largeSet(w?: number, s?: number): object;
};

const scanner = new FlowLineScanner();

/** Scan `text` (placed mid-buffer, as lines are) and hold the result to the reference. */
function agree(text: string): number {
  const bytes = Buffer.from(text, 'utf8');
  const buf = Buffer.concat([Buffer.from('xx\n'), bytes, Buffer.from('\n{"junk"')]);
  const r = scanner.scan(buf, 3, 3 + bytes.length);
  const ref = parseFlowLine(text, 1);
  if (r === SCAN_BLANK) expect(ref.ok).toBe('blank');
  if (r === SCAN_OK) {
    expect(ref.ok).toBe(true);
    if (ref.ok !== true) return r;
    expect(scanner.key).toBe(flowCacheKey(ref.flow));
    expect(scanner.verdict).toBe(ref.flow.observed.verdict);
    expect(scanner.timeMs).toBe(flowTimeMs(ref.flow.time));
    expect(scanner.record()).toEqual(ref.flow);
    // what the replay keeps (a pair's sample) and what a disagreement's codes read
    expect(JSON.parse(scanner.text())).toEqual(ref.flow);
    expect(scanner.disagreementView()).toEqual(disagreementView(ref.flow));
    // What POST /v1/flows stores: the same columns and text as from the parsed record.
    if (ref.flow.id === undefined) expect(scanner.storedFields()).toEqual(flowColumns(ref.flow, text.trim()));
    else expect(scanner.storedFields()).toBeUndefined();
    const variant = variantOf(ref.flow);
    expect(scanner.variantText()).toBe(variant);
    expect(scanner.variantIs(variant)).toBe(true);
    expect(scanner.variantIs(variant + 'x')).toBe(false);
    expect(scanner.variantIs(variant.slice(0, -1))).toBe(false);
  }
  return r;
}

/** What the explanation codes of a disagreement read besides the cache key (compareFlow). */
function variantOf(f: FlowRecord): string {
  const id = (x: string | null | undefined) => (x ? `\u0001${x}` : '\u0002');
  return (
    String(['MTLS', 'TLS', 'PLAINTEXT', 'REJECTED'].indexOf(f.observed.verdict)) +
    (f.observed.reason ? '1' : '0') +
    id(f.source.spiffeID) +
    id(f.destination.spiffeID)
  );
}

const good = flow('frontend', 'backend', 'MTLS', {
  srcId: 'spiffe://example.com/riptides-system/frontend',
  dstId: 'spiffe://example.com/riptides-system/backend-api',
  reason: 'ok',
});

describe('FlowLineScanner', () => {
  test('takes the fast path for what daemons write (generated records of the large set)', () => {
    const g = gen.flowGenerator({ ...gen.largeSet(200, 100), count: 1000, drift: 0.2, seed: 3 });
    let n = 0;
    for (const f of g.flows()) {
      expect(agree(JSON.stringify(f))).toBe(SCAN_OK);
      n++;
    }
    expect(n).toBe(1000);
  });

  test('variants: the same number exactly when verdict, reason or not and the presented SPIFFE IDs are the same', () => {
    const sc = new FlowLineScanner();
    const number = (f: FlowRecord) => {
      const b = Buffer.from(JSON.stringify(f));
      expect(sc.scan(b, 0, b.length)).toBe(SCAN_OK);
      return sc.variant();
    };
    const a = 'spiffe://example.com/a';
    const base = number(flow('frontend', 'backend', 'PLAINTEXT', { srcId: a }));
    expect(
      number(flow('legacy', 'frontend', 'PLAINTEXT', { srcId: a, time: '2026-11-30T11:00:00.000Z' })),
    ).toBe(base);
    const others = [
      number(flow('frontend', 'backend', 'TLS', { srcId: a })),
      number(flow('frontend', 'backend', 'PLAINTEXT', { srcId: a, reason: 'reset' })),
      number(flow('frontend', 'backend', 'PLAINTEXT', { srcId: `${a}b` })),
      number(flow('frontend', 'backend', 'PLAINTEXT', {})),
      number(flow('frontend', 'backend', 'PLAINTEXT', { dstId: a })),
    ];
    expect(new Set([base, ...others]).size).toBe(6);
    expect(number(flow('frontend', 'backend', 'PLAINTEXT', { srcId: a, reason: '' }))).toBe(base);
  });

  test('any key order, JSON whitespace, CR before the newline, absent optional fields', () => {
    const shuffled = {
      observed: { reason: null, verdict: 'TLS', tlsVersion: '1.2' },
      destination: { spiffeID: null, port: 443, address: 'API.Example.COM', attributes: {} },
      source: { spiffeID: null, attributes: { b: '2', a: '1' } },
      time: '2024-02-29T23:59:59.999Z',
      id: 'f-1',
    };
    expect(agree(JSON.stringify(shuffled))).toBe(SCAN_OK);
    expect(scanner.key).toContain('api.example.com');
    expect(agree(' \t' + JSON.stringify(good, null, 1).replace(/\n/g, ' ') + ' \r')).toBe(SCAN_OK);
    const minimal = {
      time: '2026-11-30T10:00:00.000Z',
      source: { attributes: {} },
      destination: { address: '10.0.0.1', port: 1 },
      observed: { verdict: 'REJECTED' },
    };
    expect(agree(JSON.stringify(minimal))).toBe(SCAN_OK);
  });

  test("times read by the previous line's minute: the same ms as read whole, and the same declines", () => {
    const minimal = (time: string) =>
      JSON.stringify({
        time,
        source: { attributes: {} },
        destination: { address: '10.0.0.1', port: 1 },
        observed: { verdict: 'MTLS' },
      });
    const minute = '2024-02-29T23:59';
    const rests = [
      ':00.000Z',
      ':59.999Z',
      ':07.030Z',
      ':60.000Z',
      ':5x.000Z',
      ':00.00xZ',
      ':00.000z',
      '.00:000Z',
    ];
    for (const first of [`${minute}:30.000Z`, '2024-02-29T23:58:30.000Z'])
      for (const rest of rests) {
        expect(agree(minimal(first))).toBe(SCAN_OK);
        agree(minimal(minute + rest));
        // a fresh scanner (no minute kept) gives the same answer
        const fresh = new FlowLineScanner();
        const line = Buffer.from(minimal(minute + rest));
        const r = fresh.scan(line, 0, line.length);
        const line2 = Buffer.from(minimal(first));
        scanner.scan(line2, 0, line2.length);
        expect(scanner.scan(line, 0, line.length)).toBe(r);
        if (r === SCAN_OK) expect(scanner.timeMs).toBe(fresh.timeMs);
      }
    fc.assert(
      fc.property(
        fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }),
        fc.nat(120_000),
        (d, step) => {
          const a = minimal(d.toISOString());
          const b = minimal(new Date(d.getTime() + step).toISOString());
          expect(agree(a)).toBe(SCAN_OK);
          expect(agree(b)).toBe(SCAN_OK);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('blank lines are blank; unusual but valid records go to the reference', () => {
    expect(agree('')).toBe(SCAN_BLANK);
    expect(agree(' \t\r')).toBe(SCAN_BLANK);
    const slow = [
      JSON.stringify({ ...good, time: '2026-11-30T10:00:00+01:00' }), // not toISOString's form
      JSON.stringify({ ...good, time: '2026-02-30T10:00:00.000Z' }), // the schema's pattern, no such day
      JSON.stringify({ ...good, daemon: 'nöde' }), // non-ASCII
      JSON.stringify(good).replace('"node-7"', '"node\\u002d7"'), // an escape
      JSON.stringify(good).replace('{"time"', '{"daemon":"x","time"'), // a repeated key
      JSON.stringify({ ...good, source: { ...good.source, attributes: { '1': 'a', b: 'c' } } }), // index key
      JSON.stringify(good).replace('"port":3000', '"port":3000.0'),
      JSON.stringify(good).replace('"port":3000', '"port":3e3'),
      JSON.stringify({ ...good, destination: { ...good.destination, spiffeID: 'spiffe://Example.com/a' } }),
    ];
    for (const line of slow) {
      expect(agree(line)).toBe(SCAN_SLOW);
      expect(parseFlowLine(line, 1).ok).not.toBe('blank');
    }
  });

  test('bad records are declined (the reference reports them)', () => {
    const bad = [
      '{not json',
      '{}',
      '[1]',
      JSON.stringify({ ...good, extra: 1 }),
      JSON.stringify({ ...good, destination: { ...good.destination, port: 0 } }),
      JSON.stringify({ ...good, destination: { ...good.destination, port: 65536 } }),
      JSON.stringify({ ...good, observed: { verdict: 'mtls' } }),
      JSON.stringify({ ...good, observed: { verdict: 'MTLS', tlsVersion: '1.1' } }),
      JSON.stringify({ ...good, daemon: '' }),
      JSON.stringify({ ...good, source: { ...good.source, attributes: { '': 'x' } } }),
      JSON.stringify({ ...good, source: { ...good.source, attributes: { a: 'x'.repeat(4097) } } }),
      JSON.stringify({ ...good, source: { ...good.source, spiffeID: 'spiffe://example.com/a/../b' } }),
      JSON.stringify(good) + 'x',
      JSON.stringify(good).slice(0, -1),
    ];
    for (const line of bad) {
      expect(agree(line)).toBe(SCAN_SLOW);
      expect(parseFlowLine(line, 1).ok).toBe(false);
    }
  });

  test('random edits of a real line: accepted only as the reference accepts it, with the same key', () => {
    const base = JSON.stringify(good);
    const alphabet = '"\\{}[]:,. -/0123456789aAzZeETtlnu\t\r\u00e9\u0001';
    const edit = fc.tuple(
      fc.integer({ min: 0, max: base.length }),
      fc.integer({ min: 0, max: 3 }),
      fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 3 }),
    );
    let fast = 0;
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        let text = base;
        for (const [at, del, ins] of edits) text = text.slice(0, at) + ins + text.slice(at + del);
        if (agree(text) === SCAN_OK) fast++;
      }),
      { numRuns: 3000 },
    );
    expect(fast).toBeGreaterThan(30);
  });
});

describe('canonicalTimeMs', () => {
  test('equals Date.parse for toISOString times; NaN for other forms and dates that do not exist', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31) }), (ms) => {
        const s = new Date(ms).toISOString();
        expect(flowTimeMs(s)).toBe(ms);
        expect(canonicalTimeMs(Buffer.from(s), 0, s.length)).toBe(ms);
      }),
      { numRuns: 2000 },
    );
    for (const s of ['2025-02-29T00:00:00.000Z', '2026-13-01T00:00:00.000Z', '2026-11-30T24:00:00.000Z'])
      expect(canonicalTimeMs(Buffer.from(s), 0, s.length)).toBeNaN();
    expect(flowTimeMs('2026-11-30T12:00:00+02:00')).toBe(Date.UTC(2026, 10, 30, 10));
  });
});
