// Short function names for frames and rows (the full name stays for tooltips).
//
// The rule, in three steps:
//   1. generic arguments go: `<…>` right after a name or `::` (`Vec<T>`,
//      `sum::<u32>`, `Fn<(), Output = i32>`); a `<` that opens a path segment
//      (`<T as Trait>::f`, `<impl Iterator for Range<A>>::next`, `<u64>::f`) is
//      kept, since it says whose method this is;
//   2. inside those `<…>` segments every path keeps its last segment
//      (`<alloc::vec::Vec<T> as core::ops::Drop>` → `<Vec as Drop>`);
//   3. the whole name keeps its last 2 path segments, a `<…>` segment counting
//      as one, or 3 when the third from the end is a `<…>` segment (the type
//      the method belongs to): `seed_demo::geometry::World::step` → `World::step`,
//      `<std::sys::thread::unix::Thread>::new::thread_start` → `<Thread>::new::thread_start`,
//      `core::iter::range::<impl Iterator for Range<A>>::next` → `<impl Iterator for Range>::next`.
// Closures and shims stay (`main::{{closure}}`, `{closure#0}`, `call_once{{vtable.shim}}`).

/** Removes generic arguments (step 1), skipping `->` inside them. */
function dropGenerics(name: string): string {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c === '<' && isGenericOpen(name, i)) {
      let depth = 0;
      let j = i;
      for (; j < name.length; j++) {
        if (name[j] === '<') depth++;
        else if (name[j] === '>' && name[j - 1] !== '-' && --depth === 0) break;
      }
      if (out.endsWith('::')) out = out.slice(0, -2);
      i = j; // past the matching '>' (or the end of an unbalanced name)
      continue;
    }
    out += c;
  }
  return out;
}

/** A `<` opens generic arguments when it follows a name (`Vec<`) or `::` not followed by a qualified segment (`::<u32>`, not `::<impl `). */
function isGenericOpen(s: string, i: number): boolean {
  const before = s[i - 1] ?? '';
  if (/[A-Za-z0-9_]/.test(before)) return true;
  if (before === ':' && s[i - 2] === ':') return !s.startsWith('impl ', i + 1);
  return false;
}

/** Splits at `::` outside `<…>`, `(…)` and `[…]`. */
function topSegments(name: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c === '<' || c === '(' || c === '[') depth++;
    else if ((c === '>' && name[i - 1] !== '-') || c === ')' || c === ']') depth = Math.max(0, depth - 1);
    else if (c === ':' && name[i + 1] === ':' && depth === 0 && name[i + 2] !== '{') {
      parts.push(name.slice(from, i));
      from = i + 2;
      i++;
    }
  }
  parts.push(name.slice(from));
  return parts;
}

/** The short form of a demangled Rust name (see the rule above); names without paths come back as they are. */
export function shortName(full: string): string {
  const segments = topSegments(dropGenerics(full)).map((seg) =>
    seg.startsWith('<') ? seg.replace(/\b(?:[A-Za-z_][A-Za-z0-9_]*::)+(?=[A-Za-z_<{])/g, '') : seg,
  );
  // A `<…>` segment near the end names the type the rest belongs to: keep from it (`<Thread>::new::thread_start`).
  let from = segments.length - 2;
  for (let i = segments.length - 1; i >= 0 && i >= segments.length - 3; i--) if (segments[i].startsWith('<')) from = Math.min(from, i);
  return segments.slice(Math.max(0, from)).join('::');
}

/**
 * `name` in at most `maxChars` characters, cut in the middle with `…` so the
 * start and the method name (the part after the last `::`) both stay; when the
 * method alone leaves no room for a start, the first and last halves stay.
 */
export function cutMiddle(name: string, maxChars: number): string {
  if (name.length <= maxChars) return name;
  if (maxChars <= 1) return '…'.slice(0, Math.max(0, maxChars));
  const segments = topSegments(name);
  const last = segments.length > 1 ? '::' + segments[segments.length - 1] : '';
  // Keep the method whole when a useful start (a few characters) still fits before it.
  if (last && last.length + 4 <= maxChars) return name.slice(0, maxChars - 1 - last.length) + '…' + last;
  const tail = Math.ceil((maxChars - 1) / 2);
  return name.slice(0, maxChars - 1 - tail) + '…' + name.slice(name.length - tail);
}
