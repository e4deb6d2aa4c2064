// Transforms on small hand-built profiles and on the seed demo's perf script
// stacks: each rebuilds a consistent tree (total = self + children) with the
// totals it should have, and undo is re-applying the rest from the original.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { applyTransforms, describeStep, DEFAULT_TRANSFORMS, TransformStep } from '../../src/model/transforms';
import { isStartupFrame } from '../../src/model/startupFrames';
import { built, render, consistent, frameId } from './helpers/builtProfile';
import { profileFromFolded } from './helpers/profileFromFolded';
import { repoRoot } from '../helpers/repo';

const apply = (p: ReturnType<typeof built>, steps: TransformStep[]) => {
  const t = applyTransforms(p.tree, p.frames, steps).tree;
  assert.ok(consistent(t), 'node total = self + children');
  return t;
};

test('merge a function away: its self goes to its caller, its callees move up, the sample count stays', () => {
  const p = built([
    ['app', ['app::main@1', 'app::b@2', 'app::leaf@3'], 3],
    ['app', ['app::main@1', 'app::b@2'], 2],
    ['app', ['app::main@1', 'app::leaf@3'], 1],
  ]);
  const t = apply(p, [{ kind: 'merge', frame: frameId(p, 'app::b') }]);
  assert.deepEqual(render(t, p.frames), ['app 0/6', '  app::main 2/6', '    app::leaf 4/4']);
  assert.equal(t.total[0], p.samples);
});

test('focus on a function re-roots at it, merged over call sites; focus on a call path re-roots at one node', () => {
  const p = built([
    ['app', ['app::main@1', 'app::a@2', 'app::x@3'], 3],
    ['app', ['app::main@1', 'app::b@4', 'app::a@2', 'app::y@5'], 2],
    ['app', ['app::main@1', 'app::c@6'], 5],
  ]);
  const a = frameId(p, 'app::a');
  assert.deepEqual(render(apply(p, [{ kind: 'focusFunction', frame: a }]), p.frames), ['app::a 0/5', '  app::x 3/3', '  app::y 2/2']);
  const pathToA = ['app', 'app::main', 'app::b', 'app::a'].map((n) => frameId(p, n));
  assert.deepEqual(render(apply(p, [{ kind: 'focusPath', path: pathToA }]), p.frames), ['app::a 0/2', '  app::y 2/2']);
  assert.equal(apply(p, [{ kind: 'focusPath', path: [a, a] }]).total[0], 0, 'a path that is not there: nothing');
});

test('collapse recursion removes the tower (direct and indirect)', () => {
  const tower = Array.from({ length: 23 }, () => 'app::eval@7');
  const p = built([
    ['app', ['app::main@1', ...tower, 'app::leaf@9'], 6],
    ['app', ['app::main@1', 'app::eval@7', 'app::g@8', 'app::eval@7', 'app::h@10'], 2],
    ['app', ['app::main@1', 'app::eval@7', 'app::g@8'], 1],
  ]);
  assert.ok(render(p.tree, p.frames).length > 23);
  const t = apply(p, [{ kind: 'collapseRecursion', frame: frameId(p, 'app::eval') }]);
  assert.deepEqual(render(t, p.frames), [
    'app 0/9',
    '  app::main 0/9',
    '    app::eval 0/9',
    '      app::leaf 6/6',
    '      app::g 1/1',
    '      app::h 2/2',
  ]);
});

test('collapse a crate into its caller; keep some threads', () => {
  const p = built([
    ['app', ['app::main@1', 'core::iter::next@50', 'app::main::{{closure}}@2', 'core::num::mul@60'], 4],
    ['app', ['app::main@1', 'core::iter::next@50'], 1],
    ['io', ['app::reader@3'], 2],
  ]);
  const t = apply(p, [{ kind: 'collapseCrate', crate: 'core' }]);
  assert.deepEqual(render(t, p.frames), ['app 0/5', '  app::main 1/5', '    app::main::{{closure}} 4/4', 'io 0/2', '  app::reader 2/2']);
  assert.deepEqual(apply(p, [{ kind: 'collapseCrate', crate: 'std' }]), t, 'std: the whole standard library');
  assert.deepEqual(apply(p, [{ kind: 'collapseCrate', crate: 'alloc' }]), p.tree, 'no frame of that crate: the same tree');
  const io = apply(p, [{ kind: 'threads', frames: [frameId(p, 'io')] }]);
  assert.deepEqual(render(io, p.frames), ['io 0/2', '  app::reader 2/2']);
});

test("drop start-up frames: the seed demo's thread starts at seed_demo::main; undo re-applies the rest", () => {
  const folded = readFileSync(path.join(repoRoot(), 'test', 'fixtures', 'perf', 'seed-demo-perf6.1-noinline.folded'), 'utf8');
  const p = profileFromFolded(folded);
  assert.equal(p.frames[p.tree.frame[2]].name, '_start');
  const t = apply(p, [...DEFAULT_TRANSFORMS]);
  const threadKids = t.parent.flatMap((par, v) => (par >= 0 && t.parent[par] === 0 ? [p.frames[t.frame[v]].name] : []));
  // The dynamic loader's own work (`_dl_start`, under ld.so's `_start`) is real start-up time, not a shim: it stays.
  assert.deepEqual(threadKids, ['seed_demo::main', '_dl_start']);
  assert.equal(t.total[0], p.samples);
  // Undo: the steps after removing one are the same tree as never having them.
  const merged = frameId(p, 'seed_demo::process_data');
  const withMerge = apply(p, [{ kind: 'dropStartup' }, { kind: 'merge', frame: merged }]);
  assert.notDeepEqual(withMerge, t);
  assert.deepEqual(apply(p, [{ kind: 'dropStartup' }]), t);
});

test('start-up frames by name: the runtime glue only, never the user code under it', () => {
  for (const name of [
    '_start',
    '__libc_start_main@@GLIBC_2.34',
    'main',
    'std::rt::lang_start_internal',
    'std::rt::lang_start::{{closure}}',
    'std::panicking::catch_unwind::do_call::<&dyn core::ops::function::Fn<(), Output = i32> + core::marker::Sync, i32>',
    '<&dyn core::ops::function::Fn<(), Output = i32> + core::marker::Sync + core::panic::unwind_safe::RefUnwindSafe as core::ops::function::FnOnce<()>>::call_once',
    'std::sys::backtrace::__rust_begin_short_backtrace',
    'core::ops::function::FnOnce::call_once{{vtable.shim}}',
    'clone3',
    'start_thread',
    '<std::sys::thread::unix::Thread>::new::thread_start',
    '<alloc::boxed::Box<dyn core::ops::function::FnOnce<(), Output = ()> + core::marker::Send> as core::ops::function::FnOnce<()>>::call_once',
    'std::thread::lifecycle::spawn_unchecked::{{closure}}::{{closure}}',
    'std::thread::Builder::spawn_unchecked_::{{closure}}',
    '<core::panic::unwind_safe::AssertUnwindSafe<F> as core::ops::function::FnOnce<()>>::call_once',
  ])
    assert.ok(isStartupFrame(name), name);
  for (const name of ['seed_demo::main', 'two_threads::main::{{closure}}', 'app::run', 'std::io::stdio::print', 'mainloop'])
    assert.ok(!isStartupFrame(name), name);
  // A hostile name shaped like the call_once shim, too long to be std's, is not matched (the shim's pattern
  // backtracks: 7 s on 512k characters); a real length one still is.
  const shim = (n: number) => '<&dyn core::ops::function::Fn' + ' as core::ops::function::FnOnce<'.repeat(n) + '()>>::call_once';
  assert.ok(isStartupFrame(shim(1)));
  assert.ok(!isStartupFrame(shim(16_000)));
});

test('hostile steps are skipped, not thrown', () => {
  const p = built([['app', ['app::main@1'], 1]]);
  const steps = [{ kind: 'merge', frame: 1e9 }, { kind: 'nope' }, null, { kind: 'focusPath', path: 'x' }] as unknown as TransformStep[];
  assert.deepEqual(applyTransforms(p.tree, p.frames, steps).tree, p.tree);
});

test('steps read as a breadcrumb with short names', () => {
  const p = built([['app', ['app::geometry::World::step@1'], 1]]);
  const f = frameId(p, 'app::geometry::World::step');
  assert.deepEqual(
    [
      { kind: 'merge', frame: f },
      { kind: 'dropStartup' },
      { kind: 'collapseCrate', crate: 'std' },
      { kind: 'threads', frames: [frameId(p, 'app')] },
    ].map((s) => describeStep(s as TransformStep, p.frames)),
    ['Merge World::step', 'Hide start-up frames', 'Collapse std', 'Thread app'],
  );
});
