// The profiled program gets an empty stdin: a program that reads its input to
// the end must not wait for a terminal that will never type.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { tmpCrate } from '../helpers/badDays';
import { recordJson, fn } from './profileFixtures';

const readsStdin = `
use std::io::Read;

#[inline(never)]
fn work(seed: u64) -> u64 {
    let mut x = seed;
    for i in 0..300_000_000u64 { x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(i)); }
    x
}

fn main() {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).unwrap();
    eprintln!("read {} bytes of stdin", input.len());
    println!("{}", work(input.len() as u64));
}
`;

test('a program that reads stdin to the end gets an empty stdin and is profiled', async () => {
  const crate = tmpCrate('reads-stdin', readsStdin);
  const { summary, cli } = await recordJson(path.join(crate, 'Cargo.toml'));
  assert.match(cli.stderr, /read 0 bytes of stdin/);
  assert.ok(fn(summary, 'reads_stdin::work').totalSamples > summary.samples * 0.5, 'the work after reading stdin was profiled');
});
