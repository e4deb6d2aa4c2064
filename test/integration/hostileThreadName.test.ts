// Issue 10, finding 3: a real Rust program may name its thread "ev\u{1}il";
// byte 0x01 was our stack-key separator, and `record` crashed with no profile.
// Recorded for real: the thread keeps its name and its samples, in `record`
// and in `report` of the same perf.data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { runCli } from '../helpers/repo';
import { tmpCrate } from '../helpers/badDays';
import type { Profile } from '../../src/model/profileTypes';

const crate = tmpCrate(
  'evilname',
  `
#[inline(never)]
fn spin(n: u64) -> u64 { let mut x = 1u64; for i in 0..n { x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(i)); } x }
fn main() {
    let t = std::thread::Builder::new().name("ev\\u{1}il".into()).spawn(|| spin(400_000_000)).unwrap();
    println!("{}", t.join().unwrap());
}
`,
);

function threadSamples(profile: Profile, name: string): number {
  const t = profile.tree;
  let n = 0;
  for (let i = 0; i < t.parent.length; i++) {
    const p = t.parent[i];
    // The thread frames hang from the root ("all").
    if (p >= 0 && t.parent[p] < 0 && profile.frames[t.frame[i]].name === name) n += t.total[i];
  }
  return n;
}

test('a thread named "ev\\u{1}il" keeps its name and its samples, in record and in report', async () => {
  const out = mkdtempSync(path.join(tmpdir(), 'rf-evil-'));
  const rec = await runCli(['record', '--manifest-path', path.join(crate, 'Cargo.toml'), '--output', out]);
  assert.equal(rec.code, 0, rec.stderr);
  const recorded = JSON.parse(readFileSync(path.join(out, 'profile.json'), 'utf8')) as Profile;
  const inThread = threadSamples(recorded, 'ev\u0001il');
  assert.ok(inThread > 0.5 * recorded.samples, `${inThread} of ${recorded.samples} samples in the thread`);
  assert.match(readFileSync(path.join(out, 'stacks.folded'), 'utf8'), /^ev\u0001il;/m);

  const again = path.join(out, 'again');
  const rep = await runCli(['report', path.join(out, 'perf.data'), '--output', again]);
  assert.equal(rep.code, 0, rep.stderr);
  const reported = JSON.parse(readFileSync(path.join(again, 'profile.json'), 'utf8')) as Profile;
  assert.equal(threadSamples(reported, 'ev\u0001il'), inThread);
});
