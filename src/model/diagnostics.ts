// What the user is told, as data: every error and warning the engine can
// produce is a Diagnostic (a stable code, plain words, and the fix as steps
// naming the shell commands to copy and the setting to change), so each front
// end words it for its own reader. The terminal names command-line flags and
// prints commands on lines of their own; VS Code names settings and offers
// buttons (Copy Command, Open Setting). Pure: no Node, no `vscode`.
//
// A step's text may hold placeholders, filled in by the renderer:
//   {0}, {1}, …  the step's commands[i], inline in backticks
//   {setting}     the step's setting with its value: `--call-graph fp` / `"rustFlamegraph.callGraph": "fp"`
//   {flag}        the step's setting alone: `--freq` / `rustFlamegraph.frequency`
// Commands no placeholder names are shown after the step's text.

import type { ProfileMeta } from './profileTypes';

export type Severity = 'error' | 'warning';

/** A setting a fix asks to change; `key` is absent for what only the command line can set (`--output`, `--duration`). */
export interface SettingChange {
  key?: string;
  cliFlag: string;
  value?: string | number;
}

export interface FixStep {
  /** Prose, with the placeholders above. */
  text: string;
  /** Exact shell commands, offered for copying. */
  commands?: string[];
  setting?: SettingChange;
  /** Advice that only one front end can follow (e.g. a flag VS Code has no setting for). */
  only?: Audience;
}

export interface Diagnostic {
  /** Stable id, e.g. 'perf-not-permitted'. */
  code: string;
  severity: Severity;
  /** What happened, in plain words. */
  text: string;
  fix?: FixStep[];
}

export type Audience = 'terminal' | 'vscode';

/** A warning known only by its text (profile.json files written before diagnostics were data). */
export function plainWarning(text: string): Diagnostic {
  return { code: 'warning', severity: 'warning', text };
}

/** A profile's warnings as data; a profile.json written before diagnostics has only their texts. */
export function profileDiagnostics(meta: Pick<ProfileMeta, 'warnings' | 'diagnostics'>): Diagnostic[] {
  return meta.diagnostics ?? (meta.warnings ?? []).map(plainWarning);
}

/**
 * Adds warnings to a profile: as data, and as the terminal words them
 * (`warnings`, for readers of profile.json that predate diagnostics).
 */
export function addProfileWarnings(meta: Pick<ProfileMeta, 'warnings' | 'diagnostics'>, added: readonly Diagnostic[]): void {
  meta.diagnostics = [...profileDiagnostics(meta), ...added];
  meta.warnings = meta.diagnostics.map(terminalText);
}

/** Every command the fix names, in order. */
export function commandsOf(d: Diagnostic, audience?: Audience): string[] {
  return stepsFor(d, audience).flatMap((s) => s.commands ?? []);
}

/** The first setting of the fix that the front end can change. */
export function settingOf(d: Diagnostic, audience: Audience): SettingChange | undefined {
  return stepsFor(d, audience)
    .map((s) => s.setting)
    .find((s) => s && (audience === 'terminal' || s.key));
}

function stepsFor(d: Diagnostic, audience: Audience | undefined): FixStep[] {
  return (d.fix ?? []).filter((s) => !audience || !s.only || s.only === audience);
}

function settingName(s: SettingChange, audience: Audience): string {
  return audience === 'vscode' && s.key ? s.key : s.cliFlag;
}

function settingWithValue(s: SettingChange, audience: Audience): string {
  if (audience === 'vscode' && s.key) return s.value === undefined ? s.key : `"${s.key}": ${JSON.stringify(s.value)}`;
  return s.value === undefined ? s.cliFlag : `${s.cliFlag} ${s.value}`;
}

/** One step in words; commands no placeholder names are returned apart. */
function stepText(s: FixStep, audience: Audience): { text: string; rest: string[] } {
  const used = new Set<number>();
  const text = s.text.replace(/\{(\d+|setting|flag)\}/g, (whole, name: string) => {
    if (name === 'setting') return s.setting ? settingWithValue(s.setting, audience) : whole;
    if (name === 'flag') return s.setting ? settingName(s.setting, audience) : whole;
    const c = s.commands?.[Number(name)];
    if (c === undefined) return whole;
    used.add(Number(name));
    return `\`${c}\``;
  });
  return { text, rest: (s.commands ?? []).filter((_, i) => !used.has(i)) };
}

/** The fix for a terminal: prose, with commands no sentence names on lines of their own (indented, ready to paste). */
export function terminalFix(d: Diagnostic): string | undefined {
  const lines: string[] = [];
  for (const step of stepsFor(d, 'terminal')) {
    const { text, rest } = stepText(step, 'terminal');
    if (!rest.length && lines.length && !lines[lines.length - 1].startsWith('  ')) lines[lines.length - 1] += ` ${text}`;
    else lines.push(text);
    for (const c of rest) lines.push(`  ${c}`);
  }
  return lines.length ? lines.join('\n') : undefined;
}

/** The whole diagnostic for a terminal: its words, then its fix (a warning on one line unless it lists commands). */
export function terminalText(d: Diagnostic): string {
  const fix = terminalFix(d);
  if (!fix) return d.text;
  return d.severity === 'warning' && !fix.includes('\n') ? `${d.text} ${fix}` : `${d.text}\n${fix}`;
}

export const COPY_COMMAND = 'Copy Command';
export const OPEN_SETTING = 'Open Setting';
export const SHOW_LOG = 'Show Log';
export type EditorAction = typeof COPY_COMMAND | typeof OPEN_SETTING | typeof SHOW_LOG;

/** What VS Code shows: one line for a notification (settings named, commands inline), its buttons and what they act on. */
export interface EditorView {
  text: string;
  /** What Copy Command copies. */
  commands: string[];
  /** What Open Setting opens. */
  setting?: SettingChange & { key: string };
  actions: EditorAction[];
}

/** One notification for one or more diagnostics (the warnings of a profile are shown together). */
export function editorView(...ds: Diagnostic[]): EditorView {
  const parts: string[] = [];
  for (const d of ds) {
    parts.push(d.text);
    for (const step of stepsFor(d, 'vscode')) {
      const { text, rest } = stepText(step, 'vscode');
      parts.push(rest.length ? `${text} ${rest.map((c) => `\`${c}\``).join(' ; ')}.` : text);
    }
  }
  const commands = ds.flatMap((d) => commandsOf(d, 'vscode'));
  const found = ds.map((d) => settingOf(d, 'vscode')).find((s) => s?.key);
  const setting = found?.key ? { ...found, key: found.key } : undefined;
  const actions: EditorAction[] = [];
  if (commands.length) actions.push(COPY_COMMAND);
  if (setting) actions.push(OPEN_SETTING);
  actions.push(SHOW_LOG);
  return { text: parts.join(' '), commands, setting, actions };
}
