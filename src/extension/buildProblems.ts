// The build's compiler messages in VS Code's Problems panel: each one the
// engine sends (file:line:col, severity, message, code) becomes a Diagnostic,
// so a failed build links to its errors. Cleared when the next build starts.

import * as vscode from 'vscode';
import type { BuildDiagnostic } from '../protocol/engineMessages';

const SEVERITY: Record<BuildDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  note: vscode.DiagnosticSeverity.Information,
  help: vscode.DiagnosticSeverity.Hint,
};

export class BuildProblems implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('rust-flamegraph');
  private readonly byFile = new Map<string, vscode.Diagnostic[]>();

  add(d: BuildDiagnostic): void {
    // Lines and columns from cargo count from 1, VS Code's from 0.
    const range = new vscode.Range(d.line - 1, d.column - 1, d.endLine - 1, d.endColumn - 1);
    const diagnostic = new vscode.Diagnostic(range, d.message, SEVERITY[d.severity] ?? vscode.DiagnosticSeverity.Error);
    diagnostic.source = 'rust-flamegraph (cargo build)';
    if (d.code) diagnostic.code = d.code;
    const list = this.byFile.get(d.file) ?? [];
    list.push(diagnostic);
    this.byFile.set(d.file, list);
    this.collection.set(vscode.Uri.file(d.file), list);
  }

  clear(): void {
    this.byFile.clear();
    this.collection.clear();
  }

  dispose(): void {
    this.collection.dispose();
  }
}
