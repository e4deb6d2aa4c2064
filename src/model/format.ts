// How numbers, sample counts, paths and commands read, the same in the page,
// the SVG, the lenses, the hovers, the terminal and the log. Fixed formats,
// never locale-dependent, so outputs are reproducible.

/** `part` as a percentage of `whole` with `digits` decimals ("35.00%"); "0%" when there is no whole. */
export function percent(part: number, whole: number, digits = 2): string {
  if (!(whole > 0)) return '0%';
  return `${((100 * part) / whole).toFixed(digits)}%`;
}

/** 1234567 -> "1,234,567". */
export function groupDigits(n: number): string {
  const s = String(Math.round(n));
  const neg = s.startsWith('-');
  const digits = neg ? s.slice(1) : s;
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return neg ? `-${out}` : out;
}

/** "1 sample", "1,234 samples". */
export function samplesText(n: number): string {
  return `${groupDigits(n)} ${n === 1 ? 'sample' : 'samples'}`;
}

/**
 * A shorter path for display: relative to the workspace, `library/…` for the
 * Rust standard library, `<crate>-<version>/…` for registry crates.
 */
export function displayPath(file: string, workspaceRoot: string | null): string {
  if (workspaceRoot) {
    const root = workspaceRoot.endsWith('/') ? workspaceRoot : `${workspaceRoot}/`;
    if (file.startsWith(root) && file.length > root.length) return file.slice(root.length);
  }
  const rustc = /^\/rustc\/[0-9a-f]+\//.exec(file);
  if (rustc) return file.slice(rustc[0].length);
  const registry = /\/\.cargo\/registry\/src\/[^/]+\//.exec(file);
  if (registry) return file.slice(registry.index + registry[0].length);
  const git = /\/\.cargo\/git\/checkouts\//.exec(file);
  if (git) return file.slice(git.index + git[0].length);
  return file;
}

/** One argument as a POSIX shell would need it, for showing commands (`$ perf record -F 997 …`) that can be pasted. */
export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
