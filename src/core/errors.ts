// Errors a user can act on. Every failure the engine expects is thrown as a
// UserError carrying its Diagnostic (src/model/diagnostics.ts): the plain
// words, a stable code and the fix as data. Front ends (CLI, extension,
// server) render it for their reader, never a stack trace; anything that is
// not a UserError is a bug of ours (src/protocol/failure.ts).

import { Diagnostic, FixStep, terminalFix, terminalText } from '../model/diagnostics';
import { failureOf, Failure } from '../protocol/failure';

export class UserError extends Error {
  constructor(
    readonly diagnostic: Diagnostic,
    /** Extra lines worth showing (cargo's errors, perf's stderr, …). */
    readonly details?: string,
  ) {
    super(diagnostic.text);
    this.name = 'UserError';
  }

  /** The fix as the terminal words it. */
  get fix(): string | undefined {
    return terminalFix(this.diagnostic);
  }
}

/** A UserError whose fix is plain prose (the usual case outside the bad-day checks). */
export function userError(code: string, text: string, fix?: string | FixStep[], details?: string): UserError {
  const steps = typeof fix === 'string' ? [{ text: fix }] : fix;
  return new UserError({ code, severity: 'error', text, fix: steps }, details);
}

/** A failure as the terminal shows it: the words, the fix, the details. */
export function terminalFailureText(f: Failure): string {
  return [terminalText(f.diagnostic), f.userError ? f.details?.trimEnd() : undefined].filter((s): s is string => !!s).join('\n');
}

/** The message a terminal shows for any error. */
export function describeError(err: unknown): string {
  return terminalFailureText(failureOf(err));
}

/** Receives warnings and progress as they happen (stderr in the CLI, the log channel in VS Code). */
export interface Reporter {
  warn(message: string | Diagnostic): void;
  info(message: string): void;
  /** Every external command we run, with its arguments, for the log. */
  command?(file: string, args: readonly string[]): void;
}
