// Benchmarks of the profile language server, run as editors run it
// (`rust-flamegraph lsp --stdio`, driven over stdio):
//  - lenses of a 5,000-line file with 400 functions, from didOpen to the
//    codeLens answer (target <= 50 ms), with the parser loaded and cargo
//    metadata read (as after the first file of a session): for a file of the
//    profile as it is on disk (parsed by the server in the background when the
//    profile arrived), for an edited buffer of one of the hottest files
//    (parsed incrementally from the server's tree of it), and for a file the
//    server never parsed (a full parse on open);
//  - peak RSS of the server holding a profile of 200k call paths (target < 300 MB).
import * as path from 'node:path';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './util';
import { StdioClient } from '../test/helpers/lspClient';
import { ProfileBuilder } from '../src/model/builder';
import { SymbolicFrame } from '../src/core/symbols/symbolizer';
import { ProfileMeta } from '../src/model/profileTypes';
import { parseRustFunctions } from '../src/server/rustSpans';

const FNS = 400;
/** How many of the hottest files' trees the server keeps (TREES_KEPT in src/server/server.ts). */
const HOT_TREES = 4;
const LINES_PER_FN = 11;

function bigFile(seed: number): string {
  let text = '';
  for (let i = 0; i < FNS; i++) {
    text += `/// function ${i} of file ${seed}\n#[inline(never)]\nfn f${i}(x: u64) -> u64 {\n`;
    for (let j = 0; j < LINES_PER_FN - 4; j++) text += `    let v${j} = x.wrapping_mul(${j + seed}).rotate_left(${j}); // { not a brace\n`;
    text += `    x\n}\n\n`;
  }
  return text;
}
// Each function is LINES_PER_FN + 2 lines (doc comment, attribute, fn, body, tail, closing brace, blank).
const fnLine = (i: number) => i * (LINES_PER_FN + 2) + 5; // 1-based, a body line of f{i}

const meta = (root: string): ProfileMeta => ({
  event: 'cpu-clock',
  frequency: 997,
  callGraph: null,
  command: null,
  workspaceRoot: root,
  createdAt: new Date().toISOString(),
  warnings: [],
});

function startServer(cwd: string) {
  const child = spawn(process.execPath, [path.join(repoRoot(), 'dist', 'cli.js'), 'lsp', '--stdio'], { cwd });
  return { child, client: new StdioClient(child) };
}

async function initialize(client: StdioClient, root: string): Promise<void> {
  await client.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    capabilities: {},
    initializationOptions: { lens: { threshold: 0 } },
  });
  client.notify('initialized', {});
}

async function stop(s: ReturnType<typeof startServer>): Promise<void> {
  await s.client.request('shutdown', null).catch(() => undefined);
  s.client.notify('exit', null);
  await new Promise((r) => setTimeout(r, 100));
  s.child.kill();
}

export async function benchLensLatency(): Promise<{
  lines: number;
  fns: number;
  lenses: number;
  coldMs: number;
  medianMs: number;
  maxMs: number;
  editedMedianMs: number;
  unparsedMedianMs: number;
  runs: number;
  parseMs: number;
}> {
  const root = mkdtempSync(path.join(tmpdir(), 'rf-bench-lens-'));
  mkdirSync(path.join(root, 'src'));
  writeFileSync(path.join(root, 'Cargo.toml'), '[package]\nname = "bench"\nversion = "0.1.0"\nedition = "2021"\n\n[workspace]\n');
  writeFileSync(path.join(root, 'src', 'main.rs'), 'fn main() {\n    println!("hi");\n}\n');
  const runs = 7;
  const b = new ProfileBuilder({ workspaceRoot: root, mainBinary: null });
  const files: string[] = [];
  // Files 0..runs exist when the profile arrives; the next `runs` appear only later, so the
  // server has no parse of them from disk: they measure a full parse on open.
  for (let k = 0; k < 2 * runs + 1; k++) {
    const file = path.join(root, 'src', `big${k}.rs`);
    if (k <= runs) writeFileSync(file, bigFile(k));
    files.push(file);
    const fr = (i: number): SymbolicFrame => ({ name: `bench::big${k}::f${i}`, file, line: fnLine(i), inlined: false, dso: null });
    // Hotter files first (big0 the hottest): the server keeps the parse trees of the hottest few.
    for (let i = 0; i < FNS; i++) b.addStack('bench', [fr(0), fr(i), fr((i * 7) % FNS)], (1 + (i % 5)) * (2 * runs + 1 - k));
  }
  const out = path.join(root, 'target', 'rust-flamegraph', 'profiles', 'bin-bench');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'profile.json'), JSON.stringify(b.build(meta(root))));

  const s = startServer(root);
  try {
    await initialize(s.client, root);
    const open = async (file: string, edit = 0) => {
      // An edited buffer (differs from disk) is parsed again, incrementally from the server's parse of the file on disk.
      const uri = pathToFileURL(file).href + (edit ? `?edit${edit}` : '');
      const text = readFileSync(file, 'utf8') + (edit ? `// edit ${edit}\n` : '');
      const version = 1;
      const started = process.hrtime.bigint();
      s.client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'rust', version, text } });
      const lenses = await s.client.request<unknown[]>('textDocument/codeLens', { textDocument: { uri } });
      return { ms: Number(process.hrtime.bigint() - started) / 1e6, lenses: lenses.length, lines: text.split('\n').length };
    };
    // The first big file of a fresh server pays for loading tree-sitter, the profile and cargo metadata.
    const cold = await open(files[0]);
    // A user opens files a moment after the profile arrived: the server has parsed its files by then.
    await new Promise((r) => setTimeout(r, 3000));
    const times: number[] = [];
    const editedTimes: number[] = [];
    let last = cold;
    for (let k = 1; k <= runs; k++) {
      last = await open(files[k]);
      times.push(last.ms);
      if (last.lenses < FNS) throw new Error(`expected ${FNS} 🔥 lenses, got ${last.lenses}`);
    }
    // Edits of the hottest files (the ones a user works on): the server keeps their trees.
    for (let k = 0; k < runs; k++) {
      const e = await open(files[k % HOT_TREES], 1 + Math.floor(k / HOT_TREES));
      editedTimes.push(e.ms);
    }
    const unparsedTimes: number[] = [];
    for (let k = runs + 1; k <= 2 * runs; k++) {
      writeFileSync(files[k], bigFile(k));
      const u = await open(files[k]);
      if (u.lenses < FNS) throw new Error(`expected ${FNS} 🔥 lenses, got ${u.lenses}`);
      unparsedTimes.push(u.ms);
    }
    times.sort((a, c) => a - c);
    editedTimes.sort((a, c) => a - c);
    unparsedTimes.sort((a, c) => a - c);
    // The share of tree-sitter itself: the same parse in this process (median of as many runs).
    const parses: number[] = [];
    for (let k = 1; k <= runs; k++) {
      const text = readFileSync(files[k], 'utf8');
      const started = process.hrtime.bigint();
      await parseRustFunctions(text);
      parses.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    parses.sort((a, c) => a - c);
    const median = (xs: number[]) => xs[Math.floor(xs.length / 2)];
    return {
      lines: last.lines,
      fns: FNS,
      lenses: last.lenses,
      coldMs: cold.ms,
      medianMs: median(times),
      maxMs: times[times.length - 1],
      editedMedianMs: median(editedTimes),
      unparsedMedianMs: median(unparsedTimes),
      runs,
      parseMs: median(parses),
    };
  } finally {
    await stop(s);
    rmSync(root, { recursive: true, force: true });
  }
}

/** Deterministic pseudo-random numbers (xorshift32). */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

export async function benchServerMemory(): Promise<{ callPaths: number; profileMb: number; peakRssMb: number; lenses: number }> {
  const root = mkdtempSync(path.join(tmpdir(), 'rf-bench-lensmem-'));
  mkdirSync(path.join(root, 'src'));
  const fileCount = 100;
  const files = Array.from({ length: fileCount }, (_, k) => path.join(root, 'src', `m${k}.rs`));
  files.forEach((f, k) => writeFileSync(f, bigFile(k)));
  const b = new ProfileBuilder({ workspaceRoot: root, mainBinary: null });
  const random = rng(42);
  const frame = (id: number): SymbolicFrame => {
    const k = id % fileCount;
    const i = Math.floor(id / fileCount) % FNS;
    return { name: `bench::m${k}::f${i}`, file: files[k], line: fnLine(i) + (id % 3), inlined: id % 11 === 0, dso: null };
  };
  const t = (b as unknown as { tree: { parent: number[] } }).tree;
  // Random walks down a shared tree: a fixed prefix per thread, then random frames.
  while (t.parent.length < 200_000) {
    const depth = 5 + Math.floor(random() * 30);
    const stack: SymbolicFrame[] = [];
    for (let d = 0; d < depth; d++) stack.push(frame(d < 3 ? d : Math.floor(random() * 4000)));
    b.addStack(`thread-${Math.floor(random() * 4)}`, stack, 1 + Math.floor(random() * 20));
  }
  const profile = b.build(meta(root));
  const profileJson = path.join(root, 'profile.json');
  const text = JSON.stringify(profile);
  writeFileSync(profileJson, text);

  const s = startServer(root);
  try {
    await initialize(s.client, root);
    s.client.notify('rustFlamegraph/profileChanged', { profileJson });
    const uri = pathToFileURL(files[0]).href;
    s.client.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'rust', version: 1, text: readFileSync(files[0], 'utf8') },
    });
    let lenses: unknown[] = [];
    for (let i = 0; i < 200 && lenses.length === 0; i++) {
      lenses = await s.client.request<unknown[]>('textDocument/codeLens', { textDocument: { uri } });
      if (lenses.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
    await s.client.request('rustFlamegraph/lineHeat', { uri });
    await s.client.request('textDocument/hover', { textDocument: { uri }, position: { line: fnLine(1) - 1, character: 4 } });
    // The server parses the profile's files in the background: wait until it is idle (no CPU for 2 s).
    const cpu = () =>
      readFileSync(`/proc/${s.child.pid}/stat`, 'utf8')
        .split(') ')[1]
        .split(' ')
        .slice(11, 13)
        .reduce((a, b) => a + Number(b), 0);
    for (let last = -1, quiet = 0, i = 0; quiet < 2 && i < 120; i++) {
      const now = cpu();
      quiet = now === last ? quiet + 1 : 0;
      last = now;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const status = readFileSync(`/proc/${s.child.pid}/status`, 'utf8');
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
    return {
      callPaths: profile.tree.parent.length,
      profileMb: text.length / 1e6,
      peakRssMb: hwm ? Number(hwm[1]) / 1024 : NaN,
      lenses: lenses.length,
    };
  } finally {
    await stop(s);
    rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void (async () => {
    const l = await benchLensLatency();
    console.log(JSON.stringify(l));
    console.log(JSON.stringify(await benchServerMemory()));
  })();
}
