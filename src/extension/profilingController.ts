// The commands of the profiling side: Profile Rust Binary (and Again, and one
// target from a lens), Stop Profiling, Open perf.data…, Export Flamegraph…,
// and Reveal Function. Each long job runs in the engine worker through the
// EngineSession; results open in the flamegraph panel and are announced on
// `profileLoaded` for the lenses.

import * as path from 'node:path';
import { promises as fs, constants as fsConstants } from 'node:fs';
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { CargoTarget, WorkspaceDirs } from '../model/targets';
import type { EngineResult, ExportFormat, RecordJob } from '../protocol/engineMessages';
import { Commands, ProfileTargetRequest, profileLoaded } from './profileEvents';
import { FlamegraphConfig } from './config';
import { findManifest } from './crateLocator';
import { pickTarget, rememberTarget, sameTarget, TargetPickItem } from './targetPicker';
import { EngineSession, SessionOutcome } from './engineSession';
import { startEngine, EngineJobError } from './engineClient';
import { FlamegraphPanels, LoadedProfile, readProfileJson } from './flamegraphPanel';
import { showFailure, showWarnings } from './userMessages';
import { failureOf } from '../protocol/failure';

const LAST_RUN_KEY = 'rustFlamegraph.lastRun';

/** What "Profile Again" repeats: the target (as the engine listed it) and the program's arguments. */
interface LastRun {
  manifestPath: string;
  workspace: WorkspaceDirs;
  target: CargoTarget;
  programArguments: string[];
}

/** The record job of a run, with every other setting as it is now: the one place the host turns settings into a job. */
function recordJobOf(run: LastRun): RecordJob {
  const settings = FlamegraphConfig.read(vscode.Uri.file(run.manifestPath)).settings;
  return { type: 'record', workspace: run.workspace, target: run.target, settings: { ...settings, programArguments: run.programArguments } };
}

export class ProfilingController implements vscode.Disposable {
  private lastLoaded: LoadedProfile | undefined;
  private readonly pickerEmitter = new vscode.EventEmitter<TargetPickItem[]>();
  /** Fired with the picker's items each time the target QuickPick opens (test API). */
  readonly onDidShowPicker = this.pickerEmitter.event;
  private readonly finishedEmitter = new vscode.EventEmitter<SessionOutcome>();
  /** Fired when a record or report job ends, after its result was shown (test API). */
  readonly onDidFinishJob = this.finishedEmitter.event;
  private readonly refusedEmitter = new vscode.EventEmitter<string>();
  /** Fired with the message shown when a profile is refused in an untrusted workspace (test API). */
  readonly onDidRefuseUntrusted = this.refusedEmitter.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    private readonly session: EngineSession,
    readonly panels: FlamegraphPanels,
  ) {}

  register(): vscode.Disposable[] {
    const r = vscode.commands.registerCommand;
    return [
      r(Commands.profile, () => this.profile()),
      r(Commands.profileAgain, () => this.profileAgain()),
      r(Commands.profileTarget, (req: ProfileTargetRequest) => this.profile(req)),
      r(Commands.stop, () => this.stop()),
      r(Commands.openPerfData, (uri?: vscode.Uri) => this.openPerfData(uri)),
      r(Commands.exportFlamegraph, (format?: ExportFormat, dest?: vscode.Uri) => this.exportFlamegraph(format, dest)),
      r(Commands.revealFunction, (name: unknown) => this.revealFunction(name)),
    ];
  }

  get current(): LoadedProfile | undefined {
    return this.panels.current?.profile ?? this.lastLoaded;
  }

  private refuseBusy(): boolean {
    if (!this.session.busy) return false;
    void vscode.window.showWarningMessage(`Rust Flamegraph: already working on ${this.session.runningLabel}; one profile at a time. Stop it first with "Rust Flamegraph: Stop Profiling", or cancel its notification.`);
    return true;
  }

  private refuseUntrusted(): boolean {
    if (vscode.workspace.isTrusted) return false;
    // Building runs the workspace's build.rs and proc macros (and rust-toolchain.toml may name any binary as cargo).
    const message = 'Rust Flamegraph: profiling builds and runs this workspace\'s code, so it needs a trusted workspace. "Open perf.data…" works without trust.';
    this.log.warn(`Refused to profile: the workspace is not trusted.`);
    void vscode.window
      .showErrorMessage(message, 'Manage Workspace Trust')
      .then((c) => c && vscode.commands.executeCommand('workbench.trust.manage'));
    this.refusedEmitter.fire(message);
    return true;
  }

  /** Profile Rust Binary; with a request (from a lens), that target without asking. */
  async profile(request?: ProfileTargetRequest): Promise<void> {
    if (this.refuseUntrusted() || this.refuseBusy()) return;
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    const active = vscode.window.activeTextEditor?.document.uri;
    const manifestPath = request?.manifestPath ?? findManifest(active?.scheme === 'file' ? active.fsPath : undefined, folders);
    if (!manifestPath) {
      void vscode.window.showErrorMessage('Rust Flamegraph: no Cargo.toml above the current file or in the workspace folders. Open a file of the crate to profile, or open its folder.');
      return;
    }
    const cfg = FlamegraphConfig.read(vscode.Uri.file(manifestPath));
    let target: CargoTarget | undefined;
    let workspace: WorkspaceDirs;
    try {
      // cargo metadata runs in the engine worker, never here.
      const ws = await this.session.ask({ type: 'targets', manifestPath, cargoPath: cfg.settings.cargoPath });
      workspace = { workspaceRoot: ws.workspaceRoot, targetDirectory: ws.targetDirectory };
      if (request) {
        target = ws.targets.find((t) => sameTarget(t, { kind: request.kind, name: request.name, package: request.package ?? t.packageName }));
        if (!target) {
          void vscode.window.showErrorMessage(`Rust Flamegraph: ${manifestPath} has no ${request.kind} named ${request.name}. Save the file and try again.`);
          return;
        }
      } else {
        if (ws.targets.length === 0) {
          void vscode.window.showErrorMessage('Rust Flamegraph: this crate has nothing to run (no binary, example, test or bench). Add a src/main.rs or an example.');
          return;
        }
        target = await pickTarget(ws, manifestPath, this.context.workspaceState, (items) => this.pickerEmitter.fire(items));
        if (!target) return;
      }
    } catch (e) {
      showFailure(e instanceof EngineJobError ? e.failure : failureOf(e), this.log);
      return;
    }
    await rememberTarget(this.context.workspaceState, manifestPath, target);
    const unitTests = target.kind === 'lib' || (!!request?.exactTest && target.kind === 'bin');
    const run: LastRun = {
      manifestPath, workspace, target: unitTests ? { ...target, unitTests } : target,
      programArguments: request?.exactTest ? [request.exactTest, '--exact', ...(request.bench ? ['--bench'] : [])] : cfg.settings.programArguments,
    };
    await this.context.workspaceState.update(LAST_RUN_KEY, run);
    await this.runRecord(run);
  }

  /** Same target and program arguments as the last profile of this workspace; the other settings as they are now. */
  async profileAgain(): Promise<void> {
    if (this.refuseUntrusted() || this.refuseBusy()) return;
    const last = this.context.workspaceState.get<LastRun>(LAST_RUN_KEY);
    // A run remembered by an older version has no workspace: it counts as none.
    if (!last?.workspace || !last.target) {
      void vscode.window.showInformationMessage('Rust Flamegraph: nothing was profiled in this workspace yet. Run "Profile Rust Binary" first.');
      return;
    }
    await this.runRecord(last);
  }

  private async runRecord(run: LastRun): Promise<void> {
    const label = `${run.target.kind} ${run.target.name}`;
    const args = run.programArguments;
    this.log.info(`Profiling ${label} of ${run.manifestPath}${args.length ? ` with arguments ${JSON.stringify(args)}` : ''}.`);
    const outcome = await this.session.run(recordJobOf(run), label);
    if (outcome === 'busy') {
      this.refuseBusy();
      return;
    }
    await this.finish(outcome);
  }

  stop(): void {
    if (!this.session.stop()) void vscode.window.showInformationMessage('Rust Flamegraph: nothing is being profiled.');
  }

  /** Open perf.data…: a perf.data or saved `perf script` text; works in untrusted workspaces (runs only perf). */
  async openPerfData(uri?: vscode.Uri): Promise<void> {
    if (this.refuseBusy()) return;
    if (!uri) {
      const picked = await vscode.window.showOpenDialog({ canSelectMany: false, canSelectFolders: false, openLabel: 'Open Profile', title: 'Open a perf.data or saved `perf script` output' });
      if (!picked?.[0]) return;
      uri = picked[0];
    }
    const file = uri.fsPath;
    const cfg = FlamegraphConfig.read();
    const outputDir = await this.outputDirFor(file);
    const outcome = await this.session.run({ type: 'report', file, perf: cfg.perfPath, outputDir }, path.basename(file));
    if (outcome === 'busy') {
      this.refuseBusy();
      return;
    }
    await this.finish(outcome);
  }

  /** Beside the file when that folder is writable (as the CLI does), else in the extension's storage. */
  private async outputDirFor(file: string): Promise<string> {
    const dir = path.dirname(file);
    try {
      await fs.access(dir, fsConstants.W_OK);
      return dir;
    } catch {
      const id = createHash('sha256').update(file).digest('hex').slice(0, 16);
      return path.join(this.context.globalStorageUri.fsPath, 'opened', id);
    }
  }

  private async finish(outcome: SessionOutcome): Promise<void> {
    try {
      if (outcome.failure) showFailure(outcome.failure.failure, this.log);
      else if (outcome.result) await this.showResult(outcome.result);
    } finally {
      this.finishedEmitter.fire(outcome);
    }
  }

  private async showResult(r: EngineResult): Promise<void> {
    if (!r.profileJson) return;
    for (const [name, file] of Object.entries(r.outputs)) this.log.info(`Wrote ${name}: ${file}`);
    let loaded: LoadedProfile;
    try {
      const profile = await readProfileJson(r.profileJson);
      loaded = { profile, profileJson: r.profileJson, title: r.title, workspaceRoot: r.workspaceRoot };
    } catch (e) {
      showFailure(failureOf(e), this.log);
      return;
    }
    this.lastLoaded = loaded;
    this.panels.show(loaded);
    profileLoaded.fire({ profileJson: r.profileJson, workspaceRoot: r.workspaceRoot });
    showWarnings(r.diagnostics, this.log);
  }

  async revealFunction(name: unknown): Promise<void> {
    if (typeof name !== 'string' || !name) return;
    let panel = this.panels.current;
    if (!panel) {
      if (!this.lastLoaded) {
        void vscode.window.showInformationMessage('Rust Flamegraph: no flamegraph is open. Profile a binary or open a perf.data first.');
        return;
      }
      panel = this.panels.show(this.lastLoaded);
    }
    panel.revealFunction(name);
  }

  /** Export Flamegraph…: SVG, folded stacks or profile.json of the current profile, written by the engine's exporters. */
  async exportFlamegraph(format?: ExportFormat, dest?: vscode.Uri): Promise<string | undefined> {
    const current = this.current;
    if (!current) {
      void vscode.window.showInformationMessage('Rust Flamegraph: nothing to export yet. Profile a binary or open a perf.data first.');
      return undefined;
    }
    if (!format) {
      const choice = await vscode.window.showQuickPick(
        [
          { label: 'SVG flamegraph', description: 'flamegraph.svg, opens in any browser', format: 'svg' as const },
          { label: 'Folded stacks', description: 'stacks.folded, for flamegraph.pl, inferno, speedscope', format: 'folded' as const },
          { label: 'Profile JSON', description: 'profile.json, the full profile model', format: 'json' as const },
        ],
        { title: 'Export Flamegraph' },
      );
      if (!choice) return undefined;
      format = choice.format;
    }
    if (!dest) {
      const name = { svg: 'flamegraph.svg', folded: 'stacks.folded', json: 'profile.json' }[format];
      const filters: Record<ExportFormat, Record<string, string[]>> = { svg: { SVG: ['svg'] }, folded: { 'Folded stacks': ['folded', 'txt'] }, json: { JSON: ['json'] } };
      dest = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(path.join(path.dirname(current.profileJson), name)), filters: filters[format], title: 'Export Flamegraph' });
      if (!dest) return undefined;
    }
    const run = startEngine(this.context.asAbsolutePath(path.join('dist', 'engine.js')), { type: 'export', profileJson: current.profileJson, format, destination: dest.fsPath, title: current.title.split(' · ')[0] }, () => undefined);
    try {
      await run.done;
    } catch (e) {
      showFailure(e instanceof EngineJobError ? e.failure : failureOf(e), this.log);
      return undefined;
    }
    this.log.info(`Exported ${format} to ${dest.fsPath}`);
    void vscode.window.showInformationMessage(`Rust Flamegraph: exported to ${dest.fsPath}`);
    return dest.fsPath;
  }

  dispose(): void {
    this.pickerEmitter.dispose();
    this.finishedEmitter.dispose();
    this.refusedEmitter.dispose();
  }
}
