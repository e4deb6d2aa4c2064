/**
 * Rust symbol names for display. The demangling is rustc-demangle's (see
 * demangleLibrary.ts), always in its alternate `{:#}` form: no legacy
 * `::h<hash>`, no v0 crate disambiguators. This file holds only what that
 * library does not do for us, which is why it is written by hand:
 * - The library demangles anything: C++, MSVC, and whatever else loses its
 *   leading `_`. We want Rust or undefined, so a name reaches it only when it
 *   has a Rust prefix, and a v0 name that comes back merely stripped failed.
 * - A legacy (`_ZN…E`) name counts as Rust only when its last element is the
 *   `17h<16 hex>` hash, as binutils' demangler requires; otherwise it is an
 *   ordinary C++ name (`_ZN3foo3barE`), which rustc-demangle would print as
 *   `foo::bar`. Checking that takes walking the length-prefixed elements.
 * - Where rustc-demangle writes `{invalid syntax}`, `{recursion limit
 *   reached}` or `{size limit reached}` into its output, we return undefined.
 * - Names perf already demangled itself keep their `::h<hash>` and `$u…$`
 *   escapes: stripRustHash and displaySymbolName clean those.
 */

import { libraryDemangler } from './demangleLibrary';

/** Demangles a Rust symbol (legacy or v0); undefined when it is not one. */
export function demangleRust(symbol: string): string | undefined {
  const canonical = rustMangled(symbol);
  if (canonical === undefined) return undefined;
  const demangleAny = libraryDemangler();
  let text: string;
  try {
    text = demangleAny(canonical);
  } catch {
    return undefined; // a trap in the library: never let one symbol break a profile
  }
  // `_R…` is no C++ name, so the library's only other answer is the name less its `_`
  // (a `_ZN…` name got here only in a shape rustc-demangle accepts).
  if (text === canonical.slice(1) || LIBRARY_ERRORS.test(text)) return undefined;
  return text;
}

const LIBRARY_ERRORS = /\{(?:invalid syntax|recursion limit reached|size limit reached)\}/;

/**
 * The symbol with its prefix made `_ZN` / `_R` (rustc-demangle reads the
 * `ZN`/`R` of Windows' dbghelp and the `__ZN`/`__R` of macOS the same way),
 * or undefined when it cannot be a Rust name.
 */
function rustMangled(symbol: string): string | undefined {
  // Cheap rejection of the common case (C symbols).
  const c0 = symbol.charCodeAt(0);
  if (c0 !== 0x5f /* _ */ && c0 !== 0x5a /* Z */ && c0 !== 0x52 /* R */) return undefined;
  const m = PREFIX.exec(symbol);
  if (m === null || NON_ASCII.test(symbol)) return undefined;
  const rest = symbol.slice(m[0].length);
  if (m[1] === 'R') return `_R${rest}`;
  return isLegacyRust(rest) ? `_ZN${rest}` : undefined;
}

// v0 paths start with an uppercase tag.
const PREFIX = /^(?:__|_)?(ZN|R(?=[A-Z]))/;
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * `rest`, after `_ZN`, is `{ <decimal length> <bytes> } E [suffix]` whose last
 * element is the hash, and any suffix is LLVM's `.words` (else rustc-demangle
 * refuses the name and the library would try it as C++: `…Ev` is `foo()`).
 */
function isLegacyRust(rest: string): boolean {
  const n = rest.length;
  let i = 0;
  let count = 0;
  let last = 0; // where the last element starts
  while (i < n && rest.charCodeAt(i) !== 0x45 /* E */) {
    let len = 0;
    const digits = i;
    for (let c = rest.charCodeAt(i); c >= 0x30 && c <= 0x39; c = rest.charCodeAt(++i)) {
      len = len * 10 + (c - 0x30);
      if (len > n) return false; // cannot fit; also keeps `len` exact
    }
    if (i === digits) return false;
    last = i;
    i += len;
    count++;
  }
  if (i >= n || count < 2 || !LEGACY_HASH.test(rest.slice(last, i))) return false;
  const suffix = rest.slice(i + 1);
  return suffix === '' || LLVM_SUFFIX.test(suffix);
}

const LEGACY_HASH = /^h[0-9a-f]{16}$/;
/** ASCII alphanumerics and punctuation after a dot: what LLVM appends (`.cold`, `.exit.i.i`, `.llvm.N`). */
const LLVM_SUFFIX = /^\.[\x21-\x7e]*$/;

/** Strips a trailing `::h<16 hex>` (and a ThinLTO `.llvm.N` after it) from a demangled legacy name. */
export function stripRustHash(name: string): string {
  return name.replace(HASH_SUFFIX, '');
}
// `perf` prints e.g. `foo::h0123456789abcdef` or `foo::h0123456789abcdef.llvm.123`;
// any other `.suffix` (`.cold`, `.0`) is kept, as demangleRust does.
const HASH_SUFFIX = /::h[0-9a-f]{16}(?:\.llvm\.[0-9A-F@]*)?(?=$|\.)/;

/** Best-effort display name: demangleRust(s) ?? stripRustHash(s). */
export function displaySymbolName(symbol: string): string {
  let name = displayNames.get(symbol);
  if (name === undefined) {
    name = demangleRust(symbol) ?? decodeUnicodeEscapes(stripRustHash(symbol));
    if (displayNames.size >= DISPLAY_NAMES_BOUND) displayNames.clear();
    displayNames.set(symbol, name);
  }
  return name;
}

/**
 * Display names by symbol. A report asks for the same few names again and again (a function's every sampled
 * address, every inline chain through it: 6,085 asks for 738 names on an 8.5k-sample recording) and a call into
 * the library costs ~10 µs; remembered, that is 40 ms less of a 0.5 s report. Cleared when full: a long-lived
 * process (the engine worker) keeps no more than this.
 */
const displayNames = new Map<string, string>();
const DISPLAY_NAMES_BOUND = 100_000;

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
