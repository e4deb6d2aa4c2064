// The lenses of one Rust document: 🔥 on functions over the threshold
// (marked or hidden when the file changed since the profile), ▶ Profile on
// `fn main` of a binary and on each #[test] / #[bench].
//
// The 🔥 lens says `total` (samples with the fn on the stack) and
// `self+libs` (its own code plus the std/dependency code it runs, inlined or
// called, until that calls back into your code): plain self would say 0% for
// a loop whose work is an inlined `wrapping_mul`. Plain self is in the hover.

import { Command } from 'vscode-languageserver';
import { attributeFile } from './attribution';
import { RustFn } from './rustSpans';
import { ProfileIndex } from './profileIndex';
import { FileTarget } from './fileTargets';
import { COMMANDS, LensSettings, ProfileTargetRequest, RevealFunctionArgs } from '../protocol/lspProtocol';
import { percent } from '../model/format';

export interface PlainLens {
  /** 0-based line the lens sits above (the fn's first attribute). */
  line: number;
  /** 0-based line of the `fn` itself: the lens's range ends there. */
  fnLine: number;
  command: Command;
}

export interface DocumentFacts {
  file: string;
  fns: readonly RustFn[];
  lineCount: number;
  /** The document differs from the file the profile was made from. */
  stale: boolean;
  /**
   * When stale: the functions of the file as it was profiled (parsed from disk while it
   * still matched the profile's digest), if known. The samples are attributed on those
   * spans, and each lens moves to the same function in the edited text.
   */
  profiledFns?: readonly RustFn[];
}

export function hotFunctionLenses(index: ProfileIndex, doc: DocumentFacts, settings: LensSettings): PlainLens[] {
  if (doc.stale && settings.staleCode === 'hide') return [];
  const samples = index.samples;
  if (samples === 0) return [];
  const out: PlainLens[] = [];
  const profiled = doc.stale && doc.profiledFns ? doc.profiledFns : doc.fns;
  const lineCount = profiled === doc.fns ? doc.lineCount : Math.max(0, ...profiled.map((f) => f.endLine + 1));
  const now = profiled === doc.fns ? null : sameFunctions(profiled, doc.fns);
  for (const h of attributeFile(index, doc.file, profiled, lineCount)) {
    if ((100 * h.total) / samples < settings.threshold || h.total === 0) continue;
    const fn = now ? now[h.fn] : doc.fns[h.fn];
    if (!fn) continue; // the function is gone from the edited text
    let title = hotLensTitle(h.total, h.ownSelf, samples);
    if (doc.stale) title += ' · ⚠ file changed since the profile';
    // The fn's own frame names the flamegraph search best; instances and closures follow.
    const own = h.names.filter((n) => lastSegment(n) === fn.name);
    const names = [...own, ...h.names.filter((n) => !own.includes(n))];
    const args: RevealFunctionArgs = [names[0], names];
    out.push({ line: fn.lensLine, fnLine: fn.startLine, command: { title, command: COMMANDS.revealFunction, arguments: args } });
  }
  return out;
}

/** `🔥 72.9% total · 70.1% self+libs`: the one wording of the figures, for the lens and the hover. */
export function hotLensTitle(total: number, ownSelf: number, samples: number): string {
  return `🔥 ${percent(total, samples, 1)} total · ${percent(ownSelf, samples, 1)} self+libs`;
}

export function profileLenses(target: FileTarget | null, fns: readonly RustFn[]): PlainLens[] {
  if (!target) return [];
  const t = target.target;
  const base = { manifestPath: t.manifestPath, package: t.packageName };
  const out: PlainLens[] = [];
  for (const fn of fns) {
    let req: ProfileTargetRequest | null = null;
    if (fn.name === 'main' && target.isRoot && fn.depth === 0 && fn.modules.length === 0 && fn.implType === null && t.kind !== 'lib') {
      req = { ...base, kind: t.kind, name: t.name };
    } else if (fn.isTest || fn.isBench) {
      const exactTest = [...target.modules, ...fn.modules, fn.name].join('::');
      // Tests of examples would need `cargo test --example`: not offered.
      if (t.kind === 'lib' || t.kind === 'bin' || t.kind === 'test' || t.kind === 'bench')
        req = { ...base, kind: t.kind, name: t.name, exactTest, ...(fn.isBench ? { bench: true } : {}) };
    }
    if (req)
      out.push({
        line: fn.lensLine,
        fnLine: fn.startLine,
        command: { title: '▶ Profile', command: COMMANDS.profileTarget, arguments: [req] },
      });
  }
  return out;
}

/** `app::Type::method::<u32>` → `method`. */
function lastSegment(name: string): string {
  return (
    name
      .replace(/::<.*>$/, '')
      .split('::')
      .pop() ?? name
  );
}

/** For each function of `before`, the same function in `after` (same modules, impl, name and occurrence), if still there. */
export function sameFunctions(before: readonly RustFn[], after: readonly RustFn[]): (RustFn | undefined)[] {
  const key = (f: RustFn) => `${f.modules.join('::')}|${f.implType ?? ''}|${f.depth}|${f.name}`;
  const afterByKey = new Map<string, RustFn[]>();
  for (const f of after) {
    const list = afterByKey.get(key(f));
    if (list) list.push(f);
    else afterByKey.set(key(f), [f]);
  }
  const seen = new Map<string, number>();
  return before.map((f) => {
    const k = key(f);
    const n = seen.get(k) ?? 0;
    seen.set(k, n + 1);
    return afterByKey.get(k)?.[n];
  });
}
