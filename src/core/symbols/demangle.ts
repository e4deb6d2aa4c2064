/**
 * Rust symbol demangling, ported from the rustc-demangle crate (0.1.28) and
 * always printing its alternate (`{:#}`) form: no legacy `::h<hash>`, no v0
 * crate disambiguators, no type suffixes on const generic integers.
 *
 * Deliberate differences from rustc-demangle:
 * - A legacy (`_ZN…E`) name must end in the `17h<16 hex>` hash element, as
 *   binutils' demangler requires; otherwise it is an ordinary C++ (Itanium)
 *   name, which rustc-demangle would happily print as `a::b`.
 * - Where rustc-demangle prints `{invalid syntax}`, `{recursion limit
 *   reached}` or `{size limit reached}` inside its output, we return undefined.
 */

/** Nesting limit, as in rustc-demangle: deeper input is treated as hostile. */
const MAX_DEPTH = 500;
/**
 * Output characters plus parse nodes allowed per symbol. v0 backrefs let a
 * short symbol expand exponentially, so both the output and the work spent on
 * nodes that print nothing have to be bounded.
 */
const MAX_WORK = 1_000_000;

/** Demangles a Rust symbol (legacy or v0); undefined when it is not one. */
export function demangleRust(symbol: string): string | undefined {
  // Cheap rejection of the common case (C symbols): every accepted prefix is
  // `_ZN`, `ZN`, `__ZN`, `_R`, `R` or `__R`.
  const c0 = symbol.charCodeAt(0);
  if (c0 !== 0x5f /* _ */ && c0 !== 0x5a /* Z */ && c0 !== 0x52 /* R */) return undefined;
  try {
    return demangle(symbol);
  } catch {
    return undefined; // malformed v0 input, or a bug: never let one symbol break a profile
  }
}

/** Strips a trailing `::h<16 hex>` (and a ThinLTO `.llvm.N` after it) from a demangled legacy name. */
export function stripRustHash(name: string): string {
  return name.replace(HASH_SUFFIX, '');
}
// `perf` prints e.g. `foo::h0123456789abcdef` or `foo::h0123456789abcdef.llvm.123`;
// any other `.suffix` (`.cold`, `.0`) is kept, as demangleRust does.
const HASH_SUFFIX = /::h[0-9a-f]{16}(?:\.llvm\.[0-9A-F@]*)?(?=$|\.)/;

/** Best-effort display name: demangleRust(s) ?? stripRustHash(s). */
export function displaySymbolName(symbol: string): string {
  return demangleRust(symbol) ?? decodeUnicodeEscapes(stripRustHash(symbol));
}

/**
 * perf (binutils' demangler) leaves legacy `$u<hex>$` escapes of non-ASCII
 * identifiers as they are: `z$ue4$hle` is `zähle`.
 */
function decodeUnicodeEscapes(name: string): string {
  if (!name.includes('$u')) return name;
  return name.replace(/\$u([0-9a-f]{1,6})\$/g, (m, hex: string) => {
    const cp = Number.parseInt(hex, 16);
    return cp > 0x7f && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : m;
  });
}

const NON_ASCII = /[^\x00-\x7f]/;
const LLVM_SUFFIX_BODY = /^[A-F0-9@]*$/;
/** ASCII alphanumerics and punctuation: what LLVM appends (`.cold`, `.exit.i.i`, `.0`). */
const SYMBOL_LIKE = /^[\x21-\x7e]*$/;

function demangle(symbol: string): string | undefined {
  let s = symbol;
  // ThinLTO renames imported internal symbols to `name.llvm.<number>`.
  const llvm = s.indexOf('.llvm.');
  if (llvm >= 0 && LLVM_SUFFIX_BODY.test(s.slice(llvm + 6))) s = s.slice(0, llvm);
  if (NON_ASCII.test(s)) return undefined;

  const r = demangleLegacy(s) ?? demangleV0(s);
  if (r === undefined) return undefined;
  const [name, suffix] = r;
  // Anything after the mangled name must look like LLVM's `.suffix` words.
  if (suffix !== '' && (suffix.charCodeAt(0) !== 0x2e /* . */ || !SYMBOL_LIKE.test(suffix))) return undefined;
  return name + suffix;
}

// ---------------------------------------------------------------------------
// Legacy: `_ZN` { <decimal length> <identifier> } `E`, identifiers escaped
// with `$…$` and `..` for `::`, the last one being the `h<16 hex>` hash.

const LEGACY_ESCAPES: Record<string, string> = {
  SP: '@', BP: '*', RF: '&', LT: '<', GT: '>', LP: '(', RP: ')', C: ',',
};
const LEGACY_HASH = /^h[0-9a-f]{16}$/;

function demangleLegacy(s: string): [string, string] | undefined {
  let i: number;
  if (s.startsWith('_ZN')) i = 3;
  else if (s.startsWith('ZN')) i = 2; // Windows dbghelp strips the underscore
  else if (s.startsWith('__ZN')) i = 4; // macOS adds one
  else return undefined;

  const n = s.length;
  const bounds: number[] = []; // start, end of each element
  if (i >= n) return undefined;
  let c = s.charCodeAt(i);
  while (c !== 0x45 /* E */) {
    if (!isDigit(c)) return undefined;
    let len = 0;
    while (isDigit(c)) {
      len = len * 10 + (c - 0x30);
      if (len > n) return undefined; // cannot fit; also keeps `len` exact
      if (++i >= n) return undefined;
      c = s.charCodeAt(i);
    }
    bounds.push(i, i + len);
    i += len;
    if (i >= n) return undefined;
    c = s.charCodeAt(i);
  }

  // The hash is what tells Rust from C++ (`_ZN3foo3barE` is a C++ variable).
  const count = bounds.length >> 1;
  if (count < 2 || !LEGACY_HASH.test(s.slice(bounds[2 * count - 2], bounds[2 * count - 1]))) {
    return undefined;
  }
  let out = '';
  for (let e = 0; e < count - 1; e++) {
    if (e > 0) out += '::';
    out += unescapeLegacy(s, bounds[2 * e], bounds[2 * e + 1]);
  }
  return [out, s.slice(i + 1)];
}

function unescapeLegacy(s: string, start: number, end: number): string {
  let p = start;
  // A leading `_` only protects an escape from looking like a length digit.
  if (end - p >= 2 && s.charCodeAt(p) === 0x5f && s.charCodeAt(p + 1) === 0x24 /* $ */) p++;
  let out = '';
  while (p < end) {
    const c = s.charCodeAt(p);
    if (c === 0x2e /* . */) {
      if (p + 1 < end && s.charCodeAt(p + 1) === 0x2e) {
        out += '::';
        p += 2;
      } else {
        out += '.';
        p += 1;
      }
    } else if (c === 0x24 /* $ */) {
      const close = s.indexOf('$', p + 1);
      if (close < 0 || close >= end) break;
      const esc = s.slice(p + 1, close);
      const known = LEGACY_ESCAPES[esc];
      if (known !== undefined) {
        out += known;
      } else {
        const ch = legacyUnicodeEscape(esc);
        if (ch === undefined) break; // unknown escape: the rest is printed verbatim
        out += ch;
      }
      p = close + 1;
    } else {
      let q = p + 1;
      while (q < end) {
        const d = s.charCodeAt(q);
        if (d === 0x24 || d === 0x2e) break;
        q++;
      }
      out += s.slice(p, q);
      p = q;
    }
  }
  return out + s.slice(p, end);
}

/** `u` + lowercase hex code point, e.g. `u7e` → `~`; control characters are refused. */
function legacyUnicodeEscape(esc: string): string | undefined {
  if (esc.length < 2 || esc.charCodeAt(0) !== 0x75 /* u */) return undefined;
  let v = 0;
  for (let k = 1; k < esc.length; k++) {
    const d = esc.charCodeAt(k);
    if (d >= 0x30 && d <= 0x39) v = v * 16 + (d - 0x30);
    else if (d >= 0x61 && d <= 0x66) v = v * 16 + (d - 0x61 + 10);
    else return undefined;
    if (v > 0x10ffff) return undefined;
  }
  if (!isScalar(v) || v < 0x20 || (v >= 0x7f && v <= 0x9f)) return undefined;
  return String.fromCodePoint(v);
}

// ---------------------------------------------------------------------------
// v0: https://doc.rust-lang.org/rustc/symbol-mangling/v0.html

function demangleV0(s: string): [string, string] | undefined {
  let start: number;
  if (s.startsWith('_R')) start = 2;
  else if (s.startsWith('R')) start = 1; // Windows dbghelp
  else if (s.startsWith('__R')) start = 3; // macOS
  else return undefined;
  if (!isUpper(s.charCodeAt(start))) return undefined; // paths start with an uppercase tag

  const p = new V0Printer(s, start);
  p.printPath(true);
  // The optional instantiating crate is parsed but never shown.
  if (isUpper(s.charCodeAt(p.pos))) {
    p.skipping = true;
    p.printPath(false);
  }
  return [p.out, s.slice(p.pos)];
}

/** Thrown (never escaping demangleRust) on any malformed input; a constant, so no stack is captured. */
const INVALID = { invalid: true };
function fail(): never {
  throw INVALID;
}

/** A base-62 integer: exact, a bigint only past 2^53 (u64 like the grammar). */
type U64 = number | bigint;
const U64_MAX = (1n << 64n) - 1n;

interface Ident {
  ascii: string;
  punycode: string;
}

const BASIC_TYPES: (string | undefined)[] = [];
for (const [tag, name] of Object.entries({
  b: 'bool', c: 'char', e: 'str', u: '()', a: 'i8', s: 'i16', l: 'i32', x: 'i64', n: 'i128',
  i: 'isize', h: 'u8', t: 'u16', m: 'u32', y: 'u64', o: 'u128', j: 'usize', f: 'f32',
  d: 'f64', z: '!', p: '_', v: '...',
})) {
  BASIC_TYPES[tag.charCodeAt(0)] = name;
}

const enum Ch {
  A = 0x41, B = 0x42, C = 0x43, D = 0x44, E = 0x45, F = 0x46, G = 0x47, I = 0x49, K = 0x4b,
  L = 0x4c, M = 0x4d, N = 0x4e, O = 0x4f, P = 0x50, Q = 0x51, R = 0x52, S = 0x53, T = 0x54,
  U = 0x55, V = 0x56, W = 0x57, X = 0x58, Y = 0x59,
  a = 0x61, b = 0x62, c = 0x63, e = 0x65, h = 0x68, i = 0x69, j = 0x6a, l = 0x6c, m = 0x6d,
  n = 0x6e, o = 0x6f, p = 0x70, s = 0x73, t = 0x74, u = 0x75, w = 0x77, x = 0x78, y = 0x79,
  Underscore = 0x5f,
}

/** What a `…E`-terminated list holds. */
const enum List {
  GenericArgs,
  Types,
  DynTraits,
  Consts,
  Fields,
}

/**
 * Parses and prints in one pass (rustc-demangle validates first, then prints;
 * any error makes us return undefined, so one pass gives the same answers).
 * While `skipping` (an impl's own path, the instantiating crate), nothing is
 * printed and backrefs are not followed, exactly as rustc-demangle does.
 */
class V0Printer {
  pos: number;
  out = '';
  skipping = false;
  private depth = 0;
  private boundLifetimes = 0;
  private work = MAX_WORK;

  /** `base`: where the text after `_R` starts, the origin of backref offsets. */
  constructor(
    private readonly sym: string,
    private readonly base: number,
  ) {
    this.pos = base;
  }

  // --- parser ---

  private peek(): number {
    return this.pos < this.sym.length ? this.sym.charCodeAt(this.pos) : -1;
  }

  private eat(c: number): boolean {
    if (this.peek() !== c) return false;
    this.pos++;
    return true;
  }

  private next(): number {
    if (this.pos >= this.sym.length) fail();
    return this.sym.charCodeAt(this.pos++);
  }

  private pushDepth(): void {
    if (++this.depth > MAX_DEPTH || --this.work < 0) fail();
  }

  private popDepth(): void {
    this.depth--;
  }

  private print(text: string): void {
    if (this.skipping) return;
    this.work -= text.length;
    if (this.work < 0) fail();
    this.out += text;
  }

  /** `[0-9a-f]* _`, returned without the `_`. */
  private hexNibbles(): string {
    const start = this.pos;
    for (;;) {
      const c = this.next();
      if (c === Ch.Underscore) return this.sym.slice(start, this.pos - 1);
      if (!((c >= 0x30 && c <= 0x39) || (c >= Ch.a && c <= 0x66))) fail();
    }
  }

  /** `_` is 0, otherwise base-62 digits then `_`, plus one. */
  private integer62(): U64 {
    if (this.eat(Ch.Underscore)) return 0;
    let x = 0;
    let big: bigint | undefined;
    while (!this.eat(Ch.Underscore)) {
      const c = this.next();
      let d: number;
      if (c >= 0x30 && c <= 0x39) d = c - 0x30;
      else if (c >= Ch.a && c <= 0x7a) d = c - Ch.a + 10;
      else if (c >= Ch.A && c <= 0x5a) d = c - Ch.A + 36;
      else fail();
      if (big === undefined && x < 2 ** 46) {
        x = x * 62 + d;
      } else {
        big = (big ?? BigInt(x)) * 62n + BigInt(d);
        if (big > U64_MAX) fail();
      }
    }
    return big === undefined ? x + 1 : u64(big + 1n);
  }

  private optInteger62(tag: number): U64 {
    if (!this.eat(tag)) return 0;
    const v = this.integer62();
    return typeof v === 'number' ? v + 1 : u64(v + 1n);
  }

  private disambiguator(): U64 {
    return this.optInteger62(Ch.s);
  }

  /**
   * Parses a backref's target; when printing, moves there and returns the
   * position to come back to, otherwise (skipping) returns -1 and stays.
   */
  private backref(): number {
    // Offsets count from just after the `_R` prefix, and only point backwards.
    const sStart = this.pos - 1 - this.base;
    const target = this.integer62();
    if (typeof target !== 'number' || target >= sStart) fail();
    if (this.depth + 1 > MAX_DEPTH) fail();
    if (this.skipping) return -1;
    const ret = this.pos;
    this.pos = this.base + target;
    this.depth++;
    return ret;
  }

  private endBackref(ret: number): void {
    this.pos = ret;
    this.depth--;
  }

  private ident(): Ident {
    const isPunycode = this.eat(Ch.u);
    const c = this.peek();
    if (!isDigit(c)) fail();
    this.pos++;
    let len = c - 0x30;
    if (len !== 0) {
      while (isDigit(this.peek())) {
        len = len * 10 + (this.sym.charCodeAt(this.pos++) - 0x30);
        if (len > this.sym.length) fail();
      }
    }
    this.eat(Ch.Underscore); // optional separator, needed before a digit or `_`
    const start = this.pos;
    this.pos += len;
    if (this.pos > this.sym.length) fail();
    if (!isPunycode) return { ascii: this.sym.slice(start, this.pos), punycode: '' };
    const raw = this.sym.slice(start, this.pos);
    const sep = raw.lastIndexOf('_');
    const id = { ascii: sep < 0 ? '' : raw.slice(0, sep), punycode: raw.slice(sep + 1) };
    if (id.punycode === '') fail();
    return id;
  }

  // --- printer ---

  private printIdent(id: Ident): void {
    if (this.skipping) return;
    if (id.punycode === '') return this.print(id.ascii);
    const decoded = decodePunycode(id.ascii, id.punycode);
    if (decoded !== undefined) return this.print(decoded);
    this.print(`punycode{${id.ascii === '' ? '' : `${id.ascii}-`}${id.punycode}}`);
  }

  printPath(inValue: boolean): void {
    this.pushDepth();
    const tag = this.next();
    switch (tag) {
      case Ch.C: {
        this.disambiguator();
        this.printIdent(this.ident());
        break;
      }
      case Ch.N: {
        const ns = this.next();
        if (!isUpper(ns) && !(ns >= Ch.a && ns <= 0x7a)) fail();
        this.printPath(inValue);
        const dis = this.disambiguator();
        const name = this.ident();
        const named = name.ascii !== '' || name.punycode !== '';
        if (isUpper(ns)) {
          // Special namespaces: closures, shims, and any future ones.
          const kind = ns === Ch.C ? 'closure' : ns === Ch.S ? 'shim' : String.fromCharCode(ns);
          this.print(`::{${kind}`);
          if (named) {
            this.print(':');
            this.printIdent(name);
          }
          this.print(`#${dis}}`);
        } else if (named) {
          this.print('::');
          this.printIdent(name);
        }
        break;
      }
      case Ch.M:
      case Ch.X:
      case Ch.Y: {
        if (tag !== Ch.Y) {
          // The impl block's own path is noise: `<T as Trait>` says it all.
          this.disambiguator();
          const was = this.skipping;
          this.skipping = true;
          this.printPath(false);
          this.skipping = was;
        }
        this.print('<');
        this.printType();
        if (tag !== Ch.M) {
          this.print(' as ');
          this.printPath(false);
        }
        this.print('>');
        break;
      }
      case Ch.I: {
        this.printPath(inValue);
        // Turbofish only where an expression would need it.
        this.print(inValue ? '::<' : '<');
        this.printList(List.GenericArgs, ', ');
        this.print('>');
        break;
      }
      case Ch.B: {
        const ret = this.backref();
        if (ret >= 0) {
          this.printPath(inValue);
          this.endBackref(ret);
        }
        break;
      }
      default:
        fail();
    }
    this.popDepth();
  }

  /** Prints list elements up to the closing `E`; returns how many. */
  private printList(kind: List, sep: string): number {
    let count = 0;
    while (!this.eat(Ch.E)) {
      if (count > 0) this.print(sep);
      switch (kind) {
        case List.GenericArgs:
          this.printGenericArg();
          break;
        case List.Types:
          this.printType();
          break;
        case List.DynTraits:
          this.printDynTrait();
          break;
        case List.Consts:
          this.printConst(true);
          break;
        case List.Fields:
          this.disambiguator();
          this.printIdent(this.ident());
          this.print(': ');
          this.printConst(true);
          break;
      }
      count++;
    }
    return count;
  }

  private printGenericArg(): void {
    if (this.eat(Ch.L)) this.printLifetime(this.integer62());
    else if (this.eat(Ch.K)) this.printConst(false);
    else this.printType();
  }

  /** Index 0 is `'_`; others count back from the innermost `for<…>` binder. */
  private printLifetime(lt: U64): void {
    if (this.skipping) return; // binders are not tracked while skipping
    this.print("'");
    if (lt === 0) return this.print('_');
    if (typeof lt !== 'number' || lt > this.boundLifetimes) fail();
    const depth = this.boundLifetimes - lt;
    this.print(depth < 26 ? String.fromCharCode(Ch.a + depth) : `_${depth}`);
  }

  /** Optional `G` binder: prints `for<'a, …> ` and returns how many lifetimes it bound. */
  private enterBinder(): number {
    const count = this.optInteger62(Ch.G);
    if (this.skipping) return 0;
    if (typeof count !== 'number') fail(); // could never be printed within the work limit
    if (count > 0) {
      this.print('for<');
      for (let k = 0; k < count; k++) {
        if (k > 0) this.print(', ');
        this.boundLifetimes++;
        this.printLifetime(1);
      }
      this.print('> ');
    }
    return count;
  }

  private printType(): void {
    if (this.eat(Ch.w)) this.print('#[splat] '); // unstable; mangling subject to change
    const tag = this.next();
    const basic = BASIC_TYPES[tag];
    if (basic !== undefined) return this.print(basic);

    this.pushDepth();
    switch (tag) {
      case Ch.R:
      case Ch.Q: {
        this.print('&');
        if (this.eat(Ch.L)) {
          const lt = this.integer62();
          if (lt !== 0) {
            this.printLifetime(lt);
            this.print(' ');
          }
        }
        if (tag === Ch.Q) this.print('mut ');
        this.printType();
        break;
      }
      case Ch.P:
      case Ch.O:
        this.print(tag === Ch.P ? '*const ' : '*mut ');
        this.printType();
        break;
      case Ch.A:
      case Ch.S:
        this.print('[');
        this.printType();
        if (tag === Ch.A) {
          this.print('; ');
          this.printConst(true);
        }
        this.print(']');
        break;
      case Ch.T: {
        this.print('(');
        if (this.printList(List.Types, ', ') === 1) this.print(',');
        this.print(')');
        break;
      }
      case Ch.F: {
        const bound = this.enterBinder();
        const isUnsafe = this.eat(Ch.U);
        let abi: string | undefined;
        if (this.eat(Ch.K)) {
          if (this.eat(Ch.C)) {
            abi = 'C';
          } else {
            const id = this.ident();
            if (id.ascii === '' || id.punycode !== '') fail();
            abi = id.ascii;
          }
        }
        if (isUnsafe) this.print('unsafe ');
        // `-` in ABI names is mangled as `_`.
        if (abi !== undefined) this.print(`extern "${abi.replace(/_/g, '-')}" `);
        this.print('fn(');
        this.printList(List.Types, ', ');
        this.print(')');
        if (!this.eat(Ch.u)) {
          this.print(' -> ');
          this.printType();
        }
        this.boundLifetimes -= bound;
        break;
      }
      case Ch.D: {
        this.print('dyn ');
        const bound = this.enterBinder();
        this.printList(List.DynTraits, ' + ');
        this.boundLifetimes -= bound;
        if (!this.eat(Ch.L)) fail();
        const lt = this.integer62();
        if (lt !== 0) {
          this.print(' + ');
          this.printLifetime(lt);
        }
        break;
      }
      case Ch.B: {
        const ret = this.backref();
        if (ret >= 0) {
          this.printType();
          this.endBackref(ret);
        }
        break;
      }
      case Ch.W:
        this.printType();
        this.print(' is ');
        this.printPattern();
        break;
      default:
        this.pos--; // not a type tag: a path, which re-reads it
        this.printPath(false);
    }
    this.popDepth();
  }

  /**
   * A dyn trait's associated type bindings go inside its generics
   * (`dyn Iterator<Item = u32>`), so an `I` path's `<…` is left open.
   */
  private printPathMaybeOpenGenerics(): boolean {
    if (this.eat(Ch.B)) {
      const ret = this.backref();
      if (ret < 0) return false;
      const open = this.printPathMaybeOpenGenerics();
      this.endBackref(ret);
      return open;
    }
    if (this.eat(Ch.I)) {
      this.printPath(false);
      this.print('<');
      this.printList(List.GenericArgs, ', ');
      return true;
    }
    this.printPath(false);
    return false;
  }

  private printDynTrait(): void {
    let open = this.printPathMaybeOpenGenerics();
    while (this.eat(Ch.p)) {
      this.print(open ? ', ' : '<');
      open = true;
      this.printIdent(this.ident());
      this.print(' = ');
      if (this.eat(Ch.K)) this.printConst(false);
      else this.printType();
    }
    if (open) this.print('>');
  }

  /** Pattern types (unstable): `u32 is 1..=9`. */
  private printPattern(): void {
    const tag = this.next();
    if (tag === Ch.R) {
      this.printConst(false);
      this.print('..=');
      this.printConst(false);
    } else if (tag === Ch.O) {
      this.pushDepth();
      this.printPattern();
      while (!this.eat(Ch.E)) {
        this.print(' | ');
        this.printPattern();
      }
      this.popDepth();
    } else if (tag === Ch.N) {
      this.print('!null');
    } else {
      fail();
    }
  }

  /** `inValue`: nested in another const, where no `{…}` is needed around expressions. */
  private printConst(inValue: boolean): void {
    const tag = this.next();
    this.pushDepth();
    // Only literals may stand bare in generic argument position.
    let braced = false;
    const openBrace = (): void => {
      if (inValue) return;
      braced = true;
      this.print('{');
    };
    switch (tag) {
      case Ch.p:
        this.print('_');
        break;
      case Ch.h:
      case Ch.t:
      case Ch.m:
      case Ch.y:
      case Ch.o:
      case Ch.j:
        this.printConstUint();
        break;
      case Ch.a:
      case Ch.s:
      case Ch.l:
      case Ch.x:
      case Ch.n:
      case Ch.i:
        if (this.eat(Ch.n)) this.print('-');
        this.printConstUint();
        break;
      case Ch.b: {
        const v = hexToSmallUint(this.hexNibbles());
        if (v !== 0 && v !== 1) fail();
        this.print(v === 1 ? 'true' : 'false');
        break;
      }
      case Ch.c: {
        const v = hexToSmallUint(this.hexNibbles());
        if (v === undefined || !isScalar(v)) fail();
        this.printQuoted("'", [v]);
        break;
      }
      case Ch.e:
        // A `str` value: `*"…"`, as the literal itself would be a `&str`.
        openBrace();
        this.print('*');
        this.printStrLiteral();
        break;
      case Ch.R:
      case Ch.Q:
        if (tag === Ch.R && this.eat(Ch.e)) {
          this.printStrLiteral();
        } else {
          openBrace();
          this.print(tag === Ch.R ? '&' : '&mut ');
          this.printConst(true);
        }
        break;
      case Ch.A:
        openBrace();
        this.print('[');
        this.printList(List.Consts, ', ');
        this.print(']');
        break;
      case Ch.T:
        openBrace();
        this.print('(');
        if (this.printList(List.Consts, ', ') === 1) this.print(',');
        this.print(')');
        break;
      case Ch.V: {
        openBrace();
        this.printPath(true);
        const kind = this.next();
        if (kind === Ch.T) {
          this.print('(');
          this.printList(List.Consts, ', ');
          this.print(')');
        } else if (kind === Ch.S) {
          this.print(' { ');
          this.printList(List.Fields, ', ');
          this.print(' }');
        } else if (kind !== Ch.U) {
          fail();
        }
        break;
      }
      case Ch.B: {
        const ret = this.backref();
        if (ret >= 0) {
          this.printConst(inValue);
          this.endBackref(ret);
        }
        break;
      }
      default:
        fail();
    }
    if (braced) this.print('}');
    this.popDepth();
  }

  /** Integers wider than u64 are printed as their hex digits, verbatim. */
  private printConstUint(): void {
    const hex = this.hexNibbles();
    let i = 0;
    while (i < hex.length && hex.charCodeAt(i) === 0x30) i++;
    const digits = hex.length - i;
    if (digits > 16) this.print(`0x${hex}`);
    else if (digits > 13) this.print(BigInt(`0x${hex.slice(i)}`).toString());
    else this.print(digits === 0 ? '0' : String(parseInt(hex.slice(i), 16)));
  }

  private printStrLiteral(): void {
    const hex = this.hexNibbles();
    const chars = decodeUtf8Hex(hex);
    if (chars === undefined) fail();
    this.printQuoted('"', chars);
  }

  /** Quotes and escapes like Rust's `char::escape_debug`. */
  private printQuoted(quote: "'" | '"', codePoints: number[]): void {
    if (this.skipping) return;
    let s = quote;
    for (const cp of codePoints) {
      // The other kind of quote needs no escape.
      if ((quote === "'" && cp === 0x22) || (quote === '"' && cp === 0x27)) s += String.fromCharCode(cp);
      else s += escapeDebug(cp);
    }
    this.print(s + quote);
  }
}

function u64(v: bigint): U64 {
  if (v > U64_MAX) fail();
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isUpper(c: number): boolean {
  return c >= 0x41 && c <= 0x5a;
}

/** A Unicode scalar value, i.e. what Rust's `char::from_u32` accepts. */
function isScalar(v: number): boolean {
  return v >= 0 && v <= 0x10ffff && (v < 0xd800 || v > 0xdfff);
}

/** Hex nibbles as a number, or undefined past 64 bits; only exact up to 2^53 (enough for bool and char). */
function hexToSmallUint(hex: string): number | undefined {
  let i = 0;
  while (i < hex.length && hex.charCodeAt(i) === 0x30) i++;
  if (hex.length - i > 16) return undefined;
  return i === hex.length ? 0 : parseInt(hex.slice(i), 16);
}

/** Strict UTF-8, as Rust's `str::from_utf8`; undefined when invalid. */
function decodeUtf8Hex(hex: string): number[] | undefined {
  if (hex.length % 2 !== 0) return undefined;
  const bytes = new Uint8Array(hex.length / 2);
  for (let k = 0; k < bytes.length; k++) bytes[k] = parseInt(hex.slice(2 * k, 2 * k + 2), 16);
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return undefined;
  }
  const out: number[] = [];
  for (const ch of text) out.push(ch.codePointAt(0) as number);
  return out;
}
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Rust's `is_printable` treats categories Cc Cf Cs Co Cn Zl Zp Zs (but not
 * the space) as unprintable; `escape_debug` also escapes grapheme extenders.
 */
const NEEDS_UNICODE_ESCAPE = /[\p{Grapheme_Extend}\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function escapeDebug(cp: number): string {
  switch (cp) {
    case 0x00: return '\\0';
    case 0x09: return '\\t';
    case 0x0d: return '\\r';
    case 0x0a: return '\\n';
    case 0x27: return "\\'";
    case 0x22: return '\\"';
    case 0x5c: return '\\\\';
  }
  const ch = String.fromCodePoint(cp);
  if (cp !== 0x20 && NEEDS_UNICODE_ESCAPE.test(ch)) return `\\u{${cp.toString(16)}}`;
  return ch;
}

/**
 * RFC 3492 Punycode, as rustc-demangle decodes it: at most 128 characters,
 * and on any failure the caller falls back to printing `punycode{…}`.
 */
function decodePunycode(ascii: string, punycode: string): string | undefined {
  const SMALL = 128;
  const BASE = 36, T_MIN = 1, T_MAX = 26, SKEW = 38;
  const out: number[] = [];
  for (let k = 0; k < ascii.length; k++) {
    if (out.length >= SMALL) return undefined;
    out.push(ascii.charCodeAt(k));
  }
  let len = out.length;
  let damp = 700;
  let bias = 72;
  let i = 0;
  let n = 0x80;
  let p = 0;
  for (;;) {
    // One generalized variable-length integer. Intermediate values past 2^53
    // could only ever produce an invalid code point, so they fail early.
    let delta = 0;
    let w = 1;
    let k = 0;
    for (;;) {
      k += BASE;
      const t = Math.min(Math.max(k - bias, T_MIN), T_MAX);
      if (p >= punycode.length) return undefined;
      const c = punycode.charCodeAt(p++);
      let d: number;
      if (c >= 0x61 && c <= 0x7a) d = c - 0x61;
      else if (c >= 0x30 && c <= 0x39) d = 26 + (c - 0x30);
      else return undefined;
      delta += d * w;
      if (delta > Number.MAX_SAFE_INTEGER) return undefined;
      if (d < t) break;
      w *= BASE - t;
      if (w > Number.MAX_SAFE_INTEGER) return undefined;
    }
    len++;
    i += delta;
    n += Math.floor(i / len);
    i %= len;
    if (i > Number.MAX_SAFE_INTEGER || !isScalar(n)) return undefined;
    if (out.length >= SMALL) return undefined;
    out.splice(i, 0, n);
    i++;
    if (p >= punycode.length) return String.fromCodePoint(...out);

    // Bias adaptation.
    delta = Math.floor(delta / damp);
    damp = 2;
    delta += Math.floor(delta / len);
    let kk = 0;
    while (delta > ((BASE - T_MIN) * T_MAX) >> 1) {
      delta = Math.floor(delta / (BASE - T_MIN));
      kk += BASE;
    }
    bias = kk + Math.floor(((BASE - T_MIN + 1) * delta) / (delta + SKEW));
  }
}
