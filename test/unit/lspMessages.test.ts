// The pieces of the profile server's answers that tests over stdio cannot
// reach: an unexpected failure's text replaced by a plain sentence, and
// Markdown escaping of names at its edges, the stdin header check's framing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCodes, Message, ResponseMessage } from 'vscode-languageserver/node';
import { withoutInternals, INTERNAL_ERROR_TEXT } from '../../src/server/connection';
import { markdownCode, markdownText } from '../../src/server/markdown';
import { paramsProblem } from '../../src/server/paramChecks';
import { HeaderCheck } from '../../src/server/headerCheck';

test('an internal error reaches the client as one plain sentence, other messages unchanged', () => {
  const raw = "Request textDocument/hover failed with message: Cannot read properties of null (reading 'x')";
  const failed = { jsonrpc: '2.0', id: 3, error: { code: ErrorCodes.InternalError, message: raw } } as ResponseMessage;
  const written: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((t: string) => written.push(t)) as unknown as typeof process.stderr.write;
  let sent: Message;
  try {
    sent = withoutInternals(failed);
  } finally {
    process.stderr.write = write;
  }
  assert.deepEqual(sent, { jsonrpc: '2.0', id: 3, error: { code: ErrorCodes.InternalError, message: INTERNAL_ERROR_TEXT } });
  assert.match(written.join(''), /Cannot read properties of null/, 'the details go to stderr');
  const invalid = { jsonrpc: '2.0', id: 4, error: { code: ErrorCodes.InvalidParams, message: 'x needs y.' } } as ResponseMessage;
  assert.equal(withoutInternals(invalid), invalid);
  const result = { jsonrpc: '2.0', id: 5, result: null } as ResponseMessage;
  assert.equal(withoutInternals(result), result);
});

test('Markdown: code spans hold any name verbatim, text escapes every punctuation character', () => {
  assert.equal(markdownCode('app::main'), '`app::main`');
  assert.equal(markdownCode('a``b'), '```a``b```');
  assert.equal(markdownCode('`x'), '`` `x ``');
  assert.equal(markdownCode(' x '), '`  x  `');
  assert.equal(markdownCode('a\nb'), '`a b`');
  assert.equal(markdownText('<img src=x>'), '\\<img src\\=x\\>');
  assert.equal(markdownText('a_b*c&d#e'), 'a\\_b\\*c\\&d\\#e');
  assert.equal(markdownText('x\n\n# y'), 'x \\# y');
});

test('params: the first field that is wrong, in plain words', () => {
  assert.equal(paramsProblem('textDocument/hover', null), 'params as an object');
  assert.equal(
    paramsProblem('textDocument/hover', { textDocument: { uri: 'file:///a.rs' }, position: { line: -1, character: 0 } }),
    'params.position.line as a whole number ≥ 0',
  );
  assert.equal(paramsProblem('textDocument/hover', { textDocument: { uri: 'file:///a.rs' }, position: { line: 1, character: 0 } }), null);
  assert.equal(
    paramsProblem('textDocument/didChange', { textDocument: { uri: 'u', version: 2 }, contentChanges: [{ text: 'x', range: {} }] }),
    'params.contentChanges as a list of {text, range?}',
  );
  assert.equal(
    paramsProblem('textDocument/inlayHint', { textDocument: { uri: 'file:///a.rs' }, range: { start: { line: 0, character: 0 } } }),
    'params.range as a range {start, end}',
  );
  assert.equal(
    paramsProblem('textDocument/inlayHint', {
      textDocument: { uri: 'file:///a.rs' },
      range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } },
    }),
    null,
  );
  assert.equal(paramsProblem('initialize', { capabilities: {}, rootUri: null }), null);
  assert.equal(paramsProblem('someUnknown/method', null), null, 'not ours to check');
});

test('the header check passes messages split or joined anyhow, unchanged, and fails a bad header', async () => {
  const frame = (body: string) =>
    `Content-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n${body}`;
  const input = Buffer.from(frame('{"a":"ü"}') + frame('') + frame('{"b":2}'));
  for (const size of [1, 3, 7, input.length]) {
    const check = new HeaderCheck();
    const out: Buffer[] = [];
    check.on('data', (b: Buffer) => out.push(b));
    for (let i = 0; i < input.length; i += size) check.write(input.subarray(i, i + size));
    check.end();
    await new Promise((r) => check.on('end', r));
    assert.deepEqual(Buffer.concat(out), input, `chunks of ${size}`);
  }
  for (const [bad, why] of [
    ['Content-Length: 12abc\r\n\r\n', /not a number of bytes/],
    ['Content-Length: 999999999\r\n\r\n', /over the 256 MB/],
    ['Content-Type: x\r\n\r\n', /no Content-Length/],
    ['garbage\r\n\r\n', /not "Name: value"/],
    ['x'.repeat(9000), /longer than/],
  ] as const) {
    const check = new HeaderCheck();
    const failed = new Promise<Error>((r) => check.on('error', r));
    check.resume();
    check.write(Buffer.from(bad));
    assert.match((await failed).message, why);
  }
});
