// Frame kinds decide colours and which frames open a source file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyFrame } from '../../src/model/classify';

const ws = '/home/u/my crate';
const bin = '/home/u/my crate/target/rust-flamegraph/release/app';

test('workspace sources are user code, registry and std sources are not', () => {
  assert.equal(classifyFrame('app::hot', `${ws}/src/main.rs`, bin, ws, bin), 'user');
  assert.equal(classifyFrame('serde::de::x', '/home/u/.cargo/registry/src/index/serde-1.0/src/de.rs', bin, ws, bin), 'dependency');
  assert.equal(classifyFrame('<u64>::wrapping_add', '/rustc/abc/library/core/src/num/uint_macros.rs', bin, ws, bin), 'std');
  assert.equal(classifyFrame('other::f', '/elsewhere/src/lib.rs', bin, ws, bin), 'dependency');
});

test("start-up glue in the user binary is system code, not the user's", () => {
  assert.equal(classifyFrame('_start', null, bin, ws, bin), 'system');
  assert.equal(classifyFrame('main', null, bin, ws, bin), 'system');
  // A function of the binary without line info is still the user's.
  assert.equal(classifyFrame('app::no_debug_info', null, bin, ws, bin), 'user');
});

test('kernel, libraries and unknown frames', () => {
  assert.equal(classifyFrame('asm_exc_page_fault', null, '[kernel.kallsyms]', ws, bin), 'kernel');
  assert.equal(classifyFrame('__memmove_avx_unaligned_erms', null, '/usr/lib/x86_64-linux-gnu/libc.so.6', ws, bin), 'system');
  assert.equal(classifyFrame('[unknown]', null, '[unknown]', ws, bin), 'unknown');
  assert.equal(classifyFrame('std::rt::lang_start_internal', null, bin, ws, bin), 'std');
});
