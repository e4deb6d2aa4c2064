// The builder's trie of (function, line) paths: one entry per distinct path
// prefix of the stacks, keyed (parent entry, code) in a PairMap, with its
// columns in typed arrays. Typed, not number[]: on a 60k-stack profile the
// five number[] columns made the builder about a third slower (garbage
// collector and growth copies), the typed ones made it faster than without
// the trie.

import { PairMap } from './pairMap';

export class PathTrie {
  private readonly map = new PairMap();
  /** Entries so far; entries are numbered in the order they were made, parents first. */
  size = 0;
  /** Parent entry, -1 for a root entry. */
  parent = new Int32Array(1024);
  /** What the entry is, as its owner encodes it (the builder: a function at a line). */
  code = new Int32Array(1024);
  /** Samples whose stack ends at this entry, and that pass through it. */
  self = new Float64Array(1024);
  total = new Float64Array(1024);
  /** The caller's value per entry: the builder keeps the call-tree node (-1 until set). */
  node = new Int32Array(1024);

  /** The entry of `code` under `parent` (-1: a root entry), made on first sight with node -1. */
  intern(parent: number, code: number): number {
    const e = this.map.intern(parent + 1, code);
    if (e === this.size) {
      if (e === this.parent.length) this.grow();
      this.parent[e] = parent;
      this.code[e] = code;
      this.node[e] = -1;
      this.size++;
    }
    return e;
  }

  private grow(): void {
    const n = this.parent.length * 2;
    const int = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    const float = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    this.parent = int(this.parent);
    this.code = int(this.code);
    this.node = int(this.node);
    this.self = float(this.self);
    this.total = float(this.total);
  }
}
