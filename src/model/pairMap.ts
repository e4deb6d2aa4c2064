// (int, int) → int, for the hot maps of the profile pipeline: a call tree's child per (parent, frame), a
// stack trie's node per (node, raw frame). A JS Map keyed `a * 2^22 + b` holds a heap number per key once the
// key passes 2^30 (a few thousand parents in), and each lookup of such a key allocates one: on a 59k-sample
// profile that was most of the garbage collector's work. Here the keys live in typed arrays, open addressing
// with linear probing: no allocation per lookup, and entries are numbered in insertion order, so a caller can
// keep values beside them in arrays and walk them in the order they came.

const EMPTY = -1;

export class PairMap {
  private keysA: Int32Array;
  private keysB: Int32Array;
  /** Entry number per slot. */
  private entries: Int32Array;
  private mask: number;
  private count = 0;

  constructor(capacity = 1024) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.keysA = new Int32Array(size).fill(EMPTY);
    this.keysB = new Int32Array(size);
    this.entries = new Int32Array(size);
    this.mask = size - 1;
  }

  /** How many pairs are in. */
  get size(): number {
    return this.count;
  }

  /** The entry number of (a, b), or -1. Both must be non-negative 31-bit integers. */
  get(a: number, b: number): number {
    const keysA = this.keysA;
    const keysB = this.keysB;
    for (let slot = hash(a, b) & this.mask; ; slot = (slot + 1) & this.mask) {
      const k = keysA[slot];
      if (k === EMPTY) return -1;
      if (k === a && keysB[slot] === b) return this.entries[slot];
    }
  }

  /** The entry number of (a, b), numbering it next (0, 1, 2, …) when it is new. */
  intern(a: number, b: number): number {
    for (let slot = hash(a, b) & this.mask; ; slot = (slot + 1) & this.mask) {
      const k = this.keysA[slot];
      if (k === EMPTY) {
        const entry = this.count++;
        this.keysA[slot] = a;
        this.keysB[slot] = b;
        this.entries[slot] = entry;
        // At most half full: probes stay short.
        if (this.count * 2 > this.mask) this.grow();
        return entry;
      }
      if (k === a && this.keysB[slot] === b) return this.entries[slot];
    }
  }

  private grow(): void {
    const { keysA, keysB, entries } = this;
    const size = keysA.length * 2;
    this.keysA = new Int32Array(size).fill(EMPTY);
    this.keysB = new Int32Array(size);
    this.entries = new Int32Array(size);
    this.mask = size - 1;
    for (let i = 0; i < keysA.length; i++) {
      if (keysA[i] === EMPTY) continue;
      let slot = hash(keysA[i], keysB[i]) & this.mask;
      while (this.keysA[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      this.keysA[slot] = keysA[i];
      this.keysB[slot] = keysB[i];
      this.entries[slot] = entries[i];
    }
  }
}

function hash(a: number, b: number): number {
  const h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b ^ 0x7f4a7c15, 0x85ebca77);
  return (h ^ (h >>> 15)) >>> 0;
}
