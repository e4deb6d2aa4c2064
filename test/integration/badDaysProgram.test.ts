// Bad days with the program and its build: debug info removed by rustc
// flags, stacks that do not unwind, too few / no / lost samples, a program
// that fails, a build that fails, odd paths, and a symbol that is HTML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync, spawnSync } from 'node:child_process';
import { runCli } from '../helpers/repo';
import { tmpCrate, fakePerf } from '../helpers/badDays';
import { fn } from './profileFixtures';
import type { JsonSummary } from '../../src/core/export/summary';

const out = () => mkdtempSync(path.join(tmpdir(), 'rf-out-'));
const hotMain = (iterations: string, tail = '') => `
#[inline(never)]
fn hot(n: u64) -> u64 { let mut x = 1u64; for i in 0..n { x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(i)); } x }
fn main() { println!("{}", hot(${iterations})); ${tail} }
`;
async function recordOk(manifest: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const dir = out();
  const r = await runCli(['record', '--manifest-path', manifest, '--output', dir, '--json', ...extra], { env: { ...process.env, ...env } });
  assert.equal(r.code, 0, r.stderr);
  return { r, dir, summary: JSON.parse(r.stdout) as JsonSummary };
}

test('debug info: Cargo.toml strip/debug=0 is overridden by us; RUSTFLAGS -C strip=symbols and -C debuginfo=0 are named with the fix', async () => {
  const crate = tmpCrate('nodebug', hotMain('200_000_000'), {}, '\n[profile.release]\nstrip = true\ndebug = 0\n');
  const manifest = path.join(crate, 'Cargo.toml');
  const covered = await recordOk(manifest);
  assert.equal(fn(covered.summary, 'nodebug::hot').file, path.join(crate, 'src', 'main.rs'), 'the env override beats Cargo.toml');
  assert.doesNotMatch(covered.r.stderr, /without debug line tables|no symbol table/);

  const stripped = await recordOk(manifest, [], { RUSTFLAGS: '-C strip=symbols' });
  assert.match(
    stripped.r.stderr,
    /warning: .*nodebug has no symbol table \(RUSTFLAGS has `-C strip=symbols`\), so its functions show as \[unknown\]/,
  );
  assert.match(stripped.r.stderr, /remove `-C strip=…` and `-C debuginfo=0` from RUSTFLAGS/);

  const noLines = await recordOk(manifest, [], { RUSTFLAGS: '-C debuginfo=0' });
  assert.match(
    noLines.r.stderr,
    /warning: .*nodebug was built without debug line tables for its own code \(RUSTFLAGS has `-C debuginfo=0`\)/,
  );
  const hot = fn(noLines.summary, 'nodebug::hot');
  assert.equal(hot.file, null, 'no made-up file (addr2line names the codegen unit)');
});

test('stacks that do not unwind: --call-graph fp on code without frame pointers is named, with both fixes; dwarf is not', async () => {
  const crate = tmpCrate('nofp', hotMain('300_000_000'));
  const manifest = path.join(crate, 'Cargo.toml');
  const fp = await recordOk(manifest, ['--call-graph', 'fp']);
  // Measured: fp gives `main → hot` here, and nothing above main (no _start).
  assert.match(fp.r.stderr, /warning: \d+% of the samples have call stacks that stop before reaching the thread's entry point \(_start\)/);
  assert.match(fp.r.stderr, /RUSTFLAGS="-C force-frame-pointers=yes", or record with --call-graph dwarf/);
  assert.ok(fp.summary.warnings.some((w) => w.includes('could not unwind')));
  const dwarf = await recordOk(manifest);
  assert.doesNotMatch(dwarf.r.stderr, /could not unwind/);
});

test('too few samples: a program of milliseconds gets a warning suggesting --freq or a longer input', async () => {
  const crate = tmpCrate('quick', hotMain('8_000_000'));
  const r = await recordOk(path.join(crate, 'Cargo.toml'), ['--event', 'cpu-clock']);
  assert.ok(r.summary.samples > 0 && r.summary.samples < 100, `${r.summary.samples} samples`);
  assert.match(
    r.r.stderr,
    new RegExp(
      `warning: Only ${r.summary.samples} samples were recorded .*: too few to tell hot code from chance\\. Give the program a longer input, or sample more often with --freq 9973`,
    ),
  );
});

test('no samples at all: an error, exit 1, and the perf.data is kept', async () => {
  const crate = tmpCrate('instant', 'fn main() {}\n');
  const dir = out();
  // cpu-clock at 1 Hz samples after a second of CPU time: this program never gets one.
  const r = await runCli([
    'record',
    '--manifest-path',
    path.join(crate, 'Cargo.toml'),
    '--output',
    dir,
    '--event',
    'cpu-clock',
    '--freq',
    '1',
  ]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`error: The recording holds no samples \\(kept in ${dir.replace(/[/.]/g, '\\$&')}/perf\\.data\\)`));
  assert.ok(existsSync(path.join(dir, 'perf.data')));
});

test('lost samples: the count perf reports is shown (perf given a one-page buffer)', async (t) => {
  const crate = tmpCrate('lossy', hotMain('600_000_000'));
  // Real perf, with the smallest ring buffer (our own -m dropped): at 20 kHz it cannot keep up and says so.
  const perf = fakePerf(
    [
      'if [ "$1" = record ]; then',
      '  shift; skip=0',
      '  for a; do shift; if [ $skip = 1 ]; then skip=0; elif [ "$a" = -m ]; then skip=1; else set -- "$@" "$a"; fi; done',
      '  exec perf record -m 1 "$@"',
      'fi',
      'exec perf "$@"',
    ].join('\n'),
  );
  const r = await recordOk(path.join(crate, 'Cargo.toml'), ['--perf', perf, '--freq', '20000', '--call-graph', 'fp']);
  // What perf itself says when it reads the file back ("Processed 82362 events and lost 20 chunks!"; with
  // "… samples and lost 12.48%!" for lost samples). Measured here: 1-40 chunks lost each time.
  const perfSays = spawnSync('perf', ['script', '-i', path.join(r.dir, 'perf.data')], { encoding: 'utf8', maxBuffer: 1 << 30 }).stderr;
  const chunks = /Processed \d+ events and lost (\d+) chunks/.exec(perfSays);
  const percent = /Processed \d+ samples and lost ([\d.]+)%!/.exec(perfSays);
  if (!chunks && !percent) return t.skip('perf kept up this time: nothing was lost');
  const said = chunks ? `${chunks[1]} chunks of events` : `${Number(percent![1])}% of the samples`;
  assert.ok(r.r.stderr.includes(`warning: perf lost ${said}`), r.r.stderr);
  assert.ok(r.summary.warnings.some((w) => w.startsWith(`perf lost ${said}`)));
});

test('a program that exits non-zero: the profile is kept, the warning has its exit status and last stderr lines', async () => {
  const crate = tmpCrate(
    'failing',
    hotMain(
      '200_000_000',
      'eprintln!("loading settings"); eprintln!("error: settings.toml: missing key `threads`"); std::process::exit(3);',
    ),
  );
  const r = await recordOk(path.join(crate, 'Cargo.toml'));
  assert.match(
    r.r.stderr,
    /warning: failing exited with exit status 3; the profile up to that point is kept\. Its last lines on stderr:\n  loading settings\n  error: settings\.toml: missing key `threads`\n/,
  );
  assert.ok(fn(r.summary, 'failing::hot').totalSamples > 0);
  assert.ok(existsSync(path.join(r.dir, 'flamegraph.svg')));
});

test("a build that fails: cargo's errors are shown, exit 1, and perf never records", async () => {
  const crate = tmpCrate('broken', 'fn main() {\n    let n: u32 = "not a number";\n    println!("{n}");\n}\n');
  const marker = path.join(mkdtempSync(path.join(tmpdir(), 'rf-marker-')), 'perf-was-called');
  // perf may be asked what it can do before the build (`perf version --build-options`), but never to record.
  const perf = fakePerf(`[ "$1" = record ] && touch '${marker}'\nexec perf "$@"`);
  const r = await runCli(['record', '--manifest-path', path.join(crate, 'Cargo.toml'), '--output', out()], {
    env: { ...process.env, PERF: perf },
  });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /error: The build failed: cargo build exited with 101, so nothing was profiled\./);
  assert.match(r.stderr, /error\[E0308\]: mismatched types/);
  assert.match(r.stderr, /src\/main\.rs:2:18/);
  assert.equal(existsSync(marker), false, 'perf record was not run');
});

test('spaces, quotes and non-ASCII letters in the workspace path, the binary name and its arguments', async () => {
  const parent = mkdtempSync(path.join(tmpdir(), 'rf-odd-'));
  const ws = path.join(parent, `my "odd" wörk 'space' $HOME`);
  const crate = tmpCrate('oddpaths', 'fn main() {}\n');
  execFileSync('cp', ['-r', crate, ws]);
  writeFileSync(
    path.join(ws, 'Cargo.toml'),
    '[package]\nname = "oddpaths"\nversion = "0.1.0"\nedition = "2021"\n\n[[bin]]\nname = "zählwerk"\npath = "src/main.rs"\n',
  );
  writeFileSync(
    path.join(ws, 'src', 'main.rs'),
    `
#[inline(never)]
fn zähle(n: u64) -> u64 { let mut x = 1u64; for i in 0..n { x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(i)); } x }
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    eprintln!("args: {:?}", args);
    println!("{}", zähle(200_000_000));
}
`,
  );
  const dir = path.join(parent, 'out dir ü');
  const r = await runCli(
    ['record', '--manifest-path', path.join(ws, 'Cargo.toml'), '--output', dir, '--json', '--', 'a b', `it's`, 'ü"q', '$PATH'],
    { cwd: ws },
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /args: \["a b", "it's", "ü\\"q", "\$PATH"\]/);
  const s = JSON.parse(r.stdout) as JsonSummary;
  const hot = fn(s, 'zählwerk::zähle');
  assert.equal(hot.file, path.join(ws, 'src', 'main.rs'));
  assert.ok(hot.totalSamples > s.samples * 0.5);
  assert.ok(existsSync(path.join(dir, 'flamegraph.svg')) && existsSync(path.join(dir, 'perf.data')));
});

test('a symbol that is HTML shows as text: escaped in the SVG (valid XML, no <img>), plain in the JSON and the table', async () => {
  const evil = '<img src=x onerror=alert(1)>';
  const sample = (t: number) =>
    `evil 4242 ${1000 + t}.000001:     250000 cpu-clock: \n\t    55d0c0a01234 ${evil}+0x14 (/nonexistent/evil)\n\t    55d0c0a01000 main+0x10 (/nonexistent/evil)\n\n`;
  const dir = out();
  const file = path.join(dir, 'evil.perf.txt');
  writeFileSync(file, Array.from({ length: 5 }, (_, i) => sample(i)).join(''));
  const json = await runCli(['report', file, '--json']);
  assert.equal(json.code, 0, json.stderr);
  const s = JSON.parse(json.stdout) as JsonSummary;
  assert.equal(s.samples, 5);
  assert.equal(fn(s, evil).selfSamples, 5);
  const svg = readFileSync(path.join(dir, 'flamegraph.svg'), 'utf8');
  assert.ok(!svg.includes('<img'), 'no raw <img in the SVG');
  assert.ok(svg.includes('&lt;img src=x onerror=alert(1)&gt;'), 'the name is there, escaped');
  // A real XML parser: it must accept the file and find no img element.
  const imgs = execFileSync(
    'python3',
    [
      '-c',
      'import sys, xml.etree.ElementTree as E\nt = E.parse(sys.argv[1])\nprint(sum(1 for e in t.iter() if e.tag.split("}")[-1].lower() == "img"))',
      path.join(dir, 'flamegraph.svg'),
    ],
    { encoding: 'utf8' },
  );
  assert.equal(imgs.trim(), '0');
  const table = await runCli(['report', file]);
  assert.ok(table.stdout.includes(evil), 'the terminal table prints the name as it is');
  assert.ok(readFileSync(path.join(dir, 'stacks.folded'), 'utf8').includes(`evil;main;${evil} 5`));
});
