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

/** Words before a key's bytes in the arena: its hash, id and byte length. */
const HEADER = 3;

/**
 * The table: a slot is two words, the key's hash and 1 + the arena index of its bytes (0: free), so a
 * lookup reads the slot, then the key's block in the arena (header and bytes side by side): two places
 * in memory for a hit.
 */
export class FlowKeyTable {
  /** Live keys. */
  size = 0;
  /** Slot pairs [hash, 1 + key start]; linear probing, at most half full. */
  private slots = new Int32Array(2 * 2 * MIN_IDS);
  private shift = 32 - Math.log2(2 * MIN_IDS);
  /** By id: where its key starts in the arena (for removal and compaction only). */
  private starts: Int32Array;
  /** By id: the number of keys inserted before it (see `serial`). */
  private serials: Float64Array;
  /** Blocks of [hash, id, length, words of the key…], oldest first. */
  private arena = new Int32Array(1 << 14);
  /** Words of the arena in use, and those of live blocks. */
  private top = 0;
  private liveWords = 0;
  /** Keys inserted so far: the next id is `inserted % capacity`. */
  private inserted = 0;

  /** `capacity`: live keys at most (≥ 1). */
  constructor(readonly capacity: number) {
    this.starts = new Int32Array(Math.min(capacity, MIN_IDS));
    this.serials = new Float64Array(this.starts.length);
  }

  /**
   * Of a live id: a number no other key given this id ever has (how many keys were inserted before
   * it), so that a caller holding an id can tell whether it still stands for the same key.
   */
  serial(id: number): number {
    return this.serials[id];
  }

  /** The id of the key (its hash from hashKeyWords), or -1. */
  find(words: Int32Array, len: number, hash: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    const n = (len + 3) >> 2;
    let s = Math.imul(hash, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const a = slots[2 * s + 1] - 1;
      if (a < 0) return -1;
      const arena = this.arena;
      if (slots[2 * s] === hash && arena[a - 1] === len) {
        let i = 0;
        while (i < n && arena[a + i] === words[i]) i++;
        if (i === n) return arena[a - 2];
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
    else if (id === this.starts.length) this.growIds();
    if (4 * (this.size + 1) > this.slots.length) this.growSlots();
    const n = (len + 3) >> 2;
    if (this.top + HEADER + n > this.arena.length) this.compact(HEADER + n);
    const arena = this.arena;
    const a = this.top + HEADER;
    arena[a - 3] = hash;
    arena[a - 2] = id;
    arena[a - 1] = len;
    for (let i = 0; i < n; i++) arena[a + i] = words[i];
    this.top = a + n;
    this.liveWords += HEADER + n;
    this.starts[id] = a;
    this.serials[id] = this.inserted;
    this.place(hash, a);
    this.size++;
    this.inserted++;
    return id;
  }

  private place(hash: number, a: number): void {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    let s = Math.imul(hash, 0x9e3779b1) >>> this.shift;
    while (slots[2 * s + 1] !== 0) s = (s + 1) & mask;
    slots[2 * s] = hash;
    slots[2 * s + 1] = a + 1;
  }

  /** Take key `id` out (backward-shift deletion: no tombstones). */
  private remove(id: number): void {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    const a = this.starts[id];
    const home = (hash: number) => Math.imul(hash, 0x9e3779b1) >>> this.shift;
    let i = home(this.arena[a - 3]);
    while (slots[2 * i + 1] !== a + 1) i = (i + 1) & mask;
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      if (slots[2 * j + 1] === 0) break;
      const k = home(slots[2 * j]);
      // the key at j may move to i when its home is not cyclically in (i, j]
      if (i <= j ? k <= i || k > j : k <= i && k > j) {
        slots[2 * i] = slots[2 * j];
        slots[2 * i + 1] = slots[2 * j + 1];
        i = j;
      }
    }
    slots[2 * i] = 0;
    slots[2 * i + 1] = 0;
    this.liveWords -= HEADER + ((this.arena[a - 1] + 3) >> 2);
    this.size--;
  }

  private growIds(): void {
    const starts = new Int32Array(Math.min(this.capacity, 2 * this.starts.length));
    starts.set(this.starts);
    this.starts = starts;
    const serials = new Float64Array(starts.length);
    serials.set(this.serials);
    this.serials = serials;
  }

  private growSlots(): void {
    this.slots = new Int32Array(2 * this.slots.length);
    this.shift--;
    this.placeAll();
  }

  /** Every live key into the (empty) slots. */
  private placeAll(): void {
    for (const id of this.liveIds()) {
      const a = this.starts[id];
      this.place(this.arena[a - 3], a);
    }
  }

  /** Ids of the live keys, oldest first. */
  liveIds(): number[] {
    const ids: number[] = [];
    for (let k = this.inserted - this.size; k < this.inserted; k++) ids.push(k % this.capacity);
    return ids;
  }

  /** Room for `n` more words: the live blocks copied to the front of an arena at least twice their size. */
  private compact(n: number): void {
    let size = this.arena.length;
    while (size < 2 * (this.liveWords + n)) size *= 2;
    const from = this.arena;
    // The live blocks lie in the arena oldest first, so copying them down in that order is safe in place.
    const to = size === from.length ? from : new Int32Array(size);
    let top = 0;
    for (const id of this.liveIds()) {
      const a = this.starts[id] - HEADER;
      const w = HEADER + ((from[a + 2] + 3) >> 2);
      if (to === from) to.copyWithin(top, a, a + w);
      else to.set(from.subarray(a, a + w), top);
      this.starts[id] = top + HEADER;
      top += w;
    }
    this.arena = to;
    this.top = top;
    // the slots point into the arena: set them again
    this.slots.fill(0);
    this.placeAll();
  }
}
