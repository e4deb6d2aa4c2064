import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBlock, parseLocation } from '../../src/core/symbols/addr2line';
import { chainToFrames } from '../../src/core/symbols/symbolizer';

test('addr2line blocks: inline chain innermost first, discriminators dropped, unknowns skipped', () => {
  // Real `addr2line -a -i -f` output for an inlined std helper in a user loop.
  const frames = parseBlock([
    '_ZN4core3num23_$LT$impl$u20$u64$GT$12wrapping_mul17h0123456789abcdefE',
    '/rustc/abc/library/core/src/num/uint_macros.rs:1182',
    '_ZN9seed_demo12process_data17h3ddab0447ddae697E',
    '/home/dev/a b/src/main.rs:10 (discriminator 2)',
  ]);
  assert.equal(frames.length, 2);
  assert.equal(frames[0].file, '/rustc/abc/library/core/src/num/uint_macros.rs');
  assert.equal(frames[0].line, 1182);
  assert.equal(frames[1].file, '/home/dev/a b/src/main.rs');
  assert.equal(frames[1].line, 10);
  assert.deepEqual(parseBlock(['??', '??:0']), []);
  assert.deepEqual(parseLocation('??:?'), { file: undefined, line: undefined });
  assert.deepEqual(parseLocation('/x/y.rs:0'), { file: '/x/y.rs', line: undefined });
});

test("an outermost frame at line 0 keeps its name but not the inlined helper's file", () => {
  // Real addr2line answer for 0x14275 of seed-demo: process_data's code that DWARF puts at range.rs line 0.
  const chain = parseBlock(['_ZN9seed_demo12process_data17h2f81b58cb610dd47E', '/rustc/5980/library/core/src/iter/range.rs:?']);
  const perf = { name: 'seed_demo::process_data', file: null, line: null, inlined: false, dso: '/bin/seed-demo' };
  assert.deepEqual(chainToFrames(chain, perf, '/bin/seed-demo'), [
    { name: 'seed_demo::process_data', file: null, line: null, inlined: false, dso: '/bin/seed-demo' },
  ]);
  // With a line, the location stands.
  const withLine = parseBlock(['_ZN9seed_demo12process_data17h2f81b58cb610dd47E', '/ws/src/main.rs:10']);
  assert.equal(chainToFrames(withLine, perf, '/bin/seed-demo')[0].file, '/ws/src/main.rs');
});

test("an outermost frame at line 0 keeps a file that can be its own (search.rs:?), not std's", () => {
  const perf = { name: 'rg::search::SearchWorker<W>::search', file: null, line: null, inlined: false, dso: '/bin/rg' };
  const chain = parseBlock(['_ZN2rg6search12SearchWorker6search17h0000000000000000E', '/src/ripgrep/crates/core/search.rs:?']);
  assert.deepEqual(chainToFrames(chain, perf, '/bin/rg'), [{ ...perf, file: '/src/ripgrep/crates/core/search.rs' }]);
  // std's own function at line 0 of a std file keeps it too.
  const std = { name: 'core::slice::sort::insertion_sort', file: null, line: null, inlined: false, dso: '/bin/rg' };
  const stdChain = parseBlock(['x', '/rustc/abc/library/core/src/slice/sort.rs:0']);
  assert.equal(chainToFrames(stdChain, std, '/bin/rg')[0].file, '/rustc/abc/library/core/src/slice/sort.rs');
});
