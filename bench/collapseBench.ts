// How fast collapsePerfScript folds a big `perf script` text: about 40 MB of
// Rust-like samples (deep std/tokio-style stacks, long generic symbols, real
// dso paths, some kernel and [unknown] frames) with about 200k distinct call
// paths, generated in memory from a fixed seed and fed in 64 KB chunks.
// Nearly every sample is a stack of its own: the most keys, and the longest,
// for the folding map. The time includes sorting and joining the output.
// Target: 80 MB/s or more. Run: node out/bench/collapseBench.js

import { Readable } from 'node:stream';
import { collapsePerfScript } from '../src/core/perf/collapse';
import { rng } from './util';

const TARGET_BYTES = 40 * 1024 * 1024;
const CHUNK = 64 * 1024;

const BIN = '/home/dev/projects/rust-service/target/release/rust-service';
const LIBC = '/usr/lib/x86_64-linux-gnu/libc.so.6';

interface Fn {
  name: string;
  dso: string;
  base: number;
}

function makeFunctions(random: () => number, count: number): Fn[] {
  const crates = ['rust_service', 'tokio', 'hyper', 'serde_json', 'regex_automata', 'alloc', 'core', 'std', 'hashbrown', 'bytes'];
  const mods = ['runtime', 'task', 'raw', 'codec', 'de', 'ser', 'map', 'vec', 'iter', 'io', 'net', 'sync', 'meta', 'util'];
  const types = [
    'Harness<T,S>',
    'Core<T,S>',
    'Parser',
    'Deserializer<R>',
    'HashMap<K,V,S>',
    'Vec<T,A>',
    'BytesMut',
    'Regex',
    'Cell',
    'Inner',
  ];
  const verbs = [
    'poll',
    'run',
    'parse_value',
    'deserialize_map',
    'insert',
    'reserve_rehash',
    'extend_trusted',
    'find',
    'drop_slow',
    'write_all',
    'next',
    'fold',
  ];
  const pick = <T>(a: T[]) => a[Math.floor(random() * a.length)];
  const fns: Fn[] = [];
  for (let i = 0; i < count; i++) {
    const r = random();
    let name: string;
    if (r < 0.2) name = `<${pick(crates)}::${pick(mods)}::${pick(types)} as core::ops::drop::Drop>::drop`;
    else if (r < 0.35) name = `${pick(crates)}::${pick(mods)}::${pick(verbs)}::{{closure}}`;
    else if (r < 0.45) name = `core::ptr::drop_in_place<${pick(crates)}::${pick(mods)}::${pick(types)}>`;
    else name = `${pick(crates)}::${pick(mods)}::${pick(types)}::${pick(verbs)}`;
    name += `_${i.toString(36)}`; // distinct functions, like real monomorphized copies
    fns.push({ name, dso: random() < 0.9 ? BIN : LIBC, base: 0x10000 + Math.floor(random() * 0x400000) });
  }
  return fns;
}

const ROOT = [
  `             130b0 _start+0x20 (${BIN})`,
  `             27249 __libc_start_call_main+0x79 (${LIBC})`,
  `             137eb main+0x2b (${BIN})`,
  `             38df3 std::rt::lang_start_internal+0x4c3 (${BIN})`,
  `             13188 std::rt::lang_start::{{closure}}+0x8 (${BIN})`,
  `             13192 std::sys::backtrace::__rust_begin_short_backtrace+0x2 (${BIN})`,
  `             1370b rust_service::main+0x3eb (${BIN})`,
];

const KERNEL = [
  '\tffffffff8162161c __alloc_frozen_pages_noprof+0x3c ([kernel.kallsyms])',
  '\tffffffff8165add6 alloc_pages_mpol+0x86 ([kernel.kallsyms])',
  '\tffffffff815ee47e __handle_mm_fault+0xa1e ([kernel.kallsyms])',
  '\tffffffff821f51c6 exc_page_fault+0x176 ([kernel.kallsyms])',
  '\tffffffff81000c82 asm_exc_page_fault+0x22 ([kernel.kallsyms])',
];

/** The generated text, and how many distinct call paths (call-tree nodes) it holds. */
export function generatePerfScript(targetBytes = TARGET_BYTES, seed = 42): { text: Buffer; callPaths: number } {
  const random = rng(seed);
  const fns = makeFunctions(random, 30000);
  // The call tree, grown as samples walk it: (parent node, child slot) → node.
  const children = new Map<number, number>();
  const nodeFn: number[] = [0];
  // Written straight into one buffer: no 40 MB of garbage strings left for
  // the collector to find during the measurement.
  const out = Buffer.alloc(targetBytes + 256 * 1024);
  let bytes = 0;
  let t = 1000;
  const tids = [4242, 4243, 4244, 4245];
  while (bytes < targetBytes) {
    const tid = tids[Math.floor(random() * tids.length)];
    const comm = tid === 4242 ? 'rust-service' : 'tokio-runtime-w';
    t += 0.001003;
    const lines: string[] = [`${comm}  ${tid}  ${t.toFixed(6)}:    1003009 cpu-clock:ppp: `];
    // Walk down from the root: a few hot children at each level, a long tail of cold ones.
    const depth = 6 + Math.floor(random() * 22);
    const path: number[] = [];
    let node = 0;
    for (let d = 0; d < depth; d++) {
      const slot = Math.floor(40 * random() ** 3);
      const key = node * 64 + slot;
      let child = children.get(key);
      if (child === undefined) {
        child = nodeFn.length;
        nodeFn.push(Math.floor(random() * fns.length));
        children.set(key, child);
      }
      path.push(child);
      node = child;
    }
    if (random() < 0.05) lines.push(...KERNEL);
    for (let d = path.length - 1; d >= 0; d--) {
      const fn = fns[nodeFn[path[d]]];
      const off = (path[d] * 7) % 0x800;
      lines.push(`\t${(fn.base + off).toString(16).padStart(16)} ${fn.name}+0x${off.toString(16)} (${fn.dso})`);
    }
    if (random() < 0.03) lines.push('\t               0 [unknown] ([unknown])');
    for (const r of ROOT) lines.push('\t' + r);
    const block = lines.join('\n') + '\n\n';
    bytes += out.write(block, bytes, 'latin1');
  }
  return { text: out.subarray(0, bytes), callPaths: nodeFn.length - 1 };
}

/** Distinct call paths (prefixes of stacks) in folded output. */
function countCallPaths(folded: string): number {
  const ids = new Map<string, number>();
  for (const line of folded.split('\n')) {
    if (!line) continue;
    const stack = line.slice(0, line.lastIndexOf(' '));
    let node = 0;
    for (const frame of stack.split(';')) {
      const key = node + ';' + frame;
      let id = ids.get(key);
      if (id === undefined) ids.set(key, (id = ids.size + 1));
      node = id;
    }
  }
  return ids.size;
}

export async function benchCollapse(): Promise<{
  mbPerSec: number;
  bytes: number;
  distinctPaths: number;
  distinctStacks: number;
  ms: number;
}> {
  const { text } = generatePerfScript();
  const chunks: Buffer[] = [];
  for (let i = 0; i < text.length; i += CHUNK) chunks.push(text.subarray(i, i + CHUNK));
  const start = process.hrtime.bigint();
  const folded = await collapsePerfScript(Readable.from(chunks));
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return {
    mbPerSec: text.length / 1e6 / (ms / 1000),
    bytes: text.length,
    distinctPaths: countCallPaths(folded),
    distinctStacks: folded.split('\n').length - 1,
    ms,
  };
}

if (require.main === module) {
  benchCollapse().then((r) => {
    console.log(
      `collapse: ${(r.bytes / 1e6).toFixed(1)} MB in ${r.ms.toFixed(0)} ms = ${r.mbPerSec.toFixed(1)} MB/s; ` +
        `${r.distinctPaths} distinct call paths, ${r.distinctStacks} distinct stacks`,
    );
  });
}
