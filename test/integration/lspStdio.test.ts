// `rust-flamegraph lsp --stdio` driven as any editor would: a plain JSON-RPC
// client written here (Content-Length framing by hand), a workspace with a
// real profile under target/, a document opened, lenses, heat and hovers
// asked for, the document edited (stale), then shutdown and exit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { fixtureCrate, repoRoot, runCli } from '../helpers/repo';
import { StdioClient } from '../helpers/lspClient';
import { tmpCrate } from '../helpers/badDays';

const crate = fixtureCrate('lens-attribution');
const mainRs = path.join(crate, 'src', 'main.rs');

interface Lens {
  range: { start: { line: number } };
  command: { title: string; command: string; arguments: unknown[] };
}

test('lsp --stdio serves lenses, heat and hovers of the newest profile under target/', async () => {
  // The newest profile of the crate, in the default place (<target>/rust-flamegraph/profiles/bin-…).
  const rec = await runCli(['record', '--manifest-path', path.join(crate, 'Cargo.toml'), '--bin', 'lens-attribution']);
  assert.equal(rec.code, 0, rec.stderr);

  const child = spawn(process.execPath, [path.join(repoRoot(), 'dist', 'cli.js'), 'lsp', '--stdio'], { cwd: crate });
  const client = new StdioClient(child);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const init = await client.request<{ capabilities: { codeLensProvider?: object; hoverProvider?: boolean; inlayHintProvider?: object } }>(
      'initialize',
      {
        processId: process.pid,
        rootUri: pathToFileURL(crate).href,
        capabilities: {},
        initializationOptions: { lens: { threshold: 1 } },
      },
    );
    assert.ok(init.capabilities.codeLensProvider && init.capabilities.hoverProvider && init.capabilities.inlayHintProvider);
    client.notify('initialized', {});
    const uri = pathToFileURL(mainRs).href;
    const text = readFileSync(mainRs, 'utf8');
    const lines = text.split('\n');
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'rust', version: 1, text } });

    const lenses = await client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri } });
    const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle));
    const at = (line: number) => lenses.filter((l) => l.range.start.line === line).map((l) => l.command.title);
    const hot = /^🔥 \d+\.\d% total · \d+\.\d% self\+libs$/;
    // Lenses sit above the attributes of each fn.
    assert.ok(
      at(lineOf('fn with_closure') - 1).some((t) => hot.test(t)),
      `with_closure: ${JSON.stringify(lenses.map((l) => [l.range.start.line, l.command.title]))}`,
    );
    assert.ok(
      at(lineOf('#[inline(always)]')).some((t) => hot.test(t)),
      'mix, the inlined fn',
    );
    const mainLine = lineOf('fn main()');
    assert.ok(at(mainLine).includes('▶ Profile'), 'profile lens on main');
    assert.ok(
      at(mainLine).some((t) => hot.test(t)),
      'main is hot',
    );
    const mainHot = lenses.find((l) => l.range.start.line === mainLine && hot.test(l.command.title))!;
    assert.equal(mainHot.command.command, 'rustFlamegraph.revealFunction');
    assert.equal(mainHot.command.arguments[0], 'lens_attribution::main');
    const testLens = lenses.find((l) => l.range.start.line === lineOf('fn squares_add_up') - 1 && l.command.title === '▶ Profile')!;
    assert.deepEqual(testLens.command.arguments[0], {
      manifestPath: path.join(crate, 'Cargo.toml'),
      package: 'lens-attribution',
      kind: 'bin',
      name: 'lens-attribution',
      exactTest: 'tests::squares_add_up',
    });
    assert.ok(!at(lineOf('macro_rules!') + 3).length, 'nothing inside the macro');

    const heat = await client.request<{ line: number; self: number; total: number; ownSelf: number; fraction: number }[]>(
      'rustFlamegraph/lineHeat',
      { uri },
    );
    assert.ok(heat.length > 5);
    const hottest = heat.reduce((a, b) => (b.ownSelf > a.ownSelf ? b : a));
    assert.ok(hottest.fraction > 0 && hottest.fraction <= 1 && hottest.total >= hottest.self && hottest.ownSelf >= hottest.self);
    // Its figure at the end of the line, as an inlay hint (the hottest line is over the 1% threshold).
    const hints = await client.request<{ position: { line: number; character: number }; label: string }[]>('textDocument/inlayHint', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } },
    });
    const hint = hints.find((h) => h.position.line === hottest.line);
    assert.ok(hint, `a hint on line ${hottest.line}: ${JSON.stringify(hints)}`);
    assert.equal(hint.position.character, lines[hottest.line].length, 'after the last character: no code moves');
    assert.match(hint.label, /^🔥 \d+\.\d% self\+libs$/);
    const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri },
      position: { line: hottest.line, character: 4 },
    });
    assert.match(hover!.contents.value, /^\*\*🔥 \d+\.\d% self\+libs · \d+\.\d% total · \d+\.\d% self\*\* on this line/);
    assert.match(hover!.contents.value, /Top callers( of `\w+`)?:\n- `lens_attribution::/);
    assert.match(hover!.contents.value, /Heat level \d of 5/);

    // Edited since the profile: the lenses say so, the heat goes away (its lines would be wrong).
    client.notify('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: '// a new first line\n' + text }],
    });
    const stale = await client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri } });
    const staleHot = stale.filter((l) => l.command.title.startsWith('🔥'));
    assert.ok(staleHot.length > 0 && staleHot.every((l) => l.command.title.endsWith(' · ⚠ file changed since the profile')));
    // Same numbers (attributed on the file as profiled), each on its function's new line.
    const freshHot = lenses.filter((l) => l.command.title.startsWith('🔥'));
    assert.deepEqual(
      staleHot.map((l) => [l.range.start.line, l.command.title]),
      freshHot.map((l) => [l.range.start.line + 1, `${l.command.title} · ⚠ file changed since the profile`]),
    );
    assert.deepEqual(await client.request('rustFlamegraph/lineHeat', { uri }), []);
    assert.deepEqual(
      await client.request('textDocument/inlayHint', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 999, character: 0 } },
      }),
      [],
      'no figures on lines that moved',
    );
    client.notify('workspace/didChangeConfiguration', { settings: { rustFlamegraph: { lens: { staleCode: 'hide' } } } });
    const hidden = await client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.equal(hidden.filter((l) => l.command.title.startsWith('🔥')).length, 0);
    assert.ok(
      hidden.some((l) => l.command.title === '▶ Profile'),
      'profile lenses stay',
    );

    await client.request('shutdown', null);
    client.notify('exit', null);
    assert.equal(await exited, 0);
  } finally {
    child.kill();
  }
});

test('lsp --stdio finds the profiles of a recording made with --target-dir when told the targetDir setting', async () => {
  const own = tmpCrate(
    'elsewhere',
    `
#[inline(never)]
fn hot(n: u64) -> u64 { let mut x = 1u64; for i in 0..n { x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(i)); } x }
fn main() { println!("{}", hot(300_000_000)); }
`,
  );
  // rustFlamegraph.targetDir is relative to the workspace root, as in VS Code.
  const rec = await runCli(['record', '--manifest-path', path.join(own, 'Cargo.toml'), '--target-dir', path.join(own, 'custom-target')]);
  assert.equal(rec.code, 0, rec.stderr);
  const source = path.join(own, 'src', 'main.rs');
  const hotLenses = async (initializationOptions: object) => {
    const child = spawn(process.execPath, [path.join(repoRoot(), 'dist', 'cli.js'), 'lsp', '--stdio'], { cwd: own });
    const client = new StdioClient(child);
    try {
      await client.request('initialize', {
        processId: process.pid,
        rootUri: pathToFileURL(own).href,
        capabilities: {},
        initializationOptions,
      });
      client.notify('initialized', {});
      const uri = pathToFileURL(source).href;
      client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'rust', version: 1, text: readFileSync(source, 'utf8') } });
      const lenses = await client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri } });
      return lenses.map((l) => l.command.title).filter((t) => t.startsWith('🔥'));
    } finally {
      await client.request('shutdown', null).catch(() => undefined);
      client.notify('exit', null);
      child.kill();
    }
  };
  assert.deepEqual(await hotLenses({}), [], 'not under target/: nothing without the setting');
  assert.ok((await hotLenses({ targetDir: 'custom-target' })).length >= 2, 'hot and main have lenses');
});
