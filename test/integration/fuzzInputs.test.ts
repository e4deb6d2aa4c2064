// Fuzz: a seeded loop of mutated `perf script` inputs (real fixtures with
// bytes flipped, cut short, lines repeated or dropped, hostile names such as
// `<script>` and \u0001, huge numbers, CRs) through collapse, analyze (what
// report runs) and the SVG and HTML exporters, in-process, and a few through
// the command line. Wanted: no exception but the plain UserError, no input
// taking over 5 s, and no name escaping into markup (the only <script> tags in
// the SVG and the page are the ones we write). The seed and count can be set
// (RF_FUZZ_SEED, RF_FUZZ_ITERATIONS); a failure names the input it kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import { analyzePerfScript } from '../../src/core/pipeline/analyze';
import { collapsePerfScript } from '../../src/core/perf/collapse';
import { renderFlamegraphSvg } from '../../src/core/export/flamegraphSvg';
import { renderStandalonePage } from '../../src/core/export/flamegraphHtml';
import { profileToFolded } from '../../src/core/export/folded';
import { corpusDir, repoRoot, runCli } from '../helpers/repo';
import { writeCraftedElfs } from '../helpers/craftedElf';

const SEED = Number(process.env.RF_FUZZ_SEED ?? 20261202);
const ITERATIONS = Number(process.env.RF_FUZZ_ITERATIONS ?? 1000);
const CLI_RUNS = 8;
/** A bound for hangs, not a speed target: an input that is still running after it has hung (machines here are shared and slow). */
const HANG_MS = 20_000;

/** Rejects when `work` has not settled within `ms`. */
function within<T>(work: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what()} still ran after ${ms} ms: a hang`)), ms);
  });
  return Promise.race([work, hung]).finally(() => clearTimeout(timer));
}

/** mulberry32: a small seeded generator, so that a failure can be run again. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Seeds: every fixture, cut to its first 24 KB (many samples already; keeps each iteration to milliseconds).
const seeds = [
  ...readdirSync(corpusDir())
    .filter((f) => f.startsWith('perf-') && f.endsWith('.txt'))
    .map((f) => path.join(corpusDir(), f)),
  ...readdirSync(path.join(repoRoot(), 'test', 'fixtures', 'perf'))
    .filter((f) => f.endsWith('.txt'))
    .map((f) => path.join(repoRoot(), 'test', 'fixtures', 'perf', f)),
].map((f) => readFileSync(f).subarray(0, 24 * 1024));

/** Names that must stay text: markup, entities, CDATA ends, control bytes, bidi overrides. */
const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '</svg><script>x</script>',
  ']]><script>y</script>',
  '<!--',
  '"\' onload="alert(3)',
  '&amp;&lt;&#x3c;',
  'a\u0001b\u0000c\u001b[31m',
  '\u202eevil\u2066',
  '\ud800lone',
  'fn<T>::{{closure}}',
];
/** ELF files with headers pointing outside themselves, as a frame's dso: the symbolizer must read them safely. */
const CRAFTED = [...writeCraftedElfs().values()];
const CRAFTED_DIR = path.dirname(CRAFTED[0]);
const HUGE = ['99999999999999999999999999', '18446744073709551616', '-1', '1e308', 'ffffffffffffffffffffffffffffffffffff', 'NaN'];

/** One mutation of the text, by line or by byte. */
function mutate(buf: Buffer, rnd: () => number): Buffer {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];
  const lines = buf.toString('latin1').split('\n');
  const at = () => Math.floor(rnd() * lines.length);
  switch (Math.floor(rnd() * 10)) {
    case 0: {
      const b = Buffer.from(buf);
      for (let k = 0; k < 1 + rnd() * 8; k++) if (b.length) b[Math.floor(rnd() * b.length)] ^= 1 << Math.floor(rnd() * 8);
      return b;
    }
    case 1:
      return buf.subarray(0, Math.floor(rnd() * buf.length));
    case 2: {
      const i = at();
      lines.splice(i, 0, ...Array<string>(1 + Math.floor(rnd() * 4)).fill(lines[i]));
      break;
    }
    case 3:
      lines.splice(at(), 1 + Math.floor(rnd() * 5));
      break;
    case 4: {
      // A hostile symbol in a frame line, or a hostile comm in a header.
      const i = at();
      const name = pick(HOSTILE);
      lines[i] = /^\s/.test(lines[i]) ? lines[i].replace(/ (\S+?)(\+0x[0-9a-f]+)? \(/, ` ${name}$2 (`) : `${name} ${lines[i]}`;
      return Buffer.from(lines.join('\n'), 'utf8');
    }
    case 5: {
      const i = at();
      lines[i] = lines[i].replace(/\d+/g, () => (rnd() < 0.3 ? pick(HUGE) : '$&')).replace(/\$&/g, '0');
      break;
    }
    case 6:
      for (let k = 0; k < 1 + rnd() * 6; k++) lines[at()] += '\r';
      break;
    case 7: {
      const i = at();
      lines.splice(i, 0, `\t    ${pick(HUGE)} ${pick(HOSTILE)} (${pick(HOSTILE)})${rnd() < 0.5 ? ' trailing' : ''}`);
      return Buffer.from(lines.join('\n'), 'utf8');
    }
    case 8: {
      const i = at();
      lines[i] = lines[i].repeat(2 + Math.floor(rnd() * 50));
      break;
    }
    default:
      // Some frames' dso becomes a crafted ELF (a frame line ends with "(dso)").
      for (let k = 0; k < 1 + rnd() * 4; k++) {
        const i = at();
        lines[i] = lines[i].replace(/^(\s+[0-9a-f]+ .*)\([^()]*\)\s*$/, `$1(${pick(CRAFTED)})`);
      }
  }
  return Buffer.from(lines.join('\n'), 'latin1');
}

/** A mutated input: a fixture with one to four mutations. */
function input(rnd: () => number): Buffer {
  let buf: Buffer = seeds[Math.floor(rnd() * seeds.length)];
  for (let k = 0, n = 1 + Math.floor(rnd() * 4); k < n; k++) buf = mutate(buf, rnd);
  return buf;
}

/** Exceptions other than the plain UserError are crashes. */
function plainOrNone(e: unknown): void {
  if ((e as { name?: string }).name !== 'UserError') throw e;
}

/** Control characters XML 1.0 does not allow: an SVG holding one does not load at all. */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

/** The SVG and the page hold our own <script> elements only, and no name outside text. */
function assertNoEscape(svg: string, html: string): void {
  assert.equal((svg.match(/<script/gi) ?? []).length, 1, 'one <script> in the SVG: ours');
  // Escaped, a hostile name is harmless text ("&lt;img src=x onerror=…"); raw, it would be markup.
  assert.doesNotMatch(svg, /<img|<\/svg><script|onload="alert/i);
  assert.doesNotMatch(svg, NOT_XML, 'no character XML forbids');
  assert.equal((html.match(/<script/gi) ?? []).length, 2, 'two <script> in the page: the profile data and ours');
  assert.equal((html.match(/<\/script/gi) ?? []).length, 2);
  assert.doesNotMatch(html, /<img|<!--|onload="alert/i);
}

/** Keeps an input that failed, for running it again by hand. */
function keep(buf: Buffer, i: number): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'rf-fuzz-')), `seed${SEED}-input${i}.txt`);
  writeFileSync(file, buf);
  return file;
}

test(`fuzz: ${ITERATIONS} mutated perf script inputs through collapse, analyze, SVG and HTML: no crash, no hang, no escape`, async () => {
  const rnd = generator(SEED);
  let withSamples = 0;
  for (let i = 0; i < ITERATIONS; i++) {
    const buf = input(rnd);
    const what = () => `input ${i} (seed ${SEED}, kept in ${keep(buf, i)})`;
    try {
      await within(collapsePerfScript(Readable.from([buf])).catch(plainOrNone), HANG_MS, what);
      // Source lines (addr2line) only where a crafted ELF is named: reading it is what is tested, and keeps the loop fast.
      const profile = await within(
        analyzePerfScript(Readable.from([buf]), { resolveSourceLines: buf.includes(CRAFTED_DIR) }),
        HANG_MS,
        what,
      );
      const title = HOSTILE[i % HOSTILE.length];
      profileToFolded(profile);
      const svg = renderFlamegraphSvg(profile, { title });
      const html = renderStandalonePage({ profile, title, js: 'void 0;', css: 'body{}' });
      assertNoEscape(svg, html);
      if (profile.samples > 0) withSamples++;
    } catch (e) {
      throw new Error(`input ${i} (seed ${SEED}, kept in ${keep(buf, i)}): ${(e as Error).stack ?? e}`);
    }
  }
  assert.ok(
    withSamples > ITERATIONS / 2,
    `most inputs still hold samples (${withSamples} of ${ITERATIONS}): the mutations are not all fatal`,
  );
});

test(`fuzz: ${CLI_RUNS} mutated inputs through the command line (report and collapse): exit 0 or a plain error, outputs escaped`, async () => {
  const rnd = generator(SEED + 1);
  const dir = mkdtempSync(path.join(tmpdir(), 'rf-fuzz-cli-'));
  for (let i = 0; i < CLI_RUNS; i++) {
    const file = path.join(dir, `input${i}.txt`);
    // Every input names a crafted ELF somewhere, as the dso of a frame of a sample of its own.
    const crafted = `fuzz 1 1.0: 1 cpu-clock:\n\t    1234 crafted+0x1 (${CRAFTED[i % CRAFTED.length]})\n\n`;
    writeFileSync(file, Buffer.concat([Buffer.from(crafted), input(rnd)]));
    const command = i % 2 === 0 ? 'report' : 'collapse';
    const out = path.join(dir, `out${i}`);
    const r = await runCli(command === 'report' ? ['report', file, '--output', out] : ['collapse', file], { timeoutMs: 60_000 });
    assert.notEqual(r.code, null, `${command} of ${file} did not end within 60 s`);
    assert.ok(r.code === 0 || r.code === 1, `${command} of ${file}: exit ${r.code}\n${r.stderr}`);
    assert.doesNotMatch(r.stderr, /Internal error|This is a bug|\n\s+at /, `${command} of ${file}`);
    if (command === 'report' && r.code === 0) {
      assert.ok(existsSync(path.join(out, 'flamegraph.html')));
      const svg = readFileSync(path.join(out, 'flamegraph.svg'), 'utf8');
      const html = readFileSync(path.join(out, 'flamegraph.html'), 'utf8');
      assert.equal((svg.match(/<script/gi) ?? []).length, 1, `${file}: one <script> in the SVG`);
      assert.doesNotMatch(svg, NOT_XML);
      assert.doesNotMatch(
        html.replace(/<script nonce="[^"]+">[\s\S]*?<\/script>/, ''),
        /<img|<script>alert|onload="alert/i,
        `${file}: page`,
      );
    }
  }
});
