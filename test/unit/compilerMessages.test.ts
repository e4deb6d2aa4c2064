// cargo's compiler messages (--message-format=json) → the typed diagnostics
// the Problems panel shows. The message below is what cargo 1.8x prints for
// test/fixtures/crates/type-error (trimmed to the fields we read).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnosticOf, compilingCrate, CompilerMessage } from '../../src/core/cargo/compilerMessages';

const E0308: CompilerMessage = {
  reason: 'compiler-message',
  message: {
    message: 'mismatched types',
    code: { code: 'E0308' },
    level: 'error',
    spans: [
      { file_name: 'src/other.rs', line_start: 1, line_end: 1, column_start: 1, column_end: 2, is_primary: false },
      { file_name: 'src/main.rs', line_start: 3, line_end: 3, column_start: 18, column_end: 32, is_primary: true },
    ],
    rendered: 'error[E0308]: mismatched types\n --> src/main.rs:3:18\n',
  },
};

test('the primary span, made absolute from the workspace root, with severity and code', () => {
  assert.deepEqual(diagnosticOf(E0308, '/ws'), {
    file: '/ws/src/main.rs',
    line: 3,
    column: 18,
    endLine: 3,
    endColumn: 32,
    severity: 'error',
    message: 'mismatched types',
    code: 'E0308',
  });
});

test('warnings keep their level and lint name; absolute paths stay; a message without span gives nothing', () => {
  const w: CompilerMessage = {
    reason: 'compiler-message',
    message: {
      message: 'unused variable: `x`',
      code: { code: 'unused_variables' },
      level: 'warning',
      spans: [{ file_name: '/dep/src/lib.rs', line_start: 7, line_end: 8, column_start: 9, column_end: 1, is_primary: true }],
    },
  };
  assert.deepEqual(diagnosticOf(w, '/ws'), {
    file: '/dep/src/lib.rs',
    line: 7,
    column: 9,
    endLine: 8,
    endColumn: 1,
    severity: 'warning',
    message: 'unused variable: `x`',
    code: 'unused_variables',
  });
  const ice: CompilerMessage = {
    reason: 'compiler-message',
    message: {
      message: 'boom',
      level: 'error: internal compiler error',
      code: null,
      spans: [{ file_name: 'a.rs', line_start: 1, line_end: 1, column_start: 1, column_end: 1, is_primary: true }],
    },
  };
  assert.equal(diagnosticOf(ice, '/ws')?.severity, 'error');
  assert.equal(diagnosticOf(ice, '/ws')?.code, undefined);
  assert.equal(
    diagnosticOf(
      { reason: 'compiler-message', message: { message: 'aborting due to 1 previous error', level: 'error', spans: [] } },
      '/ws',
    ),
    null,
  );
});

test('cargo\'s "Compiling" lines name the crate', () => {
  assert.equal(compilingCrate('   Compiling seed-demo v0.1.0 (/x/seed-demo)'), 'seed-demo');
  assert.equal(compilingCrate('    Finished `release` profile'), undefined);
});
