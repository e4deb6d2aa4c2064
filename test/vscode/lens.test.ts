// Launcher of the profile-lens suite (./suite/lens.ts) in a real VS Code
// (code-server 1.100.3's extension host): its own window and workspace copy,
// so it runs whatever the main suite does.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runExtensionHostTests } from '../harness/codeServer';
import { repoRoot } from '../helpers/repo';
import { makeTestWorkspace, copyCrate } from './workspaceCopy';

test('profile lenses work in real VS Code', { timeout: 900_000 }, async () => {
  for (const bundle of ['extension.js', 'server.js', 'tree-sitter.wasm', 'tree-sitter-rust.wasm']) {
    assert.ok(fs.existsSync(path.join(repoRoot(), 'dist', bundle)), `dist/${bundle} is missing: run npm run build first`);
  }
  const workspace = makeTestWorkspace('rf-lens-');
  // The lens fixture too: its library's #[test]s get ▶ Profile lenses that run one test alone.
  copyCrate(path.join(repoRoot(), 'test', 'fixtures', 'crates', 'lens-attribution'), path.join(workspace, 'lens-attribution'));
  const lines: string[] = [];
  try {
    const { exitCode, serverLog } = await runExtensionHostTests({
      extensionPath: repoRoot(),
      testsModule: path.join(__dirname, 'suite', 'lens.js'),
      workspaceFolder: workspace,
      timeoutMs: 850_000,
      log: (s) => {
        lines.push(s);
        console.log(`  [exthost] ${s}`);
      },
    });
    if (exitCode !== 0 && process.env.RF_VSCODE_VERBOSE) console.log(serverLog);
    assert.equal(
      exitCode,
      0,
      `the lens suite failed (exit ${exitCode}):\n${lines
        .filter((l) => /FAIL|Error|assert/i.test(l))
        .slice(0, 40)
        .join('\n')}`,
    );
    assert.ok(
      lines.some((l) => / passed, 0 failed$/.test(l)),
      'the suite did not report its result',
    );
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
});
