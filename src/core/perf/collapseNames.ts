// How stackcollapse-perf.pl turns one call-chain line into frame names, with
// its default options (tidy_generic and tidy_java on; no --inline, --kernel,
// --jit, --srcline). Each step names the perl it stands for.
//
// This runs once per call-chain line, the hottest path of the folder: names
// that need no tidying (most) are told by one regex test and kept as they are.

import { FrameText } from './scriptLines';

/** What the names of a line depend on besides the line itself. */
export interface NamesContext {
  /** `$pname =~ m/^java/`: Java signatures are condensed in Java processes. */
  java: boolean;
  /** --addrs: `[unknown]` becomes `[dso <addr>]`. */
  addrs: boolean;
}

/**
 * `raw` is perl's $rawfunc: what /^\s*(\w+)\s*(.+) \((\S*)\)/ captured as
 * (.+), its +0x offset already stripped.
 * Appends the names of one line to `leafFirst` in REVERSE order, so that the
 * whole array read backwards is perl's @stack (root first).
 * Perl: `for (split /\->/, $rawfunc)` … `unshift @stack, @inline`.
 */
export function appendFrameNames(raw: string, f: FrameText, ctx: NamesContext, leafFirst: string[]): void {
  // next if $rawfunc =~ /^\(/;  # skip process names
  if (raw.charCodeAt(0) === 0x28) return;
  if (!NEEDS_TIDY.test(raw) && !(ctx.java && raw.charCodeAt(0) === 0x4c /* L */) && raw !== '[unknown]') {
    // Most names: nothing to tidy.
    leafFirst.push(raw);
    return;
  }
  if (raw.indexOf('->') < 0) {
    leafFirst.push(tidy(raw, f, ctx));
    return;
  }
  // Perl's split keeps leading empty fields and drops trailing ones.
  const parts = raw.split('->');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  for (let k = parts.length - 1; k >= 0; k--) {
    const name = tidy(parts[k], f, ctx);
    // $func .= "_[i]" if scalar(@inline) > 0;  # inlined
    leafFirst.push(k > 0 ? name + '_[i]' : name);
  }
}

function tidy(func: string, frame: FrameText, ctx: NamesContext): string {
  let f = func;
  if (f === '[unknown]') {
    // use module name instead, if known: $func = $mod; $func =~ s/.*\///;
    const mod = frame.dso;
    const name = mod !== '[unknown]' ? mod.slice(mod.lastIndexOf('/') + 1) : 'unknown';
    f = ctx.addrs ? `[${name} <${frame.addr}>]` : `[${name}]`;
  }

  // tidy_generic: $func =~ s/;/:/g;
  if (f.indexOf(';') >= 0) f = f.replaceAll(';', ':');
  // if ($func !~ m/\.\(.*\)\./) { $func =~ s/\((?!anonymous namespace\)).*//; }
  // Go method names such as "net/http.(*Client).Do" keep their parentheses.
  if (!looksLikeGoMethod(f)) {
    let p = f.indexOf('(');
    while (p >= 0 && f.startsWith('anonymous namespace)', p + 1)) p = f.indexOf('(', p + 1);
    if (p >= 0) f = f.slice(0, p);
  }
  // $func =~ tr/"\'//d;
  if (f.indexOf('"') >= 0 || f.indexOf("'") >= 0) f = f.replace(/["']/g, '');

  // tidy_java: $func =~ s/^L// if $func =~ m:/:;
  if (ctx.java && f.charCodeAt(0) === 0x4c /* L */ && f.indexOf('/') >= 0) f = f.slice(1);
  return f;
}

/** What tidy_generic or the split on "->" would change; one regex is faster than a search per rule. */
const NEEDS_TIDY = /[;("']|->/;

/** m/\.\(.*\)\./ */
function looksLikeGoMethod(f: string): boolean {
  const p = f.indexOf('.(');
  return p >= 0 && f.indexOf(').', p + 2) >= 0;
}
