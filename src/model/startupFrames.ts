// The runtime's start-up frames: what the C runtime, std's `lang_start` and
// `thread::spawn` put above the user's `main` or thread closure on every
// stack (about 14 rows per thread on Rust 1.95). Recognized by name only, so
// a profile read from perf script text (no kinds, no files) drops them too;
// the transform drops them only as the leading run of a thread's frames, so
// a user's own `catch_unwind` or `call_once` deeper down stays.

/** Names matched whole: the C runtime's entry points and the thread start glue. */
const EXACT = new Set(['_start', '__libc_start_main', '__libc_start_call_main', 'main', 'clone', 'clone3', 'start_thread']);

/**
 * Name prefixes, after generic arguments: each is a std shim on the way to the
 * user's code (v0 and legacy demangling, old and new std module paths).
 */
const PREFIXES = [
  '__libc_start_main@', // perf script's versioned symbol: __libc_start_main@@GLIBC_2.34
  'std::rt::lang_start',
  'std::panic::catch_unwind',
  'std::panicking::catch_unwind',
  'std::panicking::try',
  'std::sys::backtrace::__rust_begin_short_backtrace',
  'std::sys_common::backtrace::__rust_begin_short_backtrace',
  'core::ops::function::FnOnce::call_once',
  'std::thread::Builder::spawn_unchecked_',
  'std::thread::lifecycle::spawn_unchecked',
  '<std::sys::thread::unix::Thread>::new::thread_start',
  '<std::sys::pal::unix::thread::Thread>::new::thread_start',
  'std::sys::pal::unix::thread::Thread::new::thread_start',
  'std::sys::thread::unix::Thread::new::thread_start',
];

/** `<X as core::ops::function::FnOnce<…>>::call_once` for the boxed closures and `AssertUnwindSafe` std calls through. */
const CALL_ONCE_SHIM =
  /^<(?:&dyn core::ops::function::Fn|alloc::boxed::Box<dyn core::ops::function::FnOnce|core::panic::unwind_safe::AssertUnwindSafe<).* as core::ops::function::FnOnce<[^>]*>>::call_once/;

const MAX_SHIM_NAME = 1024;

/** True for a frame the runtime runs before the user's `main` or thread closure. */
export function isStartupFrame(name: string): boolean {
  if (EXACT.has(name)) return true;
  for (const p of PREFIXES) if (name.startsWith(p)) return true;
  // The shim's pattern backtracks on a long name (a hostile 512k-character one took 7 s); std's shims are
  // under 300 characters.
  return name.length <= MAX_SHIM_NAME && CALL_ONCE_SHIM.test(name);
}
