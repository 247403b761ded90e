/**
 * The replay's evaluation cache index: cache keys (`flowCacheKey`) as bytes → a small integer id, in an
 * open-addressing table over typed arrays, with the keys' bytes kept in one arena and compared a word at
 * a time. The fast path of `simulate --flows` looks its key up straight from the scanner's key buffer,
 * so no string is made per flow (V8 hashing a fresh ≈ 125-byte string and the Map's probe were ≈ 20 % of
 * the replay loop). Ids are handed out in a ring of `capacity`: when the table is full, the next insert
 * reuses the id of the oldest key (first in, first out, as the Map it replaces evicted).
 */

/** A key's bytes: `len` bytes of `words`' buffer, zero up to the next multiple of 4. */
export interface KeyBytes {
  words: Int32Array;
  len: number;
}

const EMPTY = 0;
const MIN_IDS = 1024;

/** 32-bit hash of a key's words (murmur3's mixing; the length is mixed in). */
export function hashKeyWords(words: Int32Array, len: number): number {
  const n = (len + 3) >> 2;
  let h = len | 0;
  for (let i = 0; i < n; i++) {
    let k = Math.imul(words[i], 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * A string key written as bytes into `out` (grown when too small): characters below 0x80 as one byte
 * (so an ASCII key's bytes are the fast path's own), any other UTF-16 code unit as three bytes whose
 * first is ≥ 0x80 (never an ASCII byte: the encoding is one-to-one). Zero-padded to a word.
 */
export function stringKeyBytes(key: string, out: KeyBytes): KeyBytes {
  let bytes = new Uint8Array(out.words.buffer, out.words.byteOffset, out.words.length * 4);
  if (bytes.length < 3 * key.length + 4) {
    out.words = new Int32Array(((3 * key.length + 4) >> 2) + 1);
    bytes = new Uint8Array(out.words.buffer);
  }
  let at = 0;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c < 0x80) bytes[at++] = c;
    else {
      bytes[at++] = 0x80 | (c >> 14);
      bytes[at++] = 0x80 | ((c >> 7) & 0x7f);
      bytes[at++] = 0x80 | (c & 0x7f);
    }
  }
  out.len = at;
  while (at & 3) bytes[at++] = 0;
  return out;
}

export class FlowKeyTable {
  /** Live keys. */
  size = 0;
  /** Slot → id + 1 (EMPTY: free); linear probing, at most half full. */
  private slots = new Int32Array(2 * MIN_IDS);
  private shift = 32 - Math.log2(2 * MIN_IDS);
  /** By id: the key's hash, its first word in the arena and its byte length. */
  private hashes: Int32Array;
  private starts: Int32Array;
  private lengths: Int32Array;
  private arena = new Int32Array(1 << 14);
  /** Words of the arena in use, and those of live keys. */
  private top = 0;
  private liveWords = 0;
  /** Keys inserted so far: the next id is `inserted % capacity`. */
  private inserted = 0;

  /** `capacity`: live keys at most (≥ 1). */
  constructor(readonly capacity: number) {
    const ids = Math.min(capacity, MIN_IDS);
    this.hashes = new Int32Array(ids);
    this.starts = new Int32Array(ids);
    this.lengths = new Int32Array(ids);
  }

  /** The id of the key (its hash from hashKeyWords), or -1. */
  find(words: Int32Array, len: number, hash: number): number {
    const slots = this.slots;
    const mask = slots.length - 1;
    const n = (len + 3) >> 2;
    let s = Math.imul(hash, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const v = slots[s];
      if (v === EMPTY) return -1;
      const id = v - 1;
      if (this.hashes[id] === hash && this.lengths[id] === len) {
        const arena = this.arena;
        const a = this.starts[id];
        let i = 0;
        while (i < n && arena[a + i] === words[i]) i++;
        if (i === n) return id;
      }
      s = (s + 1) & mask;
    }
  }

  /** The id the next `insert` takes; when the table is full, that of the oldest key (removed by it). */
  nextId(): number {
    return this.inserted % this.capacity;
  }

  /** Add a key that `find` did not find; returns its id (`nextId()`), removing the oldest key when full. */
  insert(words: Int32Array, len: number, hash: number): number {
    const id = this.nextId();
    if (this.size === this.capacity) this.remove(id);
    else if (id === this.hashes.length) this.growIds();
    if (2 * (this.size + 1) > this.slots.length) this.growSlots();
    const n = (len + 3) >> 2;
    if (this.top + n > this.arena.length) this.compact(n);
    const a = this.top;
    const arena = this.arena;
    for (let i = 0; i < n; i++) arena[a + i] = words[i];
    this.top += n;
    this.liveWords += n;
    this.hashes[id] = hash;
    this.starts[id] = a;
    this.lengths[id] = len;
    this.place(id);
    this.size++;
    this.inserted++;
    return id;
  }

  private place(id: number): void {
    const slots = this.slots;
    const mask = slots.length - 1;
    let s = Math.imul(this.hashes[id], 0x9e3779b1) >>> this.shift;
    while (slots[s] !== EMPTY) s = (s + 1) & mask;
    slots[s] = id + 1;
  }

  /** Take key `id` out (backward-shift deletion: no tombstones). */
  private remove(id: number): void {
    const slots = this.slots;
    const mask = slots.length - 1;
    let i = Math.imul(this.hashes[id], 0x9e3779b1) >>> this.shift;
    while (slots[i] !== id + 1) i = (i + 1) & mask;
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const v = slots[j];
      if (v === EMPTY) break;
      const home = Math.imul(this.hashes[v - 1], 0x9e3779b1) >>> this.shift;
      // v may move to i when its home is not cyclically in (i, j]
      if (i <= j ? home <= i || home > j : home <= i && home > j) {
        slots[i] = v;
        i = j;
      }
    }
    slots[i] = EMPTY;
    this.liveWords -= (this.lengths[id] + 3) >> 2;
    this.size--;
  }

  private growIds(): void {
    const ids = Math.min(this.capacity, 2 * this.hashes.length);
    const grow = (a: Int32Array) => {
      const b = new Int32Array(ids);
      b.set(a);
      return b;
    };
    this.hashes = grow(this.hashes);
    this.starts = grow(this.starts);
    this.lengths = grow(this.lengths);
  }

  private growSlots(): void {
    this.slots = new Int32Array(2 * this.slots.length);
    this.shift--;
    const live = this.liveIds();
    for (const id of live) this.place(id);
  }

  /** Ids of the live keys, oldest first. */
  liveIds(): number[] {
    const ids: number[] = [];
    for (let k = this.inserted - this.size; k < this.inserted; k++) ids.push(k % this.capacity);
    return ids;
  }

  /** Room for `n` more words: the live keys copied to the front of an arena at least twice their size. */
  private compact(n: number): void {
    let size = this.arena.length;
    while (size < 2 * (this.liveWords + n)) size *= 2;
    const from = this.arena;
    // The live keys lie in the arena oldest first, so copying them down in that order is safe in place.
    const to = size === from.length ? from : new Int32Array(size);
    let top = 0;
    for (const id of this.liveIds()) {
      const a = this.starts[id];
      const w = (this.lengths[id] + 3) >> 2;
      if (to === from) to.copyWithin(top, a, a + w);
      else to.set(from.subarray(a, a + w), top);
      this.starts[id] = top;
      top += w;
    }
    this.arena = to;
    this.top = top;
  }
}
