// Short names: no generic arguments, the crate path shortened, qualified
// `<T as Trait>` segments kept readable; cut in the middle so the method stays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shortName, cutMiddle } from '../../src/model/shortName';

test('short names drop generic arguments and keep the last two path segments', () => {
  const cases: [string, string][] = [
    ['seed_demo::process_data', 'seed_demo::process_data'],
    ['orbit_sim::geometry::World<f64>::step', 'World::step'],
    ['app::sum::<u32>', 'app::sum'],
    ['<alloc::vec::Vec<T> as core::ops::drop::Drop>::drop', '<Vec as Drop>::drop'],
    ['<f64 as core::ops::arith::Mul>::mul', '<f64 as Mul>::mul'],
    [
      'core::iter::range::<impl core::iter::traits::iterator::Iterator for core::ops::range::Range<A>>::next',
      '<impl Iterator for Range>::next',
    ],
    ['<u64>::wrapping_mul', '<u64>::wrapping_mul'],
    ['<std::sys::thread::unix::Thread>::new::thread_start', '<Thread>::new::thread_start'],
    ['core::option::Option<T>::unwrap_or_else', 'Option::unwrap_or_else'],
    ['two_threads::main::{{closure}}', 'two_threads::main::{{closure}}'],
    ['std::rt::lang_start_internal::{closure#0}', 'rt::lang_start_internal::{closure#0}'],
    ['core::ops::function::FnOnce::call_once{{vtable.shim}}', 'FnOnce::call_once{{vtable.shim}}'],
    ['std::panicking::catch_unwind::<&dyn core::ops::function::Fn<(), Output = i32> + core::marker::Sync, i32>', 'panicking::catch_unwind'],
    [
      '<&dyn core::ops::function::Fn<(), Output = i32> + core::marker::Sync + core::panic::unwind_safe::RefUnwindSafe as core::ops::function::FnOnce<()>>::call_once',
      '<&dyn Fn + Sync + RefUnwindSafe as FnOnce>::call_once',
    ],
    ['<core::iter::adapters::map::Map<I, F> as core::iter::traits::iterator::Iterator>::fold', '<Map as Iterator>::fold'],
    ['_start', '_start'],
    ['__libc_start_main@@GLIBC_2.34', '__libc_start_main@@GLIBC_2.34'],
    ['[unknown]', '[unknown]'],
    ['broken::<unbalanced', 'broken'],
  ];
  for (const [full, short] of cases) assert.equal(shortName(full), short, full);
});

test('names cut in the middle keep the start and the method', () => {
  const full = '<core::iter::adapters::map::Map<I, F> as core::iter::traits::iterator::Iterator>::fold';
  const cut = cutMiddle(full, 30);
  assert.equal(cut.length, 30);
  assert.ok(cut.endsWith('::fold') && cut.startsWith('<core::iter') && cut.includes('…'), cut);
  assert.equal(cutMiddle('app::f', 30), 'app::f');
  assert.equal(cutMiddle('a_very_long_function_name_without_path', 11), 'a_ver…_path');
  assert.equal(cutMiddle('x::a_very_long_method_name_here', 10).length, 10);
  assert.equal(cutMiddle('anything', 1), '…');
});
