// The shape of the params of each method the profile server handles,
// checked before any handler (ours or vscode-languageserver's) reads them:
// a handler given `null` would fail with a JavaScript error, which is no
// answer for a client. A check returns what is wrong, in plain words, or null.

type Check = (params: unknown) => string | null;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isWhole = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Walks `params` along `path` ("textDocument.uri") and tests the value found there. */
function field(params: unknown, path: string, ok: (v: unknown) => boolean, what: string): string | null {
  let v: unknown = params;
  for (const key of path.split('.')) {
    if (!isObject(v)) return `params.${path} as ${what}`;
    v = v[key];
  }
  return ok(v) ? null : `params.${path} as ${what}`;
}

const STRING = [(v: unknown) => typeof v === 'string', 'a string'] as const;
const WHOLE = [isWhole, 'a whole number ≥ 0'] as const;
const INTEGER = [(v: unknown) => Number.isInteger(v), 'a whole number'] as const;
const OBJECT = [isObject, 'an object'] as const;
const optional = (ok: (v: unknown) => boolean) => (v: unknown) => v === undefined || v === null || ok(v);

function fields(...specs: [string, readonly [(v: unknown) => boolean, string]][]): Check {
  return (params) => {
    if (!isObject(params)) return 'params as an object';
    for (const [path, [ok, what]] of specs) {
      const bad = field(params, path, ok, what);
      if (bad) return bad;
    }
    return null;
  };
}

const isPosition = (v: unknown) => isObject(v) && isWhole(v.line) && isWhole(v.character);
const isRange = (v: unknown) => isObject(v) && isPosition(v.start) && isPosition(v.end);
const isChange = (v: unknown) => isObject(v) && typeof v.text === 'string' && optional(isRange)(v.range);
const isFolder = (v: unknown) => isObject(v) && typeof v.uri === 'string';

const CHECKS: Record<string, Check> = {
  initialize: fields(
    ['capabilities', OBJECT],
    ['rootUri', [optional((v) => typeof v === 'string'), 'a string or null']],
    ['workspaceFolders', [optional((v) => Array.isArray(v) && v.every(isFolder)), 'a list of {uri} or null']],
  ),
  'textDocument/codeLens': fields(['textDocument.uri', STRING]),
  'textDocument/hover': fields(['textDocument.uri', STRING], ['position.line', WHOLE], ['position.character', WHOLE]),
  'textDocument/inlayHint': fields(['textDocument.uri', STRING], ['range', [isRange, 'a range {start, end}']]),
  'rustFlamegraph/lineHeat': fields(['uri', STRING]),
  'textDocument/didOpen': fields(
    ['textDocument.uri', STRING],
    ['textDocument.languageId', STRING],
    ['textDocument.version', INTEGER],
    ['textDocument.text', STRING],
  ),
  'textDocument/didChange': fields(
    ['textDocument.uri', STRING],
    ['textDocument.version', INTEGER],
    ['contentChanges', [(v) => Array.isArray(v) && v.every(isChange), 'a list of {text, range?}']],
  ),
  'textDocument/didClose': fields(['textDocument.uri', STRING]),
  'textDocument/didSave': fields(['textDocument.uri', STRING]),
  'workspace/didChangeConfiguration': fields(),
  'rustFlamegraph/profileChanged': fields(['profileJson', STRING]),
  '$/cancelRequest': fields(['id', [(v) => typeof v === 'string' || Number.isInteger(v), 'a number or a string']]),
};

/** What is wrong with the params of `method` ("params.position.line as a whole number ≥ 0"), or null when they will do. */
export function paramsProblem(method: string, params: unknown): string | null {
  const check = CHECKS[method];
  return check ? check(params) : null;
}
