// Launcher of the extension-host suite (./suite/index.ts) in a real VS Code:
// code-server 1.100.3's extension host, driven through test/harness/codeServer.ts.
// It builds nothing (npm test builds first); it fails when the suite's run()
// rejects or the extension host dies.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runExtensionHostTests } from '../harness/codeServer';
import { repoRoot } from '../helpers/repo';
import { makeTestWorkspace } from './workspaceCopy';

test('extension-host suite passes in real VS Code', { timeout: 1_500_000 }, async () => {
  for (const bundle of ['extension.js', 'engine.js', 'webview.js']) {
    assert.ok(fs.existsSync(path.join(repoRoot(), 'dist', bundle)), `dist/${bundle} is missing: run npm run build first`);
  }
  const workspace = makeTestWorkspace('rf-exthost-', ['multi-target', 'broken-build']);
  const lines: string[] = [];
  try {
    const { exitCode, serverLog } = await runExtensionHostTests({
      extensionPath: repoRoot(),
      testsModule: path.join(__dirname, 'suite', 'index.js'),
      workspaceFolder: workspace,
      timeoutMs: 1_400_000,
      log: (s) => {
        lines.push(s);
        console.log(`  [exthost] ${s}`);
      },
    });
    if (exitCode !== 0 && process.env.RF_VSCODE_VERBOSE) console.log(serverLog);
    assert.equal(
      exitCode,
      0,
      `the extension-host suite failed (exit ${exitCode}):\n${lines
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
