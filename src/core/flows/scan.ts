/**
 * The fast path of flow replay: one NDJSON line checked and read straight from its bytes, without
 * JSON.parse and without building the record. It accepts only lines whose every string is printable
 * ASCII without escapes, with no repeated key and a canonical `toISOString()` time — what daemons
 * write — and checks them against schemas/flow.schema.json exactly as `checkFlowRecord` does. Any
 * other line (a bad record included) answers SCAN_SLOW and goes through `parseFlowLine`, so errors
 * and their positions are the slow path's own. What it reads: the evaluation cache key (equal to
 * `flowCacheKey` of the parsed record), the observed verdict and the time; the whole record is parsed
 * only when needed (a cache miss, a disagreement, a pair's first flow).
 */
import type { DisagreementView } from './compare';
import type { FlowRecord } from './record';
import { MAX_ATTRIBUTE_KEY, MAX_ATTRIBUTE_VALUE, MAX_ATTRIBUTES, MAX_FLOW_LINE_BYTES } from './record';
import { canonicalTimeMs } from './time';
import type { Verdict } from '../manifest/types';

/** `scan` results. */
export const SCAN_OK = 1;
export const SCAN_BLANK = 0;
/** Not for the fast path (unusual or bad): parse the line with `parseFlowLine`. */
export const SCAN_SLOW = -1;

const MAX_ID = 253;
const MAX_REASON = 1024;
/**
 * The key buffer's first size; it grows for longer lines. A key is at most its line's length plus
 * KEY_SEPARATORS: its parts (daemon, group, attribute keys and values, address, port) are distinct
 * byte ranges of the line, and the separators between them number at most 7 + 4 × MAX_ATTRIBUTES.
 */
const KEY_BYTES = 8192;
const KEY_SEPARATORS = 8 + 4 * MAX_ATTRIBUTES;

const lit = (s: string) => Buffer.from(s, 'latin1');
const K_TIME = lit('time');
const K_ID = lit('id');
const K_DAEMON = lit('daemon');
const K_DAEMON_GROUP = lit('daemonGroup');
const K_SOURCE = lit('source');
const K_DESTINATION = lit('destination');
const K_OBSERVED = lit('observed');
const K_ATTRIBUTES = lit('attributes');
const K_ADDRESS = lit('address');
const K_SPIFFE_ID = lit('spiffeID');
const K_PORT = lit('port');
const K_VERDICT = lit('verdict');
const K_TLS_VERSION = lit('tlsVersion');
const K_REASON = lit('reason');
const SPIFFE_PREFIX = lit('spiffe://');
const VERDICT_NAMES: readonly Verdict[] = ['MTLS', 'TLS', 'PLAINTEXT', 'REJECTED'];
const VERDICT_BYTES = VERDICT_NAMES.map(lit);

// Bits of the fields seen, so that a repeated key goes to the slow path (JSON.parse keeps the last).
const TOP_TIME = 1,
  TOP_ID = 2,
  TOP_DAEMON = 4,
  TOP_GROUP = 8,
  TOP_SOURCE = 16,
  TOP_DESTINATION = 32,
  TOP_OBSERVED = 64;

/** [A-Za-z0-9._-]: the characters of a SPIFFE ID path segment; the trust domain's are lower case. */
const SEGMENT_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9._-]/.test(ch)) SEGMENT_CHAR[c] = /[A-Z]/.test(ch) ? 2 : 1;
}

/** The fields a store indexes, and the text it keeps, of one record (`FlowLineScanner.storedFields`). */
export interface StoredFlowFields {
  timeMs: number;
  verdict: Verdict;
  srcId: string | null;
  srcAddr: string | null;
  dstHost: string;
  dstPort: number;
  dstId: string | null;
  body: string;
}

/** Reads lines (byte ranges of a buffer); one instance per replay, reused for every line. */
export class FlowLineScanner {
  /** Of the last SCAN_OK line: `flowCacheKey` of its record, as bytes: `keyLen` bytes of `keyWords`' buffer (zero to the word's end). */
  keyWords = new Int32Array(KEY_BYTES >> 2);
  keyLen = 0;
  /** Of the last SCAN_OK line: the observed verdict. */
  verdict: Verdict = 'MTLS';
  /** Of the last SCAN_OK line: epoch ms of its time. */
  timeMs = 0;

  private b: Buffer = Buffer.alloc(0);
  private p = 0;
  private e = 0;
  private lineStart = 0;
  private parsed: FlowRecord | null = null;
  private lineText: string | undefined = undefined;
  // Byte ranges of the key's parts (-1: null or absent).
  private daemonS = -1;
  private daemonE = -1;
  private groupS = -1;
  private groupE = -1;
  private addrS = 0;
  private addrE = 0;
  private portS = 0;
  private portE = 0;
  /** Source attributes: [keyStart, keyEnd, valueStart, valueEnd] per entry. */
  private readonly srcAttrs = new Int32Array(4 * MAX_ATTRIBUTES);
  private srcCount = 0;
  private readonly dstAttrs = new Int32Array(4 * MAX_ATTRIBUTES);
  /** -1: destination.attributes null or absent. */
  private dstCount = -1;
  private keyBuf = Buffer.from(this.keyWords.buffer);
  /** What a disagreement's explanation codes read besides the key (see `variant`): -1: null or absent. */
  private srcIdS = -1;
  private srcIdE = -1;
  private dstIdS = -1;
  private dstIdE = -1;
  private reasonLen = 0;
  private readonly variants = new Map<string, number>();
  /** source.address (-1: null or absent), the record's own bytes without surrounding blanks, an `id`. */
  private srcAddrS = -1;
  private srcAddrE = -1;
  private bodyS = 0;
  private bodyE = 0;
  private hasId = false;
  /** The first 16 bytes of the last canonical time and the epoch ms of that minute (NaN: none yet). */
  private readonly minute = new Uint8Array(16);
  private minuteMs = NaN;

  /** Of the last SCAN_OK line: `flowCacheKey` of its record (a string made on each call). */
  get key(): string {
    return this.keyBuf.toString('latin1', 0, this.keyLen);
  }

  /** Check line `buf[start, end)`; on SCAN_OK, `key`, `verdict`, `timeMs` and `record()` describe it. */
  scan(buf: Buffer, start: number, end: number): number {
    this.b = buf;
    this.p = start;
    this.e = end;
    this.lineStart = start;
    this.parsed = null;
    this.lineText = undefined;
    this.srcIdS = this.dstIdS = this.srcAddrS = -1;
    this.reasonLen = 0;
    this.hasId = false;
    if (end - start > MAX_FLOW_LINE_BYTES) return SCAN_SLOW;
    this.ws();
    if (this.p === end) return SCAN_BLANK;
    this.bodyS = this.p;
    if (!this.top()) return SCAN_SLOW;
    this.buildKey();
    return SCAN_OK;
  }

  /**
   * Of the last SCAN_OK line, read from its bytes: what a store indexes, exactly as the store reads it
   * from the parsed record (server/store/flows.ts `flowColumns`), and the record's text without the
   * blanks around it. Undefined when the record carries an `id` (a store keeps its text without it).
   */
  storedFields(): StoredFlowFields | undefined {
    if (this.hasId) return undefined;
    const b = this.b;
    const text = (s: number, e: number) => (s < 0 ? null : b.toString('latin1', s, e));
    return {
      timeMs: this.timeMs,
      verdict: this.verdict,
      srcId: text(this.srcIdS, this.srcIdE),
      srcAddr: text(this.srcAddrS, this.srcAddrE),
      dstHost: b.toString('latin1', this.addrS, this.addrE).toLowerCase(),
      dstPort: Number(b.toString('latin1', this.portS, this.portE)),
      dstId: text(this.dstIdS, this.dstIdE),
      body: b.toString('latin1', this.bodyS, this.bodyE),
    };
  }

  /** The record of the last SCAN_OK line, parsed (valid: scan checked it); while its bytes are intact. */
  record(): FlowRecord {
    if (!this.parsed) this.parsed = JSON.parse(this.text()) as FlowRecord;
    return this.parsed;
  }

  /** Of the last SCAN_OK line: what a disagreement's explanation codes read (compare.ts DisagreementView). */
  disagreementView(): DisagreementView {
    const b = this.b;
    return {
      observed: this.verdict,
      hasReason: this.reasonLen > 0,
      sourceSpiffeID: this.srcIdS < 0 ? null : b.toString('latin1', this.srcIdS, this.srcIdE),
      destinationSpiffeID: this.dstIdS < 0 ? null : b.toString('latin1', this.dstIdS, this.dstIdE),
      destinationAttributes: this.dstCount >= 0,
    };
  }

  /** The text of the last SCAN_OK line (what `record()` parses; made once per line). */
  text(): string {
    return (this.lineText ??= this.b.toString('latin1', this.lineStart, this.e));
  }

  /**
   * Of the last SCAN_OK line: a number for what, besides the cache key, a disagreement's explanation
   * codes depend on (compareFlow: the observed verdict, whether there is a reason, the presented
   * SPIFFE IDs). Two flows with the same key and variant have the same codes. Numbered per scanner;
   * -1 when not numbered (beyond 2^20 variants).
   */
  variant(): number {
    return this.variantNumber(this.variantText());
  }

  /** The number `variant` gives a `variantText` (the parallel replay numbers its workers' variants so). */
  variantNumber(v: string): number {
    let n = this.variants.get(v);
    if (n === undefined) {
      if (this.variants.size >= 1 << 20) return -1;
      n = this.variants.size;
      this.variants.set(v, n);
    }
    return n;
  }

  /** The text `variant` numbers. */
  variantText(): string {
    const b = this.b;
    let v = String.fromCharCode(48 + VERDICT_NAMES.indexOf(this.verdict), this.reasonLen > 0 ? 49 : 48);
    v += this.srcIdS < 0 ? '\u0002' : '\u0001' + b.toString('latin1', this.srcIdS, this.srcIdE);
    v += this.dstIdS < 0 ? '\u0002' : '\u0001' + b.toString('latin1', this.dstIdS, this.dstIdE);
    return v;
  }

  /** Whether `variantText()` of the last SCAN_OK line would be `text` (compared without a string). */
  variantIs(text: string): boolean {
    if (
      text.charCodeAt(0) !== 48 + VERDICT_NAMES.indexOf(this.verdict) ||
      text.charCodeAt(1) !== (this.reasonLen > 0 ? 49 : 48)
    )
      return false;
    const at = this.sameId(text, 2, this.srcIdS, this.srcIdE);
    return at >= 0 && this.sameId(text, at, this.dstIdS, this.dstIdE) === text.length;
  }

  /** `text` at `at` holds the SPIFFE ID part [s, e) (s < 0: none): the position after it, or -1. */
  private sameId(text: string, at: number, s: number, e: number): number {
    if (s < 0) return text.charCodeAt(at) === 2 ? at + 1 : -1;
    if (text.charCodeAt(at++) !== 1 || text.length - at < e - s) return -1;
    const b = this.b;
    for (let i = s; i < e; i++) if (text.charCodeAt(at++) !== b[i]) return -1;
    // the next part starts with \u0001 or \u0002, never a SPIFFE ID character; or the text ends
    return at === text.length || text.charCodeAt(at) <= 2 ? at : -1;
  }

  /**
   * canonicalTimeMs of b[s, s + len), by the last canonical time's minute when the time starts with
   * the same 16 bytes (`YYYY-MM-DDTHH:MM`, checked then): only `:SS.mmmZ` is read (flows come in time
   * order, so most share their minute with the previous line). The same number: the epoch ms is a sum
   * of integers, the minute's plus seconds × 1000 plus ms.
   */
  private time(s: number, len: number): number {
    const b = this.b;
    if (len === 24 && this.minuteMs === this.minuteMs) {
      const m = this.minute;
      let i = 0;
      while (i < 16 && b[s + i] === m[i]) i++;
      if (i === 16) {
        const s1 = b[s + 17] - 48;
        const s2 = b[s + 18] - 48;
        const m1 = b[s + 20] - 48;
        const m2 = b[s + 21] - 48;
        const m3 = b[s + 22] - 48;
        if (
          b[s + 16] === 58 &&
          b[s + 19] === 46 &&
          b[s + 23] === 90 &&
          s1 >= 0 &&
          s1 <= 5 &&
          s2 >= 0 &&
          s2 <= 9 &&
          m1 >= 0 &&
          m1 <= 9 &&
          m2 >= 0 &&
          m2 <= 9 &&
          m3 >= 0 &&
          m3 <= 9
        )
          return this.minuteMs + (s1 * 10 + s2) * 1000 + (m1 * 100 + m2 * 10 + m3);
        return NaN;
      }
    }
    const ms = canonicalTimeMs(b, s, len);
    if (ms === ms) {
      for (let i = 0; i < 16; i++) this.minute[i] = b[s + i];
      const sec = (b[s + 17] - 48) * 10 + (b[s + 18] - 48);
      this.minuteMs = ms - (sec * 1000 + (b[s + 20] - 48) * 100 + (b[s + 21] - 48) * 10 + (b[s + 22] - 48));
    }
    return ms;
  }

  private ws(): void {
    const b = this.b;
    let p = this.p;
    while (p < this.e) {
      const c = b[p];
      if (c === 32 || c === 9 || c === 13) p++;
      else break;
    }
    this.p = p;
  }

  /** At a `"`: a string of printable ASCII without escapes; its start, this.p after the quote; -1 if not. */
  private str(): number {
    const b = this.b;
    let p = this.p;
    if (b[p] !== 34) return -1;
    const s = ++p;
    const e = this.e;
    while (p < e) {
      const c = b[p];
      if (c === 34) {
        this.p = p + 1;
        return s;
      }
      if (c < 32 || c > 126 || c === 92) return -1;
      p++;
    }
    return -1;
  }

  private isNull(): boolean {
    const b = this.b;
    const p = this.p;
    if (b[p] === 110 && b[p + 1] === 117 && b[p + 2] === 108 && b[p + 3] === 108 && p + 4 <= this.e) {
      this.p = p + 4;
      return true;
    }
    return false;
  }

  private eq(s: number, len: number, word: Buffer): boolean {
    if (len !== word.length) return false;
    const b = this.b;
    for (let i = 0; i < len; i++) if (b[s + i] !== word[i]) return false;
    return true;
  }

  /** `"key"` then `:`; the key's start (its length in this.klen), or -1. */
  private klen = 0;
  private key_(): number {
    const s = this.str();
    if (s < 0) return -1;
    this.klen = this.p - 1 - s;
    this.ws();
    if (this.b[this.p] !== 58) return -1;
    this.p++;
    this.ws();
    return s;
  }

  /** After a member: `,` (true, more) or `}` (false, done); -1 otherwise. */
  private next(): number {
    this.ws();
    const c = this.b[this.p];
    this.p++;
    if (c === 44) {
      this.ws();
      return 1;
    }
    return c === 125 ? 0 : -1;
  }

  /** A string (not null) of `min`–`max` characters: its start (end = this.p - 1), or -1. */
  private boundedStr(min: number, max: number): number {
    const s = this.str();
    if (s < 0) return -1;
    const len = this.p - 1 - s;
    return len < min || len > max ? -1 : s;
  }

  private top(): boolean {
    const b = this.b;
    if (b[this.p] !== 123) return false;
    this.p++;
    this.ws();
    let seen = 0;
    this.daemonS = this.daemonE = this.groupS = this.groupE = -1;
    for (;;) {
      const k = this.key_();
      if (k < 0) return false;
      const len = this.klen;
      let bit: number;
      if (this.eq(k, len, K_TIME)) {
        bit = TOP_TIME;
        const s = this.str();
        if (s < 0) return false;
        const ms = this.time(s, this.p - 1 - s);
        if (Number.isNaN(ms)) return false;
        this.timeMs = ms;
      } else if (this.eq(k, len, K_SOURCE)) {
        bit = TOP_SOURCE;
        if (!this.source()) return false;
      } else if (this.eq(k, len, K_DESTINATION)) {
        bit = TOP_DESTINATION;
        if (!this.destination()) return false;
      } else if (this.eq(k, len, K_OBSERVED)) {
        bit = TOP_OBSERVED;
        if (!this.observed()) return false;
      } else if (this.eq(k, len, K_DAEMON)) {
        bit = TOP_DAEMON;
        if (!this.isNull()) {
          const s = this.boundedStr(1, MAX_ID);
          if (s < 0) return false;
          this.daemonS = s;
          this.daemonE = this.p - 1;
        }
      } else if (this.eq(k, len, K_DAEMON_GROUP)) {
        bit = TOP_GROUP;
        if (!this.isNull()) {
          const s = this.boundedStr(1, MAX_ID);
          if (s < 0) return false;
          this.groupS = s;
          this.groupE = this.p - 1;
        }
      } else if (this.eq(k, len, K_ID)) {
        bit = TOP_ID;
        this.hasId = true;
        if (this.boundedStr(0, 64) < 0) return false;
      } else return false;
      if (seen & bit) return false;
      seen |= bit;
      const n = this.next();
      if (n < 0) return false;
      if (n === 0) break;
    }
    this.bodyE = this.p;
    this.ws();
    const required = TOP_TIME | TOP_SOURCE | TOP_DESTINATION | TOP_OBSERVED;
    return this.p === this.e && (seen & required) === required;
  }

  /** `{ attributes, address?, spiffeID? }`. */
  private source(): boolean {
    if (this.b[this.p] !== 123) return false;
    this.p++;
    this.ws();
    let seen = 0;
    for (;;) {
      const k = this.key_();
      if (k < 0) return false;
      const len = this.klen;
      let bit: number;
      if (this.eq(k, len, K_ATTRIBUTES)) {
        bit = 1;
        const n = this.attributes(this.srcAttrs);
        if (n < 0) return false;
        this.srcCount = n;
      } else if (this.eq(k, len, K_ADDRESS)) {
        bit = 2;
        if (!this.isNull()) {
          const s = this.boundedStr(0, MAX_ID);
          if (s < 0) return false;
          this.srcAddrS = s;
          this.srcAddrE = this.p - 1;
        }
      } else if (this.eq(k, len, K_SPIFFE_ID)) {
        bit = 4;
        if (!this.isNull()) {
          const s = this.p + 1;
          if (!this.spiffeId()) return false;
          this.srcIdS = s;
          this.srcIdE = this.p - 1;
        }
      } else return false;
      if (seen & bit) return false;
      seen |= bit;
      const n = this.next();
      if (n < 0) return false;
      if (n === 0) break;
    }
    return (seen & 1) === 1;
  }

  /** `{ address, port, attributes?, spiffeID? }`. */
  private destination(): boolean {
    const b = this.b;
    if (b[this.p] !== 123) return false;
    this.p++;
    this.ws();
    let seen = 0;
    this.dstCount = -1;
    for (;;) {
      const k = this.key_();
      if (k < 0) return false;
      const len = this.klen;
      let bit: number;
      if (this.eq(k, len, K_ADDRESS)) {
        bit = 1;
        const s = this.boundedStr(1, MAX_ID);
        if (s < 0) return false;
        this.addrS = s;
        this.addrE = this.p - 1;
      } else if (this.eq(k, len, K_PORT)) {
        bit = 2;
        // An integer 1–65535 written plainly (no sign, leading zero, fraction or exponent).
        let p = this.p;
        const s = p;
        let v = 0;
        while (p < this.e && b[p] >= 48 && b[p] <= 57 && p - s < 6) v = v * 10 + b[p++] - 48;
        const c = b[p];
        if (p === s || b[s] === 48 || v > 65535 || c === 46 || c === 101 || c === 69 || (c >= 48 && c <= 57))
          return false;
        this.portS = s;
        this.portE = this.p = p;
      } else if (this.eq(k, len, K_ATTRIBUTES)) {
        bit = 4;
        if (!this.isNull()) {
          const n = this.attributes(this.dstAttrs);
          if (n < 0) return false;
          this.dstCount = n;
        }
      } else if (this.eq(k, len, K_SPIFFE_ID)) {
        bit = 8;
        if (!this.isNull()) {
          const s = this.p + 1;
          if (!this.spiffeId()) return false;
          this.dstIdS = s;
          this.dstIdE = this.p - 1;
        }
      } else return false;
      if (seen & bit) return false;
      seen |= bit;
      const n = this.next();
      if (n < 0) return false;
      if (n === 0) break;
    }
    return (seen & 3) === 3;
  }

  /** `{ verdict, tlsVersion?, reason? }`. */
  private observed(): boolean {
    const b = this.b;
    if (b[this.p] !== 123) return false;
    this.p++;
    this.ws();
    let seen = 0;
    for (;;) {
      const k = this.key_();
      if (k < 0) return false;
      const len = this.klen;
      let bit: number;
      if (this.eq(k, len, K_VERDICT)) {
        bit = 1;
        const s = this.str();
        if (s < 0) return false;
        const vlen = this.p - 1 - s;
        let v = 0;
        while (v < 4 && !this.eq(s, vlen, VERDICT_BYTES[v])) v++;
        if (v === 4) return false;
        this.verdict = VERDICT_NAMES[v];
      } else if (this.eq(k, len, K_TLS_VERSION)) {
        bit = 2;
        if (!this.isNull()) {
          const s = this.str();
          // "1.2" or "1.3"
          if (
            s < 0 ||
            this.p - 1 - s !== 3 ||
            b[s] !== 49 ||
            b[s + 1] !== 46 ||
            (b[s + 2] !== 50 && b[s + 2] !== 51)
          )
            return false;
        }
      } else if (this.eq(k, len, K_REASON)) {
        bit = 4;
        if (!this.isNull()) {
          const s = this.boundedStr(0, MAX_REASON);
          if (s < 0) return false;
          this.reasonLen = this.p - 1 - s;
        }
      } else return false;
      if (seen & bit) return false;
      seen |= bit;
      const n = this.next();
      if (n < 0) return false;
      if (n === 0) break;
    }
    return (seen & 1) === 1;
  }

  /**
   * An object of selector key → string into `out`; its entry count, or -1 (also for a key that could
   * be an array index — JSON.parse would reorder it — and for a repeated key).
   */
  private attributes(out: Int32Array): number {
    const b = this.b;
    if (b[this.p] !== 123) return -1;
    this.p++;
    this.ws();
    if (b[this.p] === 125) {
      this.p++;
      return 0;
    }
    let n = 0;
    for (;;) {
      const k = this.key_();
      if (k < 0) return -1;
      const klen = this.klen;
      if (klen === 0 || klen > MAX_ATTRIBUTE_KEY || (b[k] >= 48 && b[k] <= 57) || n === MAX_ATTRIBUTES)
        return -1;
      for (let j = 0; j < n; j++) {
        const js = out[4 * j];
        if (out[4 * j + 1] - js === klen && b.compare(b, k, k + klen, js, js + klen) === 0) return -1;
      }
      const v = this.boundedStr(0, MAX_ATTRIBUTE_VALUE);
      if (v < 0) return -1;
      out[4 * n] = k;
      out[4 * n + 1] = k + klen;
      out[4 * n + 2] = v;
      out[4 * n + 3] = this.p - 1;
      n++;
      const r = this.next();
      if (r < 0) return -1;
      if (r === 0) return n;
    }
  }

  /** A string matching the schema's SPIFFE ID pattern (as checkFlowRecord's fast check). */
  private spiffeId(): boolean {
    const s = this.str();
    if (s < 0) return false;
    const end = this.p - 1;
    const b = this.b;
    if (end - s > 2048) return false;
    const pre = SPIFFE_PREFIX.length;
    if (end - s < pre + 1 || !this.eq(s, pre, SPIFFE_PREFIX)) return false;
    let p = s + pre;
    const td = p;
    while (p < end && b[p] !== 47) {
      const c = b[p];
      if (SEGMENT_CHAR[c] !== 1) return false;
      p++;
    }
    if (p === td || p - td > 255) return false;
    while (p < end) {
      // at '/'
      const seg = ++p;
      while (p < end && b[p] !== 47) {
        if (SEGMENT_CHAR[b[p]] === 0) return false;
        p++;
      }
      const len = p - seg;
      if (len === 0) return false;
      if (b[seg] === 46 && (len === 1 || (len === 2 && b[seg + 1] === 46))) return false;
    }
    return true;
  }

  /** `flowCacheKey` of the record, from its bytes, into the key buffer (grown to fit the line's). */
  private buildKey(): void {
    if (this.e - this.lineStart + KEY_SEPARATORS + 4 > this.keyBuf.length) {
      this.keyWords = new Int32Array((this.e - this.lineStart + KEY_SEPARATORS + 8) >> 2);
      this.keyBuf = Buffer.from(this.keyWords.buffer);
    }
    const b = this.b;
    const k = this.keyBuf;
    let at = 0;
    for (let i = this.daemonS; i < this.daemonE; i++) k[at++] = b[i];
    k[at++] = 1;
    for (let i = this.groupS; i < this.groupE; i++) k[at++] = b[i];
    const a = this.srcAttrs;
    for (let j = 0, n = 4 * this.srcCount; j < n; j += 2) {
      k[at++] = 1;
      for (let i = a[j], e = a[j + 1]; i < e; i++) k[at++] = b[i];
    }
    k[at++] = 1;
    k[at++] = 2;
    k[at++] = 1;
    for (let i = this.addrS, e = this.addrE; i < e; i++) {
      const c = b[i];
      k[at++] = c >= 65 && c <= 90 ? c + 32 : c;
    }
    k[at++] = 1;
    for (let i = this.portS, e = this.portE; i < e; i++) k[at++] = b[i];
    if (this.dstCount < 0) {
      k[at++] = 1;
      k[at++] = 3;
    } else {
      const d = this.dstAttrs;
      for (let j = 0, n = 4 * this.dstCount; j < n; j += 2) {
        k[at++] = 1;
        for (let i = d[j], e = d[j + 1]; i < e; i++) k[at++] = b[i];
      }
    }
    this.keyLen = at;
    while (at & 3) k[at++] = 0;
  }
}
