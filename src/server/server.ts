// The profile language server: CodeLens, hover and line heat for Rust
// files from the engine's profile.json. Transport-free: `main.ts` (started
// by the extension) and `rust-flamegraph lsp --stdio` give it a connection.

import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  Connection,
  TextDocuments,
  CodeLens,
  Hover,
  MarkupKind,
  TextDocumentSyncKind,
  InitializeResult,
  CodeLensParams,
  HoverParams,
  InlayHint,
  InlayHintParams,
  ResponseError,
  ErrorCodes,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseRust, parseRustFunctions, PreviousParse, RustFn } from './rustSpans';
import { ProfileStore, newestProfile } from './profileStore';
import { ProfileIndex } from './profileIndex';
import { WorkspaceCache, targetOfFile, nearestManifest } from './fileTargets';
import { toolPath } from '../core/tools';
import { readRegularFile } from '../core/io/readRegularFile';
import { INTERNAL_ERROR_TEXT } from './connection';
import { hotFunctionLenses, profileLenses, PlainLens } from './documentLenses';
import { lineHeat, hoverMarkdown } from './lineHeat';
import { lineHints } from './lineHints';
import { attributeFile } from './attribution';
import {
  ProfileChangedNotification,
  ProfileChangedParams,
  ClearProfilesNotification,
  HeatChangedNotification,
  WorkspaceTrustedNotification,
  LineHeatRequest,
  LineHeatParams,
  LineHeatResult,
  LensSettings,
  readLensSettings,
  DEFAULT_LENS_SETTINGS,
} from '../protocol/lspProtocol';

interface ParsedDocument {
  version: number;
  fns: RustFn[];
  digest: string;
  /** The text and tree of this version, to parse the next version incrementally (null: none kept). */
  previous: PreviousParse | null;
  /** Over MAX_PARSED_CHARS: not parsed, and the file gets no lenses, heat or hover. */
  tooLarge?: boolean;
}

export function startProfileServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const store = new ProfileStore();
  const workspaces = new WorkspaceCache(toolPath('cargo'));
  const parsed = new Map<string, Promise<ParsedDocument>>();
  const preparse = new DiskParses();
  const searches = new Map<string, Promise<void>>();
  let settings: LensSettings = DEFAULT_LENS_SETTINGS;
  let roots: string[] = [];
  let canRefreshLenses = false;
  let canRefreshHints = false;
  let cleared = false;
  let targetDir = '';

  const log = (m: string) => connection.console.log(m);
  /** Documents over the size limit already named in the log (one line each). */
  const toldTooLarge = new Set<string>();

  /** An unexpected failure's details (the stack) go to stderr, the server's log; never to the client. */
  const logFailure = (method: string, e: unknown) =>
    process.stderr.write(`rust-flamegraph lsp: ${method} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  /** A handler whose unexpected failure reaches the client as one plain sentence. */
  const answer =
    <P, R>(method: string, handler: (params: P) => Promise<R>) =>
    async (params: P): Promise<R> => {
      try {
        return await handler(params);
      } catch (e) {
        if (e instanceof ResponseError) throw e;
        logFailure(method, e);
        throw new ResponseError(ErrorCodes.InternalError, INTERNAL_ERROR_TEXT);
      }
    };
  /** The same for a notification: nobody to answer, only the log. */
  const handle =
    <P>(method: string, handler: (params: P) => Promise<void> | void) =>
    (params: P): void => {
      void (async () => handler(params))().catch((e: unknown) => {
        logFailure(method, e);
        connection.console.error(`${method} failed; stderr has the details.`);
      });
    };

  connection.onInitialize((params): InitializeResult => {
    const opts = (params.initializationOptions ?? {}) as { lens?: unknown; cargo?: unknown; trusted?: unknown; targetDir?: unknown };
    settings = readLensSettings(opts.lens ?? opts);
    // rustFlamegraph.targetDir (record's --target-dir): the profiles are under it, relative to the workspace root.
    if (typeof opts.targetDir === 'string') targetDir = opts.targetDir.trim();
    if (typeof opts.cargo === 'string') workspaces.cargo = toolPath('cargo', opts.cargo);
    // Only an explicit `trusted: false` (VS Code's untrusted workspace) turns cargo off; `lsp --stdio` clients trust their folder.
    workspaces.cargoAllowed = opts.trusted !== false;
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    roots = folders.map(uriToPath).filter((p): p is string => p !== null);
    canRefreshLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    canRefreshHints = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeLensProvider: { resolveProvider: false },
        hoverProvider: true,
        inlayHintProvider: { resolveProvider: false },
      },
      serverInfo: { name: 'rust-flamegraph profile lenses' },
    };
  });

  connection.onInitialized(
    handle('initialized', async () => {
      // The newest profile of each workspace folder: under ./target, or cargo's target directory.
      for (const root of roots) await searchProfiles(path.join(root, 'Cargo.toml'), root);
      refresh();
    }),
  );

  /** Once per crate directory; every caller waits for the same search. */
  function searchProfiles(manifest: string, crateDir: string): Promise<void> {
    let search = searches.get(crateDir);
    if (!search) {
      search = (async () => {
        const dirs = [path.join(crateDir, 'target')];
        const ws = await workspaces.forManifest(manifest);
        if (ws) dirs.push(ws.targetDirectory);
        if (targetDir) dirs.push(path.resolve(ws?.workspaceRoot ?? crateDir, targetDir));
        const newest = await newestProfile([...new Set(dirs)]);
        if (newest && !store.all.some((p) => p.profileJson === newest)) await loadProfile(newest, false);
      })();
      searches.set(crateDir, search);
    }
    return search;
  }

  async function loadProfile(file: string, explicit: boolean): Promise<void> {
    try {
      const index = await store.load(file, explicit);
      log(`Loaded ${index.profileJson}: ${index.samples} samples, ${index.profile.tree.parent.length} call paths.`);
      void preparse.files(index.filesBySamples());
    } catch (e) {
      // A plain sentence (ProfileStore.load words every failure): not a profile, too large, unreadable, not JSON.
      const message = e instanceof Error ? e.message : String(e);
      log(`Skipped ${file}: ${message}`);
      void connection.window.showWarningMessage(message);
    }
  }

  function refresh(): void {
    if (canRefreshLenses) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
    if (canRefreshHints) void connection.sendRequest('workspace/inlayHint/refresh').catch(() => undefined);
    void connection.sendNotification(HeatChangedNotification);
  }

  connection.onNotification(
    ProfileChangedNotification,
    handle(ProfileChangedNotification, async (params: ProfileChangedParams) => {
      cleared = false;
      await loadProfile(params.profileJson, true);
      refresh();
    }),
  );

  connection.onNotification(
    WorkspaceTrustedNotification,
    handle(WorkspaceTrustedNotification, async () => {
      if (workspaces.cargoAllowed) return;
      workspaces.allowCargo();
      // The searches made without cargo missed crates whose target directory lives elsewhere.
      searches.clear();
      for (const root of roots) await searchProfiles(path.join(root, 'Cargo.toml'), root);
      refresh();
    }),
  );

  connection.onNotification(ClearProfilesNotification, () => {
    store.clear();
    cleared = true;
    refresh();
  });

  connection.onDidChangeConfiguration((params) => {
    const s = (params.settings ?? {}) as { rustFlamegraph?: { lens?: unknown } };
    settings = readLensSettings(s.rustFlamegraph?.lens, settings);
    refresh();
  });

  documents.onDidClose((e) => {
    const last = parsed.get(e.document.uri);
    parsed.delete(e.document.uri);
    toldTooLarge.delete(e.document.uri);
    void last?.then(
      (p) => p.previous?.tree.delete(),
      () => undefined,
    );
  });

  /**
   * The functions of a document's current version. Versions chain: each parse
   * waits for the one before and starts from its tree (incremental), or from
   * the profile's own parse of the file on disk; a file unchanged since that
   * parse needs none.
   */
  function parse(doc: TextDocument): Promise<ParsedDocument> {
    const before = parsed.get(doc.uri);
    const version = doc.version;
    const text = doc.getText();
    const next = (async (): Promise<ParsedDocument> => {
      const prev = before ? await before.catch(() => undefined) : undefined;
      if (prev && prev.version === version) return prev;
      if (text.length > MAX_PARSED_CHARS) {
        if (!toldTooLarge.has(doc.uri)) {
          toldTooLarge.add(doc.uri);
          log(
            `${uriToPath(doc.uri) ?? doc.uri} is larger than ${MAX_PARSED_CHARS.toLocaleString('en')} characters: skipped (no lenses, heat or hover).`,
          );
        }
        prev?.previous?.tree.delete();
        return { version, fns: [], digest: '', previous: null, tooLarge: true };
      }
      const digest = sha256(text);
      const disk = preparse.lookup(fileOfUri(doc.uri));
      let result: ParsedDocument;
      if (disk && disk.digest === digest) {
        result = { version, fns: disk.fns, digest, previous: null };
      } else {
        const { fns, tree } = await parseRust(text, prev?.previous ?? disk?.previous ?? undefined);
        result = { version, fns, digest, previous: { text, tree } };
      }
      prev?.previous?.tree.delete();
      return result;
    })();
    parsed.set(doc.uri, next);
    return next;
  }

  /** The profile for a document; the first time a crate is seen, its target directory is searched. */
  async function profileFor(file: string): Promise<ProfileIndex | undefined> {
    const found = store.forFile(file);
    if (found || cleared) return found;
    const manifest = await nearestManifest(path.dirname(file));
    if (manifest) await searchProfiles(manifest, path.dirname(manifest));
    return store.forFile(file);
  }

  function isStale(index: ProfileIndex, file: string, digest: string): boolean {
    const recorded = index.digest(file);
    return recorded !== undefined && recorded !== digest;
  }

  connection.onCodeLens(
    answer('textDocument/codeLens', async (params: CodeLensParams): Promise<CodeLens[]> => {
      const doc = documents.get(params.textDocument.uri);
      const file = uriToPath(params.textDocument.uri);
      if (!doc || !file) return [];
      const [p, index, ws] = await Promise.all([parse(doc), profileFor(file), workspaces.forFile(file)]);
      if (p.tooLarge) return [];
      const lenses: PlainLens[] = [];
      if (index) {
        const stale = isStale(index, file, p.digest);
        // The profile's own parse of this file may still be on its way (it starts when the profile arrives).
        if (stale) await preparse.idle();
        const profiledFns = stale ? preparse.get(file, index.digest(file) ?? '') : undefined;
        lenses.push(...hotFunctionLenses(index, { file, fns: p.fns, lineCount: doc.lineCount, stale, profiledFns }, settings));
      }
      if (ws) lenses.push(...profileLenses(targetOfFile(ws, file), p.fns));
      // The range runs from the first attribute (where the lens shows) to the `fn` line.
      return lenses.map((l) => ({
        range: { start: { line: l.line, character: 0 }, end: { line: l.fnLine, character: 0 } },
        command: l.command,
      }));
    }),
  );

  connection.onRequest(
    LineHeatRequest,
    answer(LineHeatRequest, async (params: LineHeatParams): Promise<LineHeatResult> => {
      const doc = documents.get(params.uri);
      const file = uriToPath(params.uri);
      if (!file) return [];
      const index = await profileFor(file);
      if (!index) return [];
      if (doc) {
        const p = await parse(doc);
        if (p.tooLarge || isStale(index, file, p.digest)) return [];
      }
      return lineHeat(index, file);
    }),
  );

  connection.onHover(
    answer('textDocument/hover', async (params: HoverParams): Promise<Hover | null> => {
      const doc = documents.get(params.textDocument.uri);
      const file = uriToPath(params.textDocument.uri);
      if (!doc || !file) return null;
      const index = await profileFor(file);
      if (!index) return null;
      const p = await parse(doc);
      if (p.tooLarge || isStale(index, file, p.digest)) return null;
      const line = params.position.line;
      // The innermost fn around the line, from its lens (first attribute) to its end.
      const at = p.fns
        .filter((f) => f.lensLine <= line && line <= f.endLine)
        .sort((a, b) => b.depth - a.depth || b.startLine - a.startLine)[0];
      const heat = at ? attributeFile(index, file, p.fns, doc.lineCount).find((h) => p.fns[h.fn] === at) : undefined;
      const md = hoverMarkdown(
        index,
        file,
        line,
        at && { name: at.name, startLine: at.startLine, endLine: at.endLine, lensLine: at.lensLine, heat },
      );
      return md ? { contents: { kind: MarkupKind.Markdown, value: md } } : null;
    }),
  );

  connection.languages.inlayHint.on(
    answer('textDocument/inlayHint', async (params: InlayHintParams): Promise<InlayHint[]> => {
      const doc = documents.get(params.textDocument.uri);
      const file = uriToPath(params.textDocument.uri);
      if (!doc || !file || !settings.lineHints) return [];
      const index = await profileFor(file);
      if (!index) return [];
      const p = await parse(doc);
      if (p.tooLarge || isStale(index, file, p.digest)) return [];
      const lineEnd = (line: number) =>
        line < doc.lineCount
          ? doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '').length
          : -1;
      return lineHints(index, file, lineEnd, { startLine: params.range.start.line, endLine: params.range.end.line }, settings);
    }),
  );

  documents.listen(connection);
  connection.listen();
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const fileOfUri = (uri: string) => uriToPath(uri) ?? '';

/**
 * The functions of the profile's source files, parsed from disk in the
 * background as soon as a profile arrives (hottest files first), so that
 * opening one of them shows its lenses without waiting for tree-sitter.
 */
class DiskParses {
  private readonly byFile = new Map<string, { digest: string; fns: RustFn[]; previous: PreviousParse | null }>();
  private queue: string[] = [];
  private running: Promise<void> | null = null;

  get(file: string, digest: string): RustFn[] | undefined {
    const hit = this.byFile.get(file);
    return hit && hit.digest === digest ? hit.fns : undefined;
  }

  lookup(file: string): { digest: string; fns: RustFn[]; previous: PreviousParse | null } | undefined {
    return this.byFile.get(file);
  }

  /** Settles once the files queued so far are parsed. */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  files(files: string[]): Promise<void> {
    this.queue = files.filter((f) => f.endsWith('.rs')).slice(0, MAX_PREPARSED_FILES);
    this.running ??= this.drain().finally(() => (this.running = null));
    return this.running;
  }

  private async drain(): Promise<void> {
    let rank = 0;
    for (let file = this.queue.shift(); file !== undefined; file = this.queue.shift(), rank++) {
      // A UTF-8 file of up to 4 bytes per character; a device or a FIFO named by a profile is never read.
      const text = await readRegularFile(file, 4 * MAX_PARSED_CHARS).then(
        (r) => r.text,
        () => null,
      );
      if (text === null || text.length > MAX_PARSED_CHARS) continue;
      const digest = sha256(text);
      const old = this.byFile.get(file);
      if (old?.digest === digest) continue;
      old?.previous?.tree.delete();
      try {
        // The hottest files keep their tree: an edited buffer of one of them parses incrementally from it.
        if (rank < TREES_KEPT) {
          const { fns, tree } = await parseRust(text);
          this.byFile.set(file, { digest, fns, previous: { text, tree } });
        } else {
          this.byFile.set(file, { digest, fns: await parseRustFunctions(text), previous: null });
        }
      } catch {
        this.byFile.delete(file);
      }
      // Let requests in between two files.
      await new Promise((r) => setImmediate(r));
    }
  }
}
const MAX_PREPARSED_FILES = 300;
const TREES_KEPT = 4;
/**
 * The largest Rust text given to tree-sitter, from disk or from the editor. Its cost grows faster than the
 * text: 2 MB parse in about 2 s and 220 MB, 10 MB took 34 s and 1.9 GB, and 50 MB aborted tree-sitter's
 * WebAssembly (every later parse, of any file, failed). Hand-written Rust files stay far below 2 MB;
 * larger ones are generated tables, with no lens worth showing.
 */
const MAX_PARSED_CHARS = 2_000_000;

function uriToPath(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}
