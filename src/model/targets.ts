// The kinds of cargo target a profile is recorded from, shared by the engine
// (cargo metadata), the protocol and the extension's target picker.

/** `lib` is only profiled through its unit-test harness (`cargo test --lib`). */
export type TargetKind = 'bin' | 'example' | 'test' | 'bench' | 'lib';
