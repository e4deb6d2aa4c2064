// The bundled command line demangles with the rustc-demangle WebAssembly file
// that the build puts beside it, as an installed .vsix has it: copied alone
// into an empty folder (no node_modules above), with and without that file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../helpers/repo';

const BUNDLE_FILES = ['cli.js', 'webview.js', 'webview.css', 'tree-sitter.wasm', 'tree-sitter-rust.wasm'];

function reportIn(dir: string, text: string): { code: number | null; out: string } {
  const file = path.join(dir, 'saved.txt');
  writeFileSync(file, text);
  const r = spawnSync(process.execPath, [path.join(dir, 'cli.js'), 'report', file, '--output', path.join(dir, 'out')], {
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

test('dist/cli.js demangles with the .wasm beside it, and says so when it is missing', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rf-bundle-'));
  try {
    for (const f of BUNDLE_FILES) copyFileSync(path.join(repoRoot(), 'dist', f), path.join(dir, f));
    // A legacy and a v0 name, as perf prints them for code it could not demangle.
    const text =
      'app  1   1.0:    1 cpu-clock: \n\t  1234 _ZN4main12process_data17h2561b0a8f6b485b6E+0x1 (/nonexistent/app)\n\n' +
      'app  1   2.0:    1 cpu-clock: \n\t  1240 _RNvXCs32gj3y4fnmh_4mainNtB2_6CircleNtB2_5Shape4area+0x1 (/nonexistent/app)\n\n';

    const missing = reportIn(dir, text);
    assert.notEqual(missing.code, 0);
    assert.match(missing.out, /gecko-profiler-demangle\.wasm is missing/);

    copyFileSync(path.join(repoRoot(), 'dist', 'gecko-profiler-demangle.wasm'), path.join(dir, 'gecko-profiler-demangle.wasm'));
    const ok = reportIn(dir, text);
    assert.equal(ok.code, 0, ok.out);
    assert.match(ok.out, / main::process_data\n/);
    assert.match(ok.out, / <main::Circle as main::Shape>::area\n/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
