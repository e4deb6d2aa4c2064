// Names from a profile (functions, file names) put into hover Markdown as
// text: a file named `a*b_[x](javascript:alert(1)).rs` or a Rust name with
// `<`, `&`, `*`, `_` or backticks must not become a link, emphasis or HTML.

/** Plain text: every ASCII punctuation character backslash-escaped (CommonMark allows it for each), lines joined. */
export function markdownText(text: string): string {
  return oneLine(text).replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/**
 * An inline code span holding `text` verbatim: fenced by one backtick more than its longest run of
 * backticks, and padded by a space when it starts or ends with a backtick or a space (CommonMark
 * strips one space from each side).
 */
export function markdownCode(text: string): string {
  const t = oneLine(text);
  const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(t) ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

/** A line break would end the list item or the paragraph the name sits in. */
const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ');
