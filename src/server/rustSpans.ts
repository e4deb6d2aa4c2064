// Rust functions of one source text, found by tree-sitter-rust (WebAssembly,
// through web-tree-sitter): their line spans, names, module paths and test
// attributes. A real parser, because braces in strings, raw strings, macro
// bodies, closures and nested items defeat any regular expression. Only the
// nesting of the captured ranges is written here; rust-analyzer's document
// symbols would need rust-analyzer running, which the CLI and the language
// server of an opened profile cannot count on.
//
// What counts as a function is a `function_item`: free functions, methods in
// impl and trait blocks (default bodies), functions nested in blocks or
// modules. Closures are expressions, not functions: their lines belong to the
// enclosing function. Items written inside macro invocations and
// `macro_rules!` bodies are token trees to the parser and are left out, as
// no source line of them is a line of a real function here.

import * as path from 'node:path';
import { existsSync } from 'node:fs';
import type * as WebTreeSitter from 'web-tree-sitter';
import type { Parser, Node as SyntaxNode } from 'web-tree-sitter';

// require(), not import: bundled, an import would pick web-tree-sitter's ES
// module build, whose import.meta.url does not survive a CommonJS bundle.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const treeSitter = require('web-tree-sitter') as typeof WebTreeSitter;

export interface RustFn {
  /** The function's identifier, e.g. `process_data`. */
  name: string;
  /** Inline `mod` names around it, outermost first (not the file's own module path). */
  modules: string[];
  /** The type of the enclosing impl block (`Foo` for `impl Trait for Foo<T>`), or null. */
  implType: string | null;
  /** 0-based first line of the item (its `fn` line, after attributes and doc comments). */
  startLine: number;
  /** 0-based last line of the item. */
  endLine: number;
  /** 0-based line of its first outer attribute (or the item line): where its lenses go. */
  lensLine: number;
  /** Marked #[test] (or a `…::test` attribute such as #[tokio::test]). */
  isTest: boolean;
  isBench: boolean;
  /** Number of functions around it (0 for top-level or impl methods). */
  depth: number;
}

let parserPromise: Promise<{ parser: Parser; fnQuery: WebTreeSitter.Query }> | undefined;

/** Where the .wasm files are: beside the bundle (dist/), else in node_modules (tests run from out/). */
export function wasmFile(name: 'tree-sitter.wasm' | 'tree-sitter-rust.wasm'): string {
  const candidates = [path.join(__dirname, name)];
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    candidates.push(path.join(dir, 'dist', name));
    candidates.push(path.join(dir, 'node_modules', name === 'tree-sitter.wasm' ? 'web-tree-sitter' : 'tree-sitter-rust', name));
    dir = path.dirname(dir);
  }
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`${name} is missing (looked in ${candidates.slice(0, 3).join(', ')}, …): rebuild with npm run build.`);
  return found;
}

/** One parser for the process: loading the grammar takes ~20 ms, parsing a 5,000-line file a few tens of ms. */
export function rustParser(): Promise<{ parser: Parser; fnQuery: WebTreeSitter.Query }> {
  parserPromise ??= (async () => {
    await treeSitter.Parser.init({ locateFile: () => wasmFile('tree-sitter.wasm') });
    const rust = await treeSitter.Language.load(wasmFile('tree-sitter-rust.wasm'));
    const parser = new treeSitter.Parser();
    parser.setLanguage(rust);
    // A query runs inside the WebAssembly module: far cheaper than walking every node from JS.
    const fnQuery = new treeSitter.Query(rust, QUERY);
    return { parser, fnQuery };
  })();
  return parserPromise;
}

// One query, run inside the WebAssembly module, captures everything needed;
// nesting is then worked out from the captured ranges in JS. (Walking the
// tree node by node from JS costs a boundary crossing per node: 5x slower.)
const QUERY = `
(function_item name: (identifier) @fn.name) @fn
(mod_item name: (identifier) @mod.name body: (declaration_list) @mod.body)
(impl_item type: (_) @impl.type body: (declaration_list) @impl.body)
(attribute_item) @attr
`;

interface Span {
  kind: 'fn' | 'mod' | 'impl';
  start: number;
  end: number;
  name: string;
  fn?: RustFn;
}

export async function parseRustFunctions(text: string): Promise<RustFn[]> {
  const { fns, tree } = await parseRust(text);
  tree.delete();
  return fns;
}

/** A parse to start the next one from: the text it was made of, and its tree (left untouched). */
export interface PreviousParse {
  text: string;
  tree: WebTreeSitter.Tree;
}

/**
 * Parses `text`, incrementally when a previous parse of a similar text is
 * given (an edited buffer, a new version of a document): tree-sitter then
 * reuses every subtree outside the changed region. The caller owns the
 * returned tree and deletes it.
 */
export async function parseRust(text: string, previous?: PreviousParse): Promise<{ fns: RustFn[]; tree: WebTreeSitter.Tree }> {
  // Copied before any await: the owner of `previous` may delete its tree meanwhile.
  let old: WebTreeSitter.Tree | null = null;
  if (previous) {
    old = previous.tree.copy();
    old.edit(editBetween(previous.text, text));
  }
  const { parser, fnQuery } = await rustParser();
  const tree = parser.parse(text, old);
  old?.delete();
  if (!tree) throw new Error('tree-sitter returned no tree');
  try {
    return { fns: collectFunctions(itemCaptures(tree.rootNode, fnQuery, text), text), tree };
  } catch (e) {
    tree.delete();
    throw e;
  }
}

/** The one edit that turns `before` into `after`: everything between their common prefix and suffix. */
export function editBetween(before: string, after: string): WebTreeSitter.Edit {
  const max = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  const oldEnd = before.length - suffix;
  const newEnd = after.length - suffix;
  return {
    startIndex: prefix,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition: pointAt(before, prefix),
    oldEndPosition: pointAt(before, oldEnd),
    newEndPosition: pointAt(after, newEnd),
  };
}

/** Row and column (in UTF-16 code units, as web-tree-sitter counts) of an index. */
function pointAt(text: string, index: number): WebTreeSitter.Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: index - lineStart };
}

type Capture = { name: string; node: SyntaxNode };

/**
 * The query's captures, cheaper: item containers (the file, modules, impls,
 * traits) are walked directly, as they hold few nodes; the query runs only
 * inside function bodies that contain the `fn` keyword, the one place where
 * a nested function can hide among thousands of expression nodes.
 */
function itemCaptures(root: SyntaxNode, query: WebTreeSitter.Query, text: string): Capture[] {
  const out: Capture[] = [];
  const containers: SyntaxNode[] = [root];
  while (containers.length > 0) {
    const container = containers.pop()!;
    for (const item of container.namedChildren) {
      if (!item) continue;
      switch (item.type) {
        case 'attribute_item':
          out.push({ name: 'attr', node: item });
          break;
        case 'function_item': {
          const name = item.childForFieldName('name');
          const body = item.childForFieldName('body');
          if (!name) break;
          out.push({ name: 'fn', node: item }, { name: 'fn.name', node: name });
          if (body && NESTED_FN.test(text.slice(body.startIndex, body.endIndex))) out.push(...query.captures(body));
          break;
        }
        case 'mod_item':
        case 'impl_item':
        case 'trait_item': {
          const body = item.childForFieldName('body');
          if (!body) break;
          if (item.type === 'mod_item') {
            const name = item.childForFieldName('name');
            if (name) out.push({ name: 'mod.name', node: name }, { name: 'mod.body', node: body });
          } else if (item.type === 'impl_item') {
            const type = item.childForFieldName('type');
            if (type) out.push({ name: 'impl.type', node: type }, { name: 'impl.body', node: body });
          }
          containers.push(body);
          break;
        }
      }
    }
  }
  return out;
}

const NESTED_FN = /\bfn\s+[\p{L}_]/u;

function collectFunctions(captures: Capture[], text: string): RustFn[] {
  // Containers in document order (a container's capture comes before its name/body captures).
  const spans: Span[] = [];
  const attrs: { start: number; end: number; startRow: number }[] = [];
  let pending: Span | null = null;
  for (const c of captures) {
    const n = c.node;
    switch (c.name) {
      case 'fn': {
        const fn: RustFn = {
          name: '',
          modules: [],
          implType: null,
          startLine: n.startPosition.row,
          endLine: n.endPosition.row,
          lensLine: n.startPosition.row,
          isTest: false,
          isBench: false,
          depth: 0,
        };
        spans.push((pending = { kind: 'fn', start: n.startIndex, end: n.endIndex, name: '', fn }));
        break;
      }
      case 'fn.name':
        if (pending?.kind === 'fn') pending.name = pending.fn!.name = text.slice(n.startIndex, n.endIndex);
        break;
      case 'mod.name':
        spans.push((pending = { kind: 'mod', start: -1, end: -1, name: text.slice(n.startIndex, n.endIndex) }));
        break;
      case 'impl.type':
        spans.push((pending = { kind: 'impl', start: -1, end: -1, name: typeName(n) ?? '' }));
        break;
      case 'mod.body':
      case 'impl.body':
        if (pending && pending.kind !== 'fn') {
          pending.start = n.startIndex;
          pending.end = n.endIndex;
        }
        break;
      case 'attr':
        attrs.push({ start: n.startIndex, end: n.endIndex, startRow: n.startPosition.row });
        break;
    }
  }
  const sorted = spans.filter((sp) => sp.start >= 0).sort((a, b) => a.start - b.start || b.end - a.end);
  // Sweep with a stack of the containers that are open at each point.
  const open: Span[] = [];
  const out: RustFn[] = [];
  for (const sp of sorted) {
    while (open.length && open[open.length - 1].end <= sp.start) open.pop();
    if (sp.fn && sp.fn.name) {
      const fn = sp.fn;
      for (const o of open) {
        if (o.kind === 'fn') fn.depth++;
        else if (o.kind === 'mod') fn.modules.push(o.name);
      }
      const inner = open[open.length - 1];
      fn.implType = inner?.kind === 'impl' ? inner.name : null;
      out.push(fn);
    }
    open.push(sp);
  }
  attrs.sort((a, b) => a.start - b.start);
  attachAttributes(out, sorted, attrs, text);
  out.sort((a, b) => a.startLine - b.startLine || a.depth - b.depth);
  return out;
}

const BETWEEN_ATTRIBUTES = /^(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*$/;
const TEST_ATTR = /^#\[\s*(?:[\w]+\s*::\s*)*test\s*\]$/;
const BENCH_ATTR = /^#\[\s*bench\s*\]$/;

/** Outer attributes: the attribute items right before a fn, with only blanks and comments between. */
function attachAttributes(fns: RustFn[], spans: Span[], attrs: { start: number; end: number; startRow: number }[], text: string): void {
  const fnStart = new Map<RustFn, number>();
  for (const sp of spans) if (sp.fn) fnStart.set(sp.fn, sp.start);
  for (const fn of fns) {
    let next = fnStart.get(fn)!;
    // Attributes are sorted by position: binary search for the last one ending before the fn.
    let lo = 0;
    let hi = attrs.length - 1;
    let k = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (attrs[mid].end <= next) {
        k = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    for (; k >= 0; k--) {
      const a = attrs[k];
      if (!BETWEEN_ATTRIBUTES.test(text.slice(a.end, next))) break;
      const attrText = text.slice(a.start, a.end);
      if (TEST_ATTR.test(attrText)) fn.isTest = true;
      if (BENCH_ATTR.test(attrText)) fn.isBench = true;
      fn.lensLine = a.startRow;
      next = a.start;
    }
  }
}

function typeName(node: SyntaxNode | null): string | null {
  if (!node) return null;
  if (node.type === 'generic_type') return typeName(node.childForFieldName('type'));
  if (node.type === 'reference_type') return typeName(node.childForFieldName('type'));
  return node.text;
}

/**
 * For each 0-based line, the index (into `fns`) of the innermost function
 * whose span holds it, or -1. Outer functions are painted first, inner ones
 * over them.
 */
export function innermostFnByLine(fns: readonly RustFn[], lineCount: number): Int32Array {
  const map = new Int32Array(Math.max(lineCount, 1)).fill(-1);
  const order = fns.map((_, i) => i).sort((a, b) => fns[a].depth - fns[b].depth || fns[a].startLine - fns[b].startLine);
  for (const i of order) {
    const f = fns[i];
    const end = Math.min(f.endLine, map.length - 1);
    for (let l = f.startLine; l <= end; l++) map[l] = i;
  }
  return map;
}
