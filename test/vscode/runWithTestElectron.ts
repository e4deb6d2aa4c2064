// The same extension-host suite (./suite/index.ts) in a downloaded VS Code,
// through @vscode/test-electron, for machines that can download it (this one
// cannot: the tests here use code-server instead, see extensionHost.test.ts).
// Run with `npm run test:electron`.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { repoRoot } from '../helpers/repo';
import { makeTestWorkspace } from './workspaceCopy';

async function main(): Promise<void> {
  const workspace = makeTestWorkspace('rf-electron-', ['multi-target', 'broken-build']);
  try {
    await runTests({
      version: '1.100.3',
      extensionDevelopmentPath: repoRoot(),
      extensionTestsPath: path.join(__dirname, 'suite', 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    });
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
