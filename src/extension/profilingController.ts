// The commands of the profiling side: Profile Rust Binary (and Again, and one
// target from a lens), Stop Profiling, Open perf.data…, Export Flamegraph…,
// and Reveal Function. Each long job runs in the engine worker through the
// EngineSession; results open in the profile editor (profileEditor.ts), which
// announces them on `profileLoaded` for the lenses. Jobs started here write
// profile.json alone (perf.data is kept); Export writes the other formats.

import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CargoTarget, WorkspaceDirs } from '../model/targets';
import type { EngineResult, ExportFormat, RecordJob } from '../protocol/engineMessages';
import { ProfileEditors, profileViewTypeFor } from './profileEditor';
import { ProfileTargetRequest } from './profileEvents';
import { COMMANDS } from '../protocol/lspProtocol';
import { FlamegraphConfig } from './config';
import { findManifest } from './crateLocator';
import { pickTarget, rememberTarget, sameTarget } from './targetPicker';
import { EngineSession, SessionOutcome } from './engineSession';
import { startEngine, EngineJobError } from './engineClient';
import { LoadedProfile } from './flamegraphPanel';
import { showFastSymbolizerBuild } from './fastSymbolizerProgress';
import { readProfileFile } from '../core/export/readProfile';
import { showFailure, showWarnings } from './userMessages';
import { failureOf } from '../protocol/failure';
import { openedOutputDir } from './openedOutputs';

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
  return {
    type: 'record',
    workspace: run.workspace,
    target: run.target,
    settings: { ...settings, programArguments: run.programArguments },
  };
}

export class ProfilingController implements vscode.Disposable {
  private lastLoaded: LoadedProfile | undefined;
  /** The last job's outcome and how many jobs ended, for the commands' results (outcomeOf). */
  private lastOutcome: SessionOutcome | undefined;
  private jobsEnded = 0;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    private readonly session: EngineSession,
    private readonly editors: () => ProfileEditors,
  ) {}

  register(): vscode.Disposable[] {
    const r = vscode.commands.registerCommand;
    return [
      r(COMMANDS.profile, () => this.outcomeOf(() => this.profile())),
      r(COMMANDS.profileAgain, () => this.outcomeOf(() => this.profileAgain())),
      r(COMMANDS.profileTarget, (req: ProfileTargetRequest) => this.outcomeOf(() => this.profile(req))),
      r(COMMANDS.stop, () => this.stop()),
      r(COMMANDS.openPerfData, (uri?: vscode.Uri) => this.outcomeOf(() => this.openPerfData(uri))),
      r(COMMANDS.exportFlamegraph, (format?: ExportFormat, dest?: vscode.Uri) => this.exportFlamegraph(format, dest)),
      r(COMMANDS.revealFunction, (name: unknown) => this.revealFunction(name)),
    ];
  }

  /**
   * The commands that run a job resolve with its outcome ({ result } with the files written, or { failure }),
   * undefined when none ran (refused, dismissed), so that tasks and other extensions can script them.
   */
  private async outcomeOf(command: () => Promise<unknown>): Promise<SessionOutcome | undefined> {
    const before = this.jobsEnded;
    await command();
    return this.jobsEnded !== before ? this.lastOutcome : undefined;
  }

  get current(): LoadedProfile | undefined {
    return this.editors().current?.profile ?? this.lastLoaded;
  }

  private refuseBusy(): boolean {
    if (!this.session.busy) return false;
    void vscode.window.showWarningMessage(
      `Rust Flamegraph: already working on ${this.session.runningLabel}; one profile at a time. Stop it first with "Rust Flamegraph: Stop Profiling", or cancel its notification.`,
    );
    return true;
  }

  private refuseUntrusted(): boolean {
    if (vscode.workspace.isTrusted) return false;
    // Building runs the workspace's build.rs and proc macros (and rust-toolchain.toml may name any binary as cargo).
    const message =
      'Rust Flamegraph: profiling builds and runs this workspace\'s code, so it needs a trusted workspace. "Open perf.data…" works without trust.';
    this.log.warn(`Refused to profile: the workspace is not trusted.`);
    void vscode.window
      .showErrorMessage(message, 'Manage Workspace Trust')
      .then((c) => c && vscode.commands.executeCommand('workbench.trust.manage'));
    return true;
  }

  /** Profile Rust Binary; with a request (from a lens), that target without asking. */
  async profile(request?: ProfileTargetRequest): Promise<void> {
    if (this.refuseUntrusted() || this.refuseBusy()) return;
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    const active = vscode.window.activeTextEditor?.document.uri;
    const manifestPath = request?.manifestPath ?? findManifest(active?.scheme === 'file' ? active.fsPath : undefined, folders);
    if (!manifestPath) {
      void vscode.window.showErrorMessage(
        'Rust Flamegraph: no Cargo.toml above the current file or in the workspace folders. Open a file of the crate to profile, or open its folder.',
      );
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
        target = ws.targets.find((t) =>
          sameTarget(t, { kind: request.kind, name: request.name, package: request.package ?? t.packageName }),
        );
        if (!target) {
          void vscode.window.showErrorMessage(
            `Rust Flamegraph: ${manifestPath} has no ${request.kind} named ${request.name}. Save the file and try again.`,
          );
          return;
        }
      } else {
        if (ws.targets.length === 0) {
          void vscode.window.showErrorMessage(
            'Rust Flamegraph: this crate has nothing to run (no binary, example, test or bench). Add a src/main.rs or an example.',
          );
          return;
        }
        target = await pickTarget(ws, manifestPath, this.context.workspaceState);
        if (!target) return;
      }
    } catch (e) {
      showFailure(e instanceof EngineJobError ? e.failure : failureOf(e), this.log);
      return;
    }
    await rememberTarget(this.context.workspaceState, manifestPath, target);
    const unitTests = target.kind === 'lib' || (!!request?.exactTest && target.kind === 'bin');
    const run: LastRun = {
      manifestPath,
      workspace,
      target: unitTests ? { ...target, unitTests } : target,
      programArguments: request?.exactTest
        ? [request.exactTest, '--exact', ...(request.bench ? ['--bench'] : [])]
        : cfg.settings.programArguments,
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
      void vscode.window.showInformationMessage(
        'Rust Flamegraph: nothing was profiled in this workspace yet. Run "Profile Rust Binary" first.',
      );
      return;
    }
    await this.runRecord(last);
  }

  private async runRecord(run: LastRun): Promise<void> {
    const label = `${run.target.kind} ${run.target.name}`;
    const args = run.programArguments;
    this.log.info(`Profiling ${label} of ${run.manifestPath}${args.length ? ` with arguments ${JSON.stringify(args)}` : ''}.`);
    // VS Code shows profile.json; the SVG, folded stacks and HTML page are written by Export.
    const outcome = await this.session.run({ ...recordJobOf(run), outputs: 'profileOnly' }, label);
    showFastSymbolizerBuild(this.log);
    if (outcome === 'busy') {
      this.refuseBusy();
      return;
    }
    await this.finish(outcome);
  }

  stop(): void {
    if (!this.session.stop()) void vscode.window.showInformationMessage('Rust Flamegraph: nothing is being profiled.');
  }

  /**
   * Open perf.data…: a perf.data or saved `perf script` text, shown in the profile editor (which runs the report
   * job); works in untrusted workspaces (runs only perf). The dialog starts in the profiles folder when there is one.
   */
  async openPerfData(uri?: vscode.Uri): Promise<void> {
    if (this.refuseBusy()) return;
    if (!uri) {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false,
        canSelectFolders: false,
        openLabel: 'Open Profile',
        title: 'Open a perf.data or saved `perf script` output',
        defaultUri: await profilesFolder(),
      });
      if (!picked?.[0]) return;
      uri = picked[0];
    }
    await vscode.commands.executeCommand('vscode.openWith', uri, profileViewTypeFor(uri), { preview: false });
  }

  /** The report job of the profile editor: reads a perf.data or perf script text, writes profile.json, loads it. */
  async report(file: string): Promise<LoadedProfile> {
    const busy = () =>
      new Error(`Rust Flamegraph is already working on ${this.session.runningLabel}; open ${path.basename(file)} again when it is done.`);
    if (this.refuseBusy()) throw busy();
    const cfg = FlamegraphConfig.read();
    const { dir: outputDir, beside } = await openedOutputDir(file, this.context.globalStorageUri.fsPath);
    if (!beside) {
      this.log.info(
        `${path.basename(file)} is not in a Rust Flamegraph profiles folder: its profile.json goes to ${outputDir}, nothing is written beside it.`,
      );
    }
    // Untrusted: perf and addr2line run under the engine's spawn rule (never in or from these folders).
    const untrustedFolders = vscode.workspace.isTrusted ? undefined : (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    const job = {
      type: 'report',
      file,
      perf: cfg.perfPath,
      symbolizer: cfg.settings.symbolizer,
      outputDir,
      outputs: 'profileOnly',
      untrustedFolders,
    } as const;
    const outcome = await this.session.run(job, path.basename(file));
    showFastSymbolizerBuild(this.log);
    if (outcome === 'busy') {
      this.refuseBusy();
      throw busy();
    }
    const loaded = await this.finish(outcome, false);
    if (!loaded) throw new Error(`Rust Flamegraph could not read ${file}: ${outcome.failure?.failure.message ?? 'see its log'}`);
    return loaded;
  }

  /** Shows the job's failure, or loads its profile (and opens it in the profile editor when `open`). */
  private async finish(outcome: SessionOutcome, open = true): Promise<LoadedProfile | undefined> {
    try {
      if (outcome.failure) showFailure(outcome.failure.failure, this.log);
      else if (outcome.result) return await this.showResult(outcome.result, open);
      return undefined;
    } finally {
      this.lastOutcome = outcome;
      this.jobsEnded++;
    }
  }

  private async showResult(r: EngineResult, open: boolean): Promise<LoadedProfile | undefined> {
    if (!r.profileJson) return undefined;
    for (const [name, file] of Object.entries(r.outputs)) this.log.info(`Wrote ${name}: ${file}`);
    let loaded: LoadedProfile;
    try {
      const { profile } = await readProfileFile(r.profileJson);
      loaded = { profile, profileJson: r.profileJson, title: r.title, workspaceRoot: r.workspaceRoot };
    } catch (e) {
      showFailure(failureOf(e), this.log);
      return undefined;
    }
    this.lastLoaded = loaded;
    if (open) await this.editors().show(loaded);
    showWarnings(r.diagnostics, this.log);
    return loaded;
  }

  /** Resolves with whether the flamegraph found frames of `name` (the webview's answer). */
  async revealFunction(name: unknown): Promise<boolean> {
    if (typeof name !== 'string' || !name) return false;
    if (!this.editors().current) {
      if (!this.lastLoaded) {
        void vscode.window.showInformationMessage('Rust Flamegraph: no flamegraph is open. Profile a binary or open a perf.data first.');
        return false;
      }
      await this.editors().show(this.lastLoaded, { beside: true });
    }
    return (await this.editors().current?.revealFunction(name)) ?? false;
  }

  /** Export Flamegraph…: SVG, folded stacks, the HTML page or profile.json of the current profile, written by the engine's exporters. */
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
          { label: 'HTML page', description: 'flamegraph.html, the interactive flamegraph offline in one file', format: 'html' as const },
          { label: 'Profile JSON', description: 'profile.json, the full profile model', format: 'json' as const },
        ],
        { title: 'Export Flamegraph' },
      );
      if (!choice) return undefined;
      format = choice.format;
    }
    if (!dest) {
      const name = { svg: 'flamegraph.svg', folded: 'stacks.folded', html: 'flamegraph.html', json: 'profile.json' }[format];
      const filters: Record<ExportFormat, Record<string, string[]>> = {
        svg: { SVG: ['svg'] },
        folded: { 'Folded stacks': ['folded', 'txt'] },
        html: { HTML: ['html'] },
        json: { JSON: ['json'] },
      };
      dest = await vscode.window.showSaveDialog({
        defaultUri: vscode.Uri.file(path.join(path.dirname(current.profileJson), name)),
        filters: filters[format],
        title: 'Export Flamegraph',
      });
      if (!dest) return undefined;
    }
    const run = startEngine(
      this.context.asAbsolutePath(path.join('dist', 'engine.js')),
      { type: 'export', profileJson: current.profileJson, format, destination: dest.fsPath, title: current.title },
      () => undefined,
    );
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
    // Nothing of its own: the session and the editors are disposed by the extension.
  }
}

/** `<target>/rust-flamegraph/profiles` of the first workspace folder that has one (where recordings go), else that folder. */
async function profilesFolder(): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  for (const f of folders) {
    // Any crate's target folder under the workspace; `target` of the folder itself first.
    // profiles/<kind>-<name>/<time>/profile.json, or the flat layout before the history.
    const pattern = new vscode.RelativePattern(f, '{target,*/target,*/*/target}/rust-flamegraph/profiles/**/profile.json');
    const found = await vscode.workspace.findFiles(pattern, null, 1);
    const at = found[0]?.fsPath.lastIndexOf(`${path.sep}rust-flamegraph${path.sep}profiles${path.sep}`) ?? -1;
    if (at >= 0) return vscode.Uri.file(found[0].fsPath.slice(0, at + `${path.sep}rust-flamegraph${path.sep}profiles`.length));
  }
  return folders[0]?.uri;
}
