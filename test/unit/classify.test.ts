// Frame kinds decide colours and which frames open a source file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyFrame, crateOfName, classifyFrames, inferWorkspaceRoot } from '../../src/model/classify';
import { crateListOf } from '../../src/core/cargo/metadata';

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

test('the crate of a demangled name', () => {
  const table: [string, string | null][] = [
    ['rg::search::SearchWorker<W>::search', 'rg'],
    ['<alloc::vec::Vec<T> as core::ops::drop::Drop>::drop', 'alloc'],
    ['<&mut regex_automata::util::Foo as core::fmt::Debug>::fmt', 'regex_automata'],
    ['<*const T as core::fmt::Pointer>::fmt', null],
    ['<u64>::wrapping_add', null],
    ['hashbrown::raw::RawTable<T,A>::reserve_rehash', 'hashbrown'],
    ['<[hashbrown::control::tag::Tag] as hashbrown::control::tag::TagSliceExt>::fill_tag', null],
    ['_start', null],
    ['[unknown]', null],
    ['__rustc::__rust_alloc', '__rustc'],
  ];
  for (const [name, crate] of table) assert.equal(crateOfName(name), crate, name);
});

test('kinds from crates: workspace members, dependencies, std and the crates std bundles', () => {
  const crates = { workspace: ['app', 'app_core'], dependencies: ['regex_automata', 'memchr', 'itoa'] };
  const reg = '/home/u/.cargo/registry/src/index.crates.io-1/memchr-2.7.4/src/memchr.rs';
  const table: [string, string | null, string][] = [
    // name, file, kind
    ['app_core::parse', null, 'user'],
    ['app_core::parse', '/rustc/abc/library/core/src/iter/range.rs', 'user'], // crate before a (line-0) file
    ['regex_automata::dfa::find', null, 'dependency'],
    ['itoa::Buffer::format', `${ws}/vendor/itoa-1.0.11/src/lib.rs`, 'dependency'],
    ['memchr::memchr::memchr', reg, 'dependency'],
    ['memchr::memchr::memchr', '/rust/deps/memchr-2.7.4/src/memchr.rs', 'std'], // std's own copy
    ['hashbrown::raw::RawTable<T,A>::find', '/rust/deps/hashbrown-0.16.1/src/raw/mod.rs', 'std'],
    ['hashbrown::raw::RawTable<T,A>::find', null, 'std'],
    ['core::ptr::drop_in_place<app::X>', null, 'std'],
    ['__rustc::__rust_alloc', null, 'std'],
    ['gimli::read::unit::foo', null, 'std'],
  ];
  for (const [name, file, kind] of table) {
    assert.equal(classifyFrame(name, file, bin, ws, bin, crates), kind, `${name} @ ${file}`);
  }
  // A std file under a dependency's function is an inlined helper's (ripgrep's find_by_line_fast "in" core).
  const slice = '/rustc/abc/library/core/src/slice/index.rs';
  assert.equal(
    classifyFrame('grep_searcher::lines::find_by_line_fast', slice, bin, ws, bin, { workspace: [], dependencies: ['grep_searcher'] }),
    'dependency',
  );
  assert.equal(
    classifyFrame('grep_searcher::lines::find_by_line_fast', slice, bin, null, null, null, new Map([['grep_searcher', 'dependency']])),
    'dependency',
  );
  // memchr is also a crates.io crate: where its other frames are the registry's, a frame without a file is too.
  assert.equal(classifyFrame('memchr::arch::x86_64::find', null, bin, null, null, null, new Map([['memchr', 'dependency']])), 'dependency');
  assert.equal(classifyFrame('memchr::arch::x86_64::find', null, bin, null, null), 'std');
  // Without a crate list (report of a perf.data): hashbrown is never a dependency, files decide the rest.
  assert.equal(classifyFrame('hashbrown::raw::RawTable<T,A>::find', null, bin, null, null), 'std');
  assert.equal(classifyFrame('memchr::memchr::memchr', reg, bin, null, null), 'dependency');
  assert.equal(classifyFrame('itoa::Buffer::format', `${ws}/vendor/itoa-1.0.11/src/lib.rs`, bin, null, null), 'dependency');
});

test('classifying all frames at once: a crate keeps one kind, and the binary holding the workspace is the program', () => {
  const reg = '/home/u/.cargo/registry/src/index.crates.io-1/regex-automata-0.4.9/src/dfa/search.rs';
  const frames = [
    { name: 'app::main', dso: bin, file: `${ws}/src/main.rs`, fileAtUnknownLine: null },
    { name: 'regex_automata::dfa::search::find_fwd', dso: bin, file: reg, fileAtUnknownLine: null },
    { name: 'regex_automata::dfa::search::find_rev', dso: bin, file: null, fileAtUnknownLine: null },
    // line-0 code "in" a std file: the std file is an inlined helper's, not the function's
    { name: 'app::step', dso: bin, file: null, fileAtUnknownLine: '/rustc/abc/library/core/src/iter/range.rs' },
    { name: 'rust_eh_personality_shim', dso: bin, file: null, fileAtUnknownLine: null },
    { name: 'main', dso: bin, file: null, fileAtUnknownLine: null },
    { name: '__memmove_avx_unaligned_erms', dso: '/usr/lib/x86_64-linux-gnu/libc.so.6', file: null, fileAtUnknownLine: null },
  ];
  const expected = ['user', 'dependency', 'dependency', 'user', 'user', 'system', 'system'];
  assert.deepEqual(classifyFrames(frames, { workspaceRoot: null, mainBinary: null }), expected, 'report');
  assert.deepEqual(
    classifyFrames(frames, { workspaceRoot: ws, mainBinary: bin, crates: { workspace: ['app'], dependencies: ['regex_automata'] } }),
    expected,
    'record',
  );
});

test('cargo metadata → the crate list, named as rustc mangles them', () => {
  const list = crateListOf({
    workspace_members: ['path+file:///ws#ripgrep@15.1.0', 'path+file:///ws/crates/core#grep-core@0.1.0'],
    packages: [
      {
        id: 'path+file:///ws#ripgrep@15.1.0',
        name: 'ripgrep',
        manifest_path: '/ws/Cargo.toml',
        targets: [{ kind: ['bin'], name: 'rg', src_path: '' }],
      },
      {
        id: 'path+file:///ws/crates/core#grep-core@0.1.0',
        name: 'grep-core',
        manifest_path: '',
        targets: [{ kind: ['lib'], name: 'grep-core', src_path: '' }],
      },
      {
        id: 'registry+https://github.com/rust-lang/crates.io-index#regex-automata@0.4.9',
        name: 'regex-automata',
        manifest_path: '',
        targets: [
          { kind: ['lib'], name: 'regex_automata', src_path: '' },
          { kind: ['test'], name: 'integration', src_path: '' },
        ],
      },
      {
        id: 'registry+x#serde_derive@1',
        name: 'serde_derive',
        manifest_path: '',
        targets: [{ kind: ['proc-macro'], name: 'serde_derive', src_path: '' }],
      },
    ],
  });
  assert.deepEqual(list, { workspace: ['grep_core', 'rg'], dependencies: ['regex_automata', 'serde_derive'] });
});

test('report infers the workspace from the target/ folder of a sampled binary: a path dependency outside it is a dependency there too', () => {
  const frames = [
    { name: 'app::main', dso: bin, file: `${ws}/src/main.rs`, fileAtUnknownLine: null },
    { name: 'shared::util::f', dso: bin, file: '/home/u/shared/src/util.rs', fileAtUnknownLine: null },
  ];
  assert.equal(inferWorkspaceRoot(frames), ws);
  const record = classifyFrames(frames, { workspaceRoot: ws, mainBinary: bin, crates: { workspace: ['app'], dependencies: ['shared'] } });
  assert.deepEqual(record, ['user', 'dependency']);
  assert.deepEqual(classifyFrames(frames, { workspaceRoot: null, mainBinary: null }), record);
  // No frame's file in that folder: nothing is inferred.
  assert.equal(inferWorkspaceRoot(frames.slice(1)), null);
});
