// The import boundaries are enforced by ESLint (eslint.config.mjs, run by
// `npm run build`): a wrong import in a file placed in webview/, src/model or
// src/protocol is an error, and the real tree lints clean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '..', '..', '..');

/** The boundary errors ESLint reports for `code` placed (virtually) at `file` in the repository. */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.ruleId === 'boundaries/imports').map((m) => m.message);
}

test('the webview may not reach into the engine', async () => {
  const errors = await boundaryErrors(
    'webview/ui/wrong.ts',
    [
      "import { renderFlamegraphSvg } from '../../src/core/export/flamegraphSvg';",
      "import { ProfilingController } from '../../src/extension/profilingController';",
      "import * as fs from 'node:fs';",
      "import * as vscode from 'vscode';",
      "import { percent } from '../../src/model/format';",
      "import type { ViewState } from '../../src/protocol/webviewMessages';",
      "import { select } from 'd3-selection';",
      'export const x = [renderFlamegraphSvg, ProfilingController, fs, vscode, percent, select] as unknown as ViewState;',
    ].join('\n'),
  );
  assert.equal(errors.length, 4, errors.join('\n'));
  assert.match(
    errors[0],
    /^webview may import only webview, src\/model, src\/protocol, d3-flame-graph, d3-selection .*'\.\.\/\.\.\/src\/core\/export\/flamegraphSvg' is src\/core\/export\/flamegraphSvg$/,
  );
  assert.match(errors[1], /is src\/extension\/profilingController$/);
  assert.match(errors[2], /^webview must not import the Node built-in 'node:fs'/);
  assert.match(errors[3], /'vscode' is a package$/);
});

test('the model imports neither vscode nor Node, nor anything outside src/model', async () => {
  const errors = await boundaryErrors(
    'src/model/wrong.ts',
    [
      "import * as vscode from 'vscode';",
      "import { readFileSync } from 'node:fs';",
      "import * as path from 'path';",
      "import { UserError } from '../core/errors';",
      "import { hash32 } from './nameHash';",
      'export const x = [vscode, readFileSync, path, UserError, hash32];',
    ].join('\n'),
  );
  assert.deepEqual(
    errors.map((e) => e.replace(/ \(.*\)/, '')),
    [
      "src/model may import only src/model; 'vscode' is a package",
      "src/model must not import the Node built-in 'node:fs'",
      "src/model must not import the Node built-in 'path'",
      "src/model may import only src/model; '../core/errors' is src/core/errors",
    ],
  );
});

test('the protocol imports only the protocol and the model; the engine and the host keep their sides', async () => {
  assert.deepEqual(
    await boundaryErrors(
      'src/protocol/wrong.ts',
      "import { UserError } from '../core/errors';\nimport type { TargetKind } from '../model/targets';\nexport type X = [UserError, TargetKind];",
    ),
    [
      "src/protocol may import only src/protocol, src/model (the protocol is shared by the host, the engine and the page); '../core/errors' is src/core/errors",
    ],
  );
  const vscodeInProtocol = await boundaryErrors('src/protocol/wrong.ts', "import * as vscode from 'vscode';\nexport const v = vscode;");
  assert.match(vscodeInProtocol[0], /^src\/protocol may import only src\/protocol, src\/model .*'vscode' is a package$/);
  const engine = await boundaryErrors(
    'src/core/wrong.ts',
    "import * as vscode from 'vscode';\nimport { x } from '../extension/config';\nimport * as fs from 'node:fs';\nexport const y = [vscode, x, fs];",
  );
  assert.equal(engine.length, 2, engine.join('\n'));
  assert.match(engine[0], /^src\/core must not import 'vscode'/);
  assert.match(engine[1], /^src\/core must not import src\/extension/);
  const host = await boundaryErrors(
    'src/extension/wrong.ts',
    "import { FlameChart } from '../../webview/ui/flameChart';\nimport * as vscode from 'vscode';\nexport const y = [FlameChart, vscode];",
  );
  assert.equal(host.length, 1);
  assert.match(host[0], /^src\/extension must not import webview/);
});

test('the real tree lints clean', { timeout: 120_000 }, async () => {
  const eslint = new ESLint({ cwd: root });
  const results = await eslint.lintFiles(['src', 'webview', 'test', 'scripts', 'bench', 'eslint.config.mjs']);
  const problems = results.flatMap((r) => r.messages.map((m) => `${path.relative(root, r.filePath)}:${m.line} ${m.ruleId}: ${m.message}`));
  assert.deepEqual(problems, []);
});

test("the extension host may not run the engine itself: cargo, perf and the symbolizer are the worker's", async () => {
  const errors = await boundaryErrors(
    'src/extension/wrong.ts',
    [
      "import { readWorkspace } from '../core/cargo/metadata';",
      "import { recordJob } from '../core/jobs/jobs';",
      "import { readProfileFile } from '../core/export/readProfile';",
      'export const x = [readWorkspace, recordJob, readProfileFile];',
    ].join('\n'),
  );
  assert.equal(errors.length, 2, errors.join('\n'));
  assert.match(errors[0], /^src\/extension must not import src\/core\/cargo .*is src\/core\/cargo\/metadata$/);
  assert.match(errors[1], /^src\/extension must not import src\/core\/jobs /);
});
