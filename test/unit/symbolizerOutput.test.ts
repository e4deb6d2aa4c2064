// Each symbolizer's real output (captured from binutils addr2line 2.40, the addr2line crate's binary 0.27.1
// and llvm-symbolizer 14, with the arguments symbolizerArgs gives them, on the inlined-hot and std-hashmap
// fixture binaries built with debug info) reads as the same inline chains.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BlockReader, parseBlock, SourceFrame } from '../../src/core/symbols/addr2line';
import { programTool, symbolizerArgs } from '../../src/core/symbols/symbolizerTool';

const LIB = '/rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library';
const HOT = '/work/wt/sym/test/fixtures/crates/inlined-hot/src/main.rs';
const MAP = '/work/wt/sym/test/fixtures/crates/std-hashmap/src/main.rs';
const RANGE_NEXT =
  '_ZN4core4iter5range101_$LT$impl$u20$core..iter..traits..iterator..Iterator$u20$for$u20$core..ops..range..Range$LT$A$GT$$GT$4next17hc9a6878212c36277E';
const SPEC_NEXT =
  '_ZN89_$LT$core..ops..range..Range$LT$T$GT$$u20$as$u20$core..iter..range..RangeIteratorImpl$GT$9spec_next17h01d5b02909b9f972E';

// inlined-hot: 0x14330 0x14337 0x1436f 0x14361 0x1439c; std-hashmap: 0x158f5.
const BINUTILS = `0x0000000000014330
_ZN11inlined_hot8hash_all17h2d29a54f6858a855E
${HOT}:15
0x0000000000014337
_ZN11inlined_hot8hash_all17h2d29a54f6858a855E
${LIB}/core/src/iter/range.rs:?
0x000000000001436f
_ZN11inlined_hot3mix17h13c60cfdc15e1028E
${HOT}:7
_ZN11inlined_hot8hash_all17h2d29a54f6858a855E
${HOT}:18
0x0000000000014361
_ZN4core4hint9black_box17h72908dac771de84fE
${LIB}/core/src/hint.rs:491
_ZN11inlined_hot8hash_all17h2d29a54f6858a855E
${HOT}:18
0x000000000001439c
_ZN11inlined_hot8hash_all17h2d29a54f6858a855E
inlined_hot.5755fefd8ebf2738-cgu.0:?
0x00000000000158f5
_RNvXs12_NtNtCsgEmfK2I1SDS_4core3cmp5implsyNtB8_10PartialOrd2lt
${LIB}/core/src/cmp.rs:1916
${SPEC_NEXT}
${LIB}/core/src/iter/range.rs:772
${RANGE_NEXT}
${LIB}/core/src/iter/range.rs:857
_ZN11std_hashmap10count_keys17hf5508f631dddeafdE
${MAP}:9
`;

// The same, but ?? where binutils falls back to the ELF symbol table (0x1439c, the end of hash_all that no DWARF line covers).
const GIMLI = BINUTILS.replace('_ZN11inlined_hot8hash_all17h2d29a54f6858a855E\ninlined_hot.5755fefd8ebf2738-cgu.0:?', '??\n??:0');

// Short addresses, `:0` for an unknown line, and the discriminator binutils leaves out.
const LLVM = `0x14330
_ZN11inlined_hot8hash_all17h2d29a54f6858a855E
${HOT}:15
0x14337
_ZN11inlined_hot8hash_all17h2d29a54f6858a855E
${LIB}/core/src/iter/range.rs:0
0x1436f
_ZN11inlined_hot3mix17h13c60cfdc15e1028E
${HOT}:7
_ZN11inlined_hot8hash_all17h2d29a54f6858a855E
${HOT}:18
0x14361
_ZN4core4hint9black_box17h72908dac771de84fE
${LIB}/core/src/hint.rs:491
_ZN11inlined_hot8hash_all17h2d29a54f6858a855E
${HOT}:18
0x1439c
??
??:0
0x158f5
_RNvXs12_NtNtCsgEmfK2I1SDS_4core3cmp5implsyNtB8_10PartialOrd2lt
${LIB}/core/src/cmp.rs:1916
${SPEC_NEXT}
${LIB}/core/src/iter/range.rs:772
${RANGE_NEXT}
${LIB}/core/src/iter/range.rs:857
_ZN11std_hashmap10count_keys17hf5508f631dddeafdE
${MAP}:9 (discriminator 2)
`;

function answers(output: string): SourceFrame[][] {
  const out: SourceFrame[][] = [];
  const reader = new BlockReader((lines) => out.push(parseBlock(lines)));
  for (const line of output.split('\n')) reader.line(line);
  reader.end();
  return out;
}

const frame = (rawName: string, file: string, line: number | undefined): SourceFrame => ({ rawName, file, line });

test('binutils addr2line: one answer per address, inline chains innermost first', () => {
  const a = answers(BINUTILS);
  assert.equal(a.length, 6);
  assert.deepEqual(a[0], [frame('_ZN11inlined_hot8hash_all17h2d29a54f6858a855E', HOT, 15)]);
  assert.deepEqual(a[1], [frame('_ZN11inlined_hot8hash_all17h2d29a54f6858a855E', `${LIB}/core/src/iter/range.rs`, undefined)]);
  assert.deepEqual(a[2], [
    frame('_ZN11inlined_hot3mix17h13c60cfdc15e1028E', HOT, 7),
    frame('_ZN11inlined_hot8hash_all17h2d29a54f6858a855E', HOT, 18),
  ]);
  // The symbol table's name with the codegen unit for a file: no answer (perf's own symbol stands).
  assert.deepEqual(a[4], []);
  assert.deepEqual(
    a[5].map((f) => f.line),
    [1916, 772, 857, 9],
  );
});

test('the addr2line crate (gimli) and llvm-symbolizer read as binutils does', () => {
  const binutils = answers(BINUTILS);
  for (const [name, output] of [
    ['gimli', GIMLI],
    ['llvm-symbolizer', LLVM],
  ]) {
    // Where binutils names the ELF symbol without a source, they know nothing: the same, no answer.
    assert.deepEqual(answers(output), binutils, name);
  }
});

test('each tool is asked for that block form', () => {
  assert.deepEqual(symbolizerArgs(programTool('addr2line'), '/b'), ['-a', '-i', '-f', '-e', '/b']);
  assert.deepEqual(symbolizerArgs(programTool('/cache/addr2line-0.27.1/bin/addr2line'), '/b'), ['-a', '-i', '-f', '-e', '/b']);
  for (const llvm of ['llvm-symbolizer', 'llvm-symbolizer-14', '/usr/lib/llvm-14/bin/llvm-symbolizer']) {
    assert.deepEqual(symbolizerArgs(programTool(llvm), '/b'), [
      '--output-style=GNU',
      '--addresses',
      '--inlines',
      '--functions=linkage',
      '--no-demangle',
      '--obj=/b',
    ]);
  }
});
