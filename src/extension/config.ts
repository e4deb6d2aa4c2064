// The extension's settings, read through one typed class so that every
// default and every fallback (CARGO / PERF environment variables) lives here.

import * as vscode from 'vscode';

export const CONFIG_SECTION = 'rustFlamegraph';

export class FlamegraphConfig {
  private constructor(private readonly cfg: vscode.WorkspaceConfiguration) {}

  static read(scope?: vscode.Uri): FlamegraphConfig {
    return new FlamegraphConfig(vscode.workspace.getConfiguration(CONFIG_SECTION, scope));
  }

  /** Arguments passed to the profiled program. */
  get programArgs(): string[] {
    const v = this.cfg.get<unknown>('programArguments', []);
    return Array.isArray(v) ? v.filter((a): a is string => typeof a === 'string') : [];
  }

  /** Extra environment variables for the profiled program. */
  get env(): Record<string, string> {
    const v = this.cfg.get<unknown>('environment', {});
    const out: Record<string, string> = {};
    if (v && typeof v === 'object') for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
    return out;
  }

  /** The cargo profile to build with (debug info is added by the engine). */
  get cargoProfile(): string {
    return this.cfg.get<string>('cargoProfile', 'release') || 'release';
  }

  get frequency(): number {
    const v = this.cfg.get<number>('frequency', 997);
    return Number.isInteger(v) && v > 0 ? v : 997;
  }

  /** '' lets the engine choose (cycles where the CPU counts them, else cpu-clock). */
  get event(): string {
    return (this.cfg.get<string>('event', '') ?? '').trim();
  }

  get callGraph(): string {
    return this.cfg.get<string>('callGraph', 'dwarf') || 'dwarf';
  }

  get perfPath(): string {
    return (this.cfg.get<string>('perfPath', '') ?? '').trim() || process.env.PERF || 'perf';
  }

  get cargoPath(): string {
    return (this.cfg.get<string>('cargoPath', '') ?? '').trim() || process.env.CARGO || 'cargo';
  }
}
