// cargo's `compiler-message` JSON (with --message-format=json) → our typed
// BuildDiagnostic, for VS Code's Problems panel: the message's primary span
// (file:line:col, paths made absolute from the workspace root, where cargo
// runs rustc), its level as severity, its code.

import * as path from 'node:path';
import type { BuildDiagnostic } from '../../protocol/engineMessages';

interface Span {
  file_name: string;
  line_start: number;
  line_end: number;
  column_start: number;
  column_end: number;
  is_primary: boolean;
}

export interface CompilerMessage {
  reason: 'compiler-message';
  message: {
    message: string;
    code?: { code: string } | null;
    level: string;
    spans: Span[];
    rendered?: string | null;
  };
}

const SEVERITIES: ReadonlySet<string> = new Set(['error', 'warning', 'note', 'help']);

/** The diagnostic of one compiler message, or null when it points at no source (e.g. "aborting due to 1 previous error"). */
export function diagnosticOf(msg: CompilerMessage, workspaceRoot: string): BuildDiagnostic | null {
  const m = msg.message;
  const span = m.spans.find((s) => s.is_primary) ?? m.spans[0];
  if (!span) return null;
  // rustc's levels: error, warning, note, help, failure-note, "error: internal compiler error".
  const severity = SEVERITIES.has(m.level) ? (m.level as BuildDiagnostic['severity']) : m.level.startsWith('error') ? 'error' : 'note';
  return {
    file: path.resolve(workspaceRoot, span.file_name),
    line: span.line_start,
    column: span.column_start,
    endLine: span.line_end,
    endColumn: span.column_end,
    severity,
    message: m.message,
    code: m.code?.code || undefined,
  };
}

/** `   Compiling seed-demo v0.1.0 (/path)` → `seed-demo`: the crate cargo started to build. */
export function compilingCrate(stderrLine: string): string | undefined {
  return /^\s*Compiling (\S+) v/.exec(stderrLine)?.[1];
}
