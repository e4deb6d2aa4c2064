// Profiles are documents: a read-only custom editor (view type
// rustFlamegraph.profile) shows a profile.json, a perf.data or saved
// `perf script` text as a flamegraph. Double-click in the Explorer,
// `code perf.data`, Open perf.data… and the profile shown after recording all
// open this editor, and VS Code restores it by its URI after a reload.
//
// profile.json is read here (no process starts); perf.data and perf script
// text go through the engine worker's report job (perf script + symbolizer),
// which writes profile.json beside the file in our profiles folders, else in the
// extension's storage (openedOutputs.ts).

import * as path from 'node:path';
import * as vscode from 'vscode';
import { FlamegraphView, LoadedProfile } from './flamegraphPanel';
import { readProfileFile } from '../core/export/readProfile';
import { profileLoaded } from './profileEvents';
import { failureOf } from '../protocol/failure';
import { editorView } from '../model/diagnostics';
import { parseHistoryFolderName } from '../core/history';

/** The editor of files named as profiles (profile.json, perf.data, *.perf.txt, *.perf-script): opens them by default. */
export const PROFILE_EDITOR_VIEW_TYPE = 'rustFlamegraph.profile';
/** The same editor offered ("Reopen Editor With…") for any .txt or .json, which are not hijacked by default. */
export const PROFILE_TEXT_VIEW_TYPE = 'rustFlamegraph.profileText';

/** Which of the two view types opens `uri` (they differ only in their package.json selectors). */
export function profileViewTypeFor(uri: vscode.Uri): string {
  const name = path.posix.basename(uri.path);
  return /^(profile\.json|perf\.data(\.old)?)$|\.(perf\.txt|perf-script)$/.test(name) ? PROFILE_EDITOR_VIEW_TYPE : PROFILE_TEXT_VIEW_TYPE;
}

/** One opened profile file; its views redraw when it is recorded again (`reload`). */
export class ProfileDocument implements vscode.CustomDocument {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changeEmitter.event;

  constructor(
    readonly uri: vscode.Uri,
    private current: LoadedProfile,
    private readonly onDispose: () => void,
  ) {}

  get loaded(): LoadedProfile {
    return this.current;
  }

  reload(loaded: LoadedProfile): void {
    this.current = loaded;
    this.changeEmitter.fire();
    profileLoaded.fire({ profileJson: loaded.profileJson, workspaceRoot: loaded.workspaceRoot });
  }

  dispose(): void {
    this.changeEmitter.dispose();
    this.onDispose();
  }
}

/** Runs the report job on a perf.data or perf script text and loads the profile.json it wrote; throws when it failed (already shown). */
export type ReportFile = (file: string) => Promise<LoadedProfile>;

/** A profile.json is read directly; anything else is perf.data or perf script text. */
export function isProfileJson(uri: vscode.Uri): boolean {
  return uri.path.endsWith('.json');
}

export class ProfileEditors implements vscode.CustomReadonlyEditorProvider<ProfileDocument>, vscode.Disposable {
  private readonly documents = new Map<string, ProfileDocument>();
  /** Open views, the most recently active last. */
  private readonly views: FlamegraphView[] = [];
  /** Profiles just recorded, handed to openCustomDocument so that it does not read them again. */
  private readonly justLoaded = new Map<string, LoadedProfile>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly reportFile: ReportFile,
  ) {}

  register(): vscode.Disposable[] {
    // One webview per editor; several editors of one file share the document.
    const options = { supportsMultipleEditorsPerDocument: true };
    return [PROFILE_EDITOR_VIEW_TYPE, PROFILE_TEXT_VIEW_TYPE].map((t) => vscode.window.registerCustomEditorProvider(t, this, options));
  }

  /** The active flamegraph's view, else the one last active. */
  get current(): FlamegraphView | undefined {
    return this.views.at(-1);
  }

  /**
   * Shows a profile just written by a job in its editor: a fresh view where it is already open. `beside`: when it
   * is not open, in the group beside the active one (a 🔥 lens asks for the flamegraph: the code it was clicked in
   * stays, as the flamegraph opens source beside itself).
   */
  async show(loaded: LoadedProfile, { beside = false }: { beside?: boolean } = {}): Promise<void> {
    const uri = vscode.Uri.file(loaded.profileJson);
    const open = this.documents.get(uri.toString());
    if (open) open.reload(loaded);
    else this.justLoaded.set(uri.toString(), loaded);
    // Where it is open already, that editor comes to the front (not a second one in the active group).
    const isThis = (t: vscode.Tab) => t.input instanceof vscode.TabInputCustom && t.input.uri.toString() === uri.toString();
    const allTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    // An earlier recording of the same target (another folder of its history) gives its place to this one.
    const earlierTabs = () =>
      allTabs().filter((t) => t.input instanceof vscode.TabInputCustom && sameTargetHistory(t.input.uri.fsPath, loaded.profileJson));
    const tab = allTabs().find(isThis) ?? earlierTabs()[0];
    const options: vscode.TextDocumentShowOptions = {
      preview: false,
      viewColumn: tab?.group.viewColumn ?? (beside ? vscode.ViewColumn.Beside : undefined),
    };
    try {
      await vscode.commands.executeCommand('vscode.openWith', uri, PROFILE_EDITOR_VIEW_TYPE, options);
    } finally {
      this.justLoaded.delete(uri.toString());
    }
    // Closed only once the new one is open in its group: closing first emptied that group, VS Code removed it, and
    // its column then named the group beside it (the source opened from the panel), where the new editor went.
    // Looked up again: the tabs of before the opening may be stale objects now.
    const earlier = earlierTabs();
    if (earlier.length) await vscode.window.tabGroups.close(earlier, true).then(undefined, () => false);
  }

  async openCustomDocument(uri: vscode.Uri): Promise<ProfileDocument> {
    const key = uri.toString();
    const file = uri.fsPath;
    const loaded = this.justLoaded.get(key) ?? (isProfileJson(uri) ? await this.readProfile(file) : await this.reportFile(file));
    const doc = new ProfileDocument(uri, loaded, () => {
      if (this.documents.get(key) === doc) this.documents.delete(key);
    });
    this.documents.set(key, doc);
    profileLoaded.fire({ profileJson: loaded.profileJson, workspaceRoot: loaded.workspaceRoot });
    return doc;
  }

  private async readProfile(file: string): Promise<LoadedProfile> {
    try {
      const { profile } = await readProfileFile(file);
      // The title given when the profile was made; else the folder names what was profiled
      // (profiles/bin-seed-demo/<time>/profile.json, or profiles/bin-seed-demo/profile.json before the history).
      const title = profile.meta.title ?? profileFolderName(file);
      return { profile, profileJson: file, title, workspaceRoot: profile.meta.workspaceRoot };
    } catch (e) {
      // readProfileFile says what is wrong (unreadable, not JSON, not a profile) as a UserError.
      const view = editorView(failureOf(e).diagnostic);
      this.log.warn(`Could not open ${file}: ${view.text}`);
      throw new Error(`Rust Flamegraph cannot show ${path.basename(file)}: ${view.text}`);
    }
  }

  resolveCustomEditor(document: ProfileDocument, panel: vscode.WebviewPanel): void {
    const view = new FlamegraphView(panel, this.extensionUri, document, this.log);
    this.views.push(view);
    const toFront = () => {
      const i = this.views.indexOf(view);
      if (i >= 0) this.views.push(...this.views.splice(i, 1));
    };
    panel.onDidChangeViewState(() => panel.active && toFront());
    view.onDidDispose(() => {
      const i = this.views.indexOf(view);
      if (i >= 0) this.views.splice(i, 1);
    });
  }

  dispose(): void {
    this.views.slice().forEach((v) => v.dispose());
  }
}

/** The folder that names what was profiled: the target's, above a history folder (`<UTC time>`). */
function profileFolderName(file: string): string {
  const folder = path.dirname(file);
  return parseHistoryFolderName(path.basename(folder)) ? path.basename(path.dirname(folder)) : path.basename(folder);
}

/** Two profile.json files of different recordings in one target's history (`<kind>-<name>/<UTC time>/profile.json`). */
function sameTargetHistory(a: string, b: string): boolean {
  const inHistory = (f: string) => path.basename(f) === 'profile.json' && parseHistoryFolderName(path.basename(path.dirname(f))) !== null;
  return a !== b && inHistory(a) && inHistory(b) && path.dirname(path.dirname(a)) === path.dirname(path.dirname(b));
}
