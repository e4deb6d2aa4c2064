// The extension's settings, read through the settings table
// (src/protocol/settings.ts), where each recording setting's default and check
// live; the tool fallbacks ($CARGO, $PERF) are src/core/tools.ts's.

import * as vscode from 'vscode';
import { RecordSettings, SETTINGS_SECTION, readRecordSettings } from '../protocol/settings';
import { toolPath } from '../core/tools';

export class FlamegraphConfig {
  /** Every recording setting, as a record job carries them. */
  readonly settings: RecordSettings;

  private constructor(cfg: vscode.WorkspaceConfiguration) {
    this.settings = readRecordSettings((key) => cfg.get<unknown>(key));
  }

  static read(scope?: vscode.Uri): FlamegraphConfig {
    return new FlamegraphConfig(vscode.workspace.getConfiguration(SETTINGS_SECTION, scope));
  }

  /** The perf binary to run for the host's own jobs (reading a perf.data). */
  get perfPath(): string {
    return toolPath('perf', this.settings.perfPath);
  }

  /** The cargo binary (its rustc finds the std sources). */
  get cargoPath(): string {
    return toolPath('cargo', this.settings.cargoPath);
  }
}
