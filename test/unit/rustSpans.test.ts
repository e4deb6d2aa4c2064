// Rust functions found by tree-sitter-rust: spans, nesting, attributes, and
// the things that must not fool it (closures, macros, strings, #[cfg] twins).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRustFunctions, innermostFnByLine, parseRust, editBetween } from '../../src/server/rustSpans';

const SOURCE = `use std::fmt;
/// A doc comment
#[inline(never)]
fn generic<T: Into<u64>>(x: T) -> u64 {
    let s = "fn not_a_fn() { }";
    let r = r#"fn also_not() {"#;
    let c = |y: u64| { y + 1 };
    c(x.into())
}
struct S;
impl<T> fmt::Debug for Wrapper<T> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        fn helper() -> u32 {
            7
        }
        write!(f, "{}", helper())
    }
}
macro_rules! make {
    ($n:ident) => { fn $n() {} };
}
make!(made);
#[cfg(unix)]
fn twin() {}
#[cfg(not(unix))]
fn twin() {}
trait T {
    fn required(&self);
    fn provided(&self) -> u32 { 1 }
}
#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    // a comment between attribute and item
    fn adds() {
        assert_eq!(generic(1u32), 2);
    }
    #[tokio::test]
    async fn async_test() {}
    #[bench]
    fn bench_it(b: &mut Bencher) {}
    mod deeper {
        #[test]
        fn deep() {}
    }
}
`;

test('finds every fn item with its line span, and nothing else', async () => {
  const fns = await parseRustFunctions(SOURCE);
  const names = fns.map((f) => f.name);
  assert.deepEqual(names, ['generic', 'fmt', 'helper', 'twin', 'twin', 'provided', 'adds', 'async_test', 'bench_it', 'deep']);
  const generic = fns[0];
  assert.deepEqual(
    [generic.startLine, generic.endLine, generic.lensLine],
    [3, 8, 2],
    'span from the fn line; the lens goes above #[inline]',
  );
  const fmt = fns[1];
  assert.equal(fmt.implType, 'Wrapper');
  assert.deepEqual([fmt.startLine, fmt.endLine], [11, 16]);
  const helper = fns[2];
  assert.equal(helper.depth, 1, 'nested in fmt');
  assert.deepEqual([helper.startLine, helper.endLine], [12, 14]);
});

test('test and bench attributes, module paths of tests', async () => {
  const fns = await parseRustFunctions(SOURCE);
  const by = (n: string) => fns.find((f) => f.name === n)!;
  assert.equal(by('adds').isTest, true);
  assert.deepEqual(by('adds').modules, ['tests']);
  assert.equal(by('adds').lensLine, 33, 'above #[test], across the comment');
  assert.equal(by('async_test').isTest, true);
  assert.equal(by('bench_it').isBench, true);
  assert.deepEqual(by('deep').modules, ['tests', 'deeper']);
  assert.equal(by('generic').isTest, false);
  assert.equal(by('twin').isTest, false);
});

test('innermost function per line: nested fns win over their parent, closures and macros do not count', async () => {
  const fns = await parseRustFunctions(SOURCE);
  const map = innermostFnByLine(fns, SOURCE.split('\n').length);
  const at = (line0: number) => (map[line0] < 0 ? null : fns[map[line0]].name);
  assert.equal(at(6), 'generic', 'closure line belongs to the fn around it');
  assert.equal(at(13), 'helper');
  assert.equal(at(15), 'fmt', 'after the nested fn, back in fmt');
  assert.equal(at(19), null, 'macro_rules body');
  assert.equal(at(21), null, 'macro invocation');
  assert.equal(at(9), null, 'struct');
});

test('a 5,000-line file parses into its 400 functions', async () => {
  let text = '';
  for (let i = 0; i < 400; i++) text += `fn f${i}(x: u64) -> u64 {\n${'    let y = x * 3 + 1; // {\n'.repeat(10)}    x\n}\n`;
  const fns = await parseRustFunctions(text);
  assert.equal(fns.length, 400);
  assert.equal(fns[399].name, 'f399');
  assert.equal(fns[399].endLine, 400 * 13 - 1);
});

test('an incremental parse from a previous version gives what a full parse gives', async () => {
  const edits: ((t: string) => string)[] = [
    (t) => '// a new first line\n' + t,
    (t) => t.replace('fn twin() {}\n#[cfg(not(unix))]', 'fn twin() {\n    fn inside() {}\n}\n#[cfg(not(unix))]'),
    (t) => t.replace(/impl<T> fmt::Debug[\s\S]*?\n}\n/, ''),
    (t) => t.replace('fn adds()', 'fn renamed_test()'),
    (t) => t.replace('#[test]\n    // a comment', '#[test]\n    #[ignore]\n    // a comment'),
    (t) => t + 'fn at_the_end() { let s = "é🔥"; }\n',
  ];
  let previous = await parseRust(SOURCE);
  let text = SOURCE;
  try {
    for (const edit of edits) {
      const next = edit(text);
      assert.notEqual(next, text, 'the edit applies');
      const incremental = await parseRust(next, { text, tree: previous.tree });
      assert.deepEqual(incremental.fns, await parseRustFunctions(next));
      previous.tree.delete();
      previous = incremental;
      text = next;
    }
  } finally {
    previous.tree.delete();
  }
  const e = editBetween('ab\ncd\nef', 'ab\ncXd\nef');
  assert.deepEqual(
    [e.startIndex, e.oldEndIndex, e.newEndIndex, e.startPosition, e.oldEndPosition, e.newEndPosition],
    [4, 4, 5, { row: 1, column: 1 }, { row: 1, column: 1 }, { row: 1, column: 2 }],
  );
});
