// Choosing the cargo target to profile: the only runnable target directly,
// else a QuickPick of binaries, examples, tests and benches (with their
// package), the last choice of this workspace first. The choice is kept in
// workspaceState per manifest, for "Profile Rust Binary Again".

import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CargoTarget, TargetKind, WorkspaceTargets } from '../model/targets';

export interface RememberedTarget {
  manifestPath: string;
  kind: TargetKind;
  name: string;
  package: string;
}

export interface TargetPickItem extends vscode.QuickPickItem {
  target: CargoTarget;
}

const KIND_ORDER: Record<TargetKind, number> = { bin: 0, example: 1, test: 2, bench: 3, lib: 4 };
const KIND_ICON: Record<TargetKind, string> = {
  bin: '$(play)',
  example: '$(book)',
  test: '$(beaker)',
  bench: '$(dashboard)',
  lib: '$(library)',
};
/** How a kind reads in the picker: a library only runs through its unit tests. */
const KIND_TEXT: Record<TargetKind, string> = { bin: 'bin', example: 'example', test: 'test', bench: 'bench', lib: 'lib unit tests' };
const STATE_KEY = 'rustFlamegraph.lastTarget';

export function sameTarget(t: CargoTarget, r: { kind: TargetKind; name: string; package: string }): boolean {
  return t.kind === r.kind && t.name === r.name && t.packageName === r.package;
}

/** The picker's items: binaries, examples, tests, benches; the remembered one first. */
export function targetPickItems(ws: WorkspaceTargets, remembered?: RememberedTarget): TargetPickItem[] {
  const sorted = [...ws.targets].sort(
    (a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.packageName.localeCompare(b.packageName) || a.name.localeCompare(b.name),
  );
  const items = sorted.map((t): TargetPickItem => ({
    label: `${KIND_ICON[t.kind]} ${t.name}`,
    description: `${KIND_TEXT[t.kind]} · package ${t.packageName}${
      t.requiredFeatures?.length ? ` · requires features ${t.requiredFeatures.join(', ')}` : ''
    }${remembered && sameTarget(t, remembered) ? ' · last used' : ''}`,
    detail: path.relative(ws.workspaceRoot, t.srcPath) || t.srcPath,
    target: t,
  }));
  const i = remembered ? items.findIndex((it) => sameTarget(it.target, remembered)) : -1;
  if (i > 0) items.unshift(...items.splice(i, 1));
  return items;
}

export function rememberedTarget(state: vscode.Memento): RememberedTarget | undefined {
  return state.get<RememberedTarget>(STATE_KEY);
}

export function rememberTarget(state: vscode.Memento, manifestPath: string, t: CargoTarget): Thenable<void> {
  const r: RememberedTarget = { manifestPath, kind: t.kind, name: t.name, package: t.packageName };
  return state.update(STATE_KEY, r);
}

/**
 * The target to profile in `ws`, asking with a QuickPick when there are
 * several; undefined when the user dismissed the picker.
 */
export async function pickTarget(ws: WorkspaceTargets, manifestPath: string, state: vscode.Memento): Promise<CargoTarget | undefined> {
  if (ws.targets.length === 1) return ws.targets[0];
  const last = rememberedTarget(state);
  const items = targetPickItems(ws, last && last.manifestPath === manifestPath ? last : undefined);
  const chosen = await vscode.window.showQuickPick(items, {
    title: 'Profile Rust Binary: which target?',
    placeHolder: 'Binaries, examples, tests and benches of this crate',
    matchOnDescription: true,
  });
  return chosen?.target;
}
