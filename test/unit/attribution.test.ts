// Samples of compiled functions attributed to source `fn`s: generic
// instances add up, inlined callees keep their own lens, closures count for
// the fn around them, recursion counts once, a changed file is marked stale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { ProfileBuilder } from '../../src/model/builder';
import { SymbolicFrame } from '../../src/core/symbols/symbolizer';
import { Profile, ProfileMeta } from '../../src/model/profileTypes';
import { ProfileIndex } from '../../src/server/profileIndex';
import { parseRustFunctions } from '../../src/server/rustSpans';
import { attributeFile } from '../../src/server/attribution';
import { hotFunctionLenses, profileLenses } from '../../src/server/documentLenses';
import { lineHeat, hoverMarkdown, topCallers } from '../../src/server/lineHeat';
import { targetOfFile } from '../../src/server/fileTargets';
import { DEFAULT_LENS_SETTINGS } from '../../src/protocol/lspProtocol';

const FILE = '/ws/src/main.rs';
// Lines are 1-based in the profile: see the numbers on the right.
const SOURCE = [
  'fn sum<T: Copy + Into<u64>>(xs: &[T]) -> u64 {', // 1
  '    xs.iter().map(|&x| x.into()).sum()', // 2
  '}', // 3
  '#[inline(always)]', // 4
  'fn mix(a: u64) -> u64 {', // 5
  '    a.rotate_left(5)', // 6
  '}', // 7
  'fn feed(v: &mut u64) {', // 8
  '    *v = mix(*v);', // 9
  '}', // 10
  'fn with_closure() -> u64 {', // 11
  '    let c = |x: u64| {', // 12
  '        x * 3', // 13
  '    };', // 14
  '    c(2)', // 15
  '}', // 16
  'fn rec(n: u32) -> u32 {', // 17
  '    if n == 0 { 0 } else { rec(n - 1) }', // 18
  '}', // 19
  'fn main() {', // 20
  '    sum(&[1u32]); sum(&[1u64]); feed(&mut 1); with_closure(); rec(3);', // 21
  '}', // 22
  '#[cfg(test)]', // 23
  'mod tests {', // 24
  '    #[test]', // 25
  '    fn adds() {}', // 26
  '}', // 27
].join('\n');

const fr = (name: string, line: number, inlined = false): SymbolicFrame => ({ name, file: FILE, line, inlined, dso: '/ws/target/app' });

function buildProfile(digest?: string): Profile {
  const b = new ProfileBuilder({ workspaceRoot: '/ws', mainBinary: null });
  const main = fr('app::main', 21);
  // Two instances of the generic `sum` (as v0 mangling names them), each with its own samples.
  b.addStack('app', [main, fr('app::sum::<u32>', 2)], 10);
  b.addStack('app', [main, fr('app::sum::<u64>', 2)], 30);
  // `mix` inlined into `feed`: its own frame at its own line.
  b.addStack('app', [main, fr('app::feed', 9), fr('app::mix', 6, true)], 20);
  b.addStack('app', [main, fr('app::feed', 9)], 5);
  // A closure frame at the closure's body line.
  b.addStack('app', [main, fr('app::with_closure', 15), fr('app::with_closure::{{closure}}', 13)], 15);
  // Recursion: rec on the stack three times.
  b.addStack('app', [main, fr('app::rec', 18), fr('app::rec', 18), fr('app::rec', 18)], 20);
  const meta: ProfileMeta = {
    event: 'cpu-clock',
    frequency: 997,
    callGraph: null,
    command: null,
    workspaceRoot: '/ws',
    createdAt: 'x',
    warnings: [],
  };
  const p = b.build(meta);
  if (digest) p.meta.sourceDigests = { [FILE]: digest };
  return p;
}

const sha = (t: string) => createHash('sha256').update(t).digest('hex');

async function heatOf(profile: Profile) {
  const fns = await parseRustFunctions(SOURCE);
  const index = new ProfileIndex(profile, '/ws/target/rust-flamegraph/profiles/bin-app/profile.json', 0);
  const heat = attributeFile(index, FILE, fns, SOURCE.split('\n').length);
  const by = (name: string) => heat.find((h) => fns[h.fn].name === name);
  return { fns, index, heat, by };
}

test('a generic function instantiated twice: one fn with the sum of both instances', async () => {
  const { by } = await heatOf(buildProfile());
  const sum = by('sum')!;
  assert.deepEqual([sum.self, sum.total], [40, 40]);
  assert.deepEqual(sum.names.sort(), ['app::sum::<u32>', 'app::sum::<u64>']);
});

test('an inlined function keeps its own lens; its caller counts it in total', async () => {
  const { by } = await heatOf(buildProfile());
  assert.deepEqual([by('mix')!.self, by('mix')!.total], [20, 20]);
  assert.deepEqual([by('feed')!.self, by('feed')!.total], [5, 25]);
});

test("a closure's samples go to its enclosing fn's total; recursion counts each sample once", async () => {
  const { by, heat, fns } = await heatOf(buildProfile());
  assert.deepEqual([by('with_closure')!.self, by('with_closure')!.total], [15, 15]);
  assert.ok(by('with_closure')!.names.includes('app::with_closure::{{closure}}'));
  assert.deepEqual([by('rec')!.self, by('rec')!.total], [20, 20], 'three nested rec nodes, 20 samples');
  assert.deepEqual([by('main')!.self, by('main')!.total], [0, 100]);
  assert.equal(heat.length, 6, `lenses on ${heat.map((h) => fns[h.fn].name)}`);
});

test('lens titles, threshold, reveal command and stale code', async () => {
  const { fns, index } = await heatOf(buildProfile(sha(SOURCE)));
  const doc = { file: FILE, fns, lineCount: 27, stale: false };
  const lenses = hotFunctionLenses(index, doc, DEFAULT_LENS_SETTINGS);
  const sumLens = lenses.find((l) => l.line === 0)!;
  assert.equal(sumLens.command.title, '🔥 40.0% total · 40.0% self+libs');
  assert.equal(sumLens.command.command, 'rustFlamegraph.revealFunction');
  assert.equal(sumLens.command.arguments![0], 'app::sum::<u64>', 'hottest instance first');
  assert.equal(
    lenses.find((l) => l.line === 3)!.command.title,
    '🔥 20.0% total · 20.0% self+libs',
    'mix: lens above its #[inline] attribute',
  );
  assert.equal(hotFunctionLenses(index, doc, { ...DEFAULT_LENS_SETTINGS, threshold: 30 }).length, 2, 'sum and main pass 30%');

  const stale = { ...doc, stale: true };
  assert.ok(
    hotFunctionLenses(index, stale, DEFAULT_LENS_SETTINGS).every((l) => / · ⚠ file changed since the profile$/.test(l.command.title)),
  );
  assert.deepEqual(hotFunctionLenses(index, stale, { ...DEFAULT_LENS_SETTINGS, staleCode: 'hide' }), []);
  assert.equal(index.digest(FILE), sha(SOURCE));
  assert.notEqual(index.digest(FILE), sha(SOURCE + '\n// edited'));
});

test('edited since the profile: samples attributed on the profiled spans, lenses follow each fn to its new line', async () => {
  const { fns: profiled, index } = await heatOf(buildProfile(sha(SOURCE)));
  const fresh = hotFunctionLenses(index, { file: FILE, fns: profiled, lineCount: 27, stale: false }, DEFAULT_LENS_SETTINGS);
  // Three lines inserted above everything, and `rec` deleted.
  const edited = '// one\n// two\n// three\n' + SOURCE.replace(/fn rec[\s\S]*?\n}\n/, '');
  const fns = await parseRustFunctions(edited);
  const lenses = hotFunctionLenses(
    index,
    { file: FILE, fns, lineCount: edited.split('\n').length, stale: true, profiledFns: profiled },
    DEFAULT_LENS_SETTINGS,
  );
  const recLine = profiled.find((f) => f.name === 'rec')!.lensLine;
  const expected = fresh
    .filter((l) => l.line !== recLine)
    .map((l) => [l.line < recLine ? l.line + 3 : l.line, l.command.title + ' · ⚠ file changed since the profile']);
  assert.deepEqual(
    lenses.map((l) => [l.line, l.command.title]),
    expected,
  );
  assert.equal(
    lenses.find((l) => fns.find((f) => f.name === 'mix')!.lensLine === l.line)?.command.title,
    '🔥 20.0% total · 20.0% self+libs · ⚠ file changed since the profile',
  );
});

test('line heat, callers and hover of a hot line', async () => {
  const { index } = await heatOf(buildProfile());
  const heat = lineHeat(index, FILE);
  const line2 = heat.find((h) => h.line === 1)!;
  assert.deepEqual([line2.self, line2.total, line2.ownSelf, line2.fraction], [40, 40, 40, 0.4]);
  const { callers } = topCallers(index, FILE, 18);
  assert.deepEqual(
    callers.map((c) => [c.name, c.samples]),
    [['app::main', 20]],
    'rec calling itself is no caller from outside; counted once, not 40',
  );
  // Line 12 (`let c = |x| {`) is no node's hottest line: the callers of the fn around it are given.
  assert.deepEqual(topCallers(index, FILE, 12), { callers: [], ofFunction: false }, 'without the fn span, none');
  const around = topCallers(index, FILE, 12, 5, [11, 16]);
  assert.deepEqual([around.ofFunction, around.callers.map((c) => [c.name, c.line, c.samples])], [true, [['app::main', 21, 15]]]);
  const md = hoverMarkdown(index, FILE, 1)!;
  assert.match(md, /^\*\*🔥 40\.0% self\+libs · 40\.0% total · 40\.0% self\*\* on this line/);
  // The file name as escaped Markdown text (`.` too: `www.x.com` would become a link).
  assert.match(md, /`app::main` \(main\\\.rs:21\): 40 samples/);
  assert.match(md, /Heat level 5 of 5 .*\*\*5: ≥ 40\.0%\*\*/);
  assert.equal(hoverMarkdown(index, FILE, 22), null);
  // One node of with_closure, hottest at line 15 (30 samples) but also at line 13 (10): its caller
  // counts for line 15 only up to the line's own 30, not the node's 40.
  const b = new ProfileBuilder({ workspaceRoot: '/ws', mainBinary: null });
  b.addStack('app', [fr('app::main', 21), fr('app::with_closure', 15)], 30);
  b.addStack('app', [fr('app::main', 21), fr('app::with_closure', 13)], 10);
  const two = new ProfileIndex(b.build({ ...buildProfile().meta }), 'p.json', 0);
  assert.deepEqual(
    topCallers(two, FILE, 15).callers.map((c) => [c.name, c.samples]),
    [['app::main', 30]],
  );
});

test('profile lenses: main of a binary, tests by exact name in the right harness', async () => {
  const fns = await parseRustFunctions(SOURCE);
  const t = (kind: 'bin' | 'lib' | 'test', name: string, srcPath: string) => ({
    kind,
    name,
    packageName: 'app',
    manifestPath: '/ws/Cargo.toml',
    srcPath,
  });
  const binOnly = {
    workspaceRoot: '/ws',
    targetDirectory: '/ws/target',
    targets: [t('bin', 'app', FILE), t('test', 'it', '/ws/tests/it.rs')],
    defaultRun: new Map(),
  };
  const lenses = profileLenses(targetOfFile(binOnly, FILE), fns);
  assert.deepEqual(
    lenses.map((l) => [l.line, l.command.title, l.command.command]),
    [
      [19, '▶ Profile', 'rustFlamegraph.profileTarget'],
      [24, '▶ Profile', 'rustFlamegraph.profileTarget'],
    ],
  );
  assert.deepEqual(lenses[0].command.arguments![0], { manifestPath: '/ws/Cargo.toml', package: 'app', kind: 'bin', name: 'app' });
  assert.deepEqual(lenses[1].command.arguments![0], {
    manifestPath: '/ws/Cargo.toml',
    package: 'app',
    kind: 'bin',
    name: 'app',
    exactTest: 'tests::adds',
  });
  // A module of the library: tests run in the lib harness, with the file's module path.
  const withLib = { ...binOnly, targets: [t('lib', 'app', '/ws/src/lib.rs'), ...binOnly.targets] };
  const module = targetOfFile(withLib, '/ws/src/net/mod.rs')!;
  assert.deepEqual([module.target.kind, module.modules], ['lib', ['net']]);
  const moduleLenses = profileLenses(module, fns);
  assert.deepEqual(
    moduleLenses.map((l) => l.command.arguments![0].exactTest),
    ['net::tests::adds'],
    'no main lens outside a crate root',
  );
  assert.equal(targetOfFile(withLib, '/ws/tests/it.rs')!.target.kind, 'test');
  assert.equal(targetOfFile(withLib, '/elsewhere/x.rs'), null);
});

test('a #[bench] lens runs the harness with --bench, a #[test] lens without', async () => {
  const src = ['#[test]', 'fn checks() {}', '#[bench]', 'fn bench_it(b: &mut test::Bencher) { b.iter(|| 1) }'].join('\n');
  const fns = await parseRustFunctions(src);
  const benchFile = '/ws/benches/speed.rs';
  const ws = {
    workspaceRoot: '/ws',
    targetDirectory: '/ws/target',
    targets: [{ kind: 'bench' as const, name: 'speed', packageName: 'app', manifestPath: '/ws/Cargo.toml', srcPath: benchFile }],
    defaultRun: new Map(),
  };
  const args = profileLenses(targetOfFile(ws, benchFile), fns).map((l) => l.command.arguments![0]);
  assert.deepEqual(args, [
    { manifestPath: '/ws/Cargo.toml', package: 'app', kind: 'bench', name: 'speed', exactTest: 'checks' },
    { manifestPath: '/ws/Cargo.toml', package: 'app', kind: 'bench', name: 'speed', exactTest: 'bench_it', bench: true },
  ]);
});
