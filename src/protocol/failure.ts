// Any failure as what the user sees. The engine's UserErrors carry their
// Diagnostic; an AbortError is a cancel (no message needed); anything else is
// a bug of ours. The worker (for the engine's errors), the extension host (for
// its own) and the CLI all turn errors into a Failure here, so they read alike.
// Pure: errors are recognized by their name, not their class, because a
// Failure also crosses the worker's IPC channel.

import type { Diagnostic } from '../model/diagnostics';

export interface Failure {
  /** What to tell the user: the plain words and the fix, as data. */
  diagnostic: Diagnostic;
  /** True for the engine's UserError, false for a bug. */
  userError: boolean;
  /** True when the job ended because it was cancelled (no message needed). */
  cancelled: boolean;
  /** The diagnostic's text (what a log line or a test reads first). */
  message: string;
  /** Extra lines worth showing: cargo's errors, perf's stderr, a bug's stack. */
  details?: string;
}

const BUG_FIX: Diagnostic['fix'] = [
  { text: 'This is a bug in rust-flamegraph; run again with --verbose for details and report it.', only: 'terminal' },
  { text: 'This is a bug in Rust Flamegraph; the log has the details.', only: 'vscode' },
];

/** A failure that is not a UserError (not the user's to fix by what the message says, nor a cancel). */
export function failureWith(diagnostic: Diagnostic, details?: string): Failure {
  return { diagnostic, userError: false, cancelled: false, message: diagnostic.text, details };
}

/** A failure that is ours to fix, with what is known of it. */
export function bugFailure(message: string, details?: string): Failure {
  return failureWith({ code: 'internal-error', severity: 'error', text: `Internal error: ${message}`, fix: BUG_FIX }, details);
}

/** `aborted`: the job's signal fired, so whatever it threw on the way out is a cancel. */
export function failureOf(e: unknown, aborted = false): Failure {
  const err = (typeof e === 'object' && e !== null ? e : {}) as { name?: unknown; diagnostic?: Diagnostic; details?: string };
  if (aborted || err.name === 'AbortError') {
    const text = 'Cancelled.';
    return { diagnostic: { code: 'cancelled', severity: 'error', text }, userError: true, cancelled: true, message: text };
  }
  if (err.name === 'UserError' && err.diagnostic) {
    return { diagnostic: err.diagnostic, userError: true, cancelled: false, message: err.diagnostic.text, details: err.details };
  }
  return bugFailure(e instanceof Error ? e.message : String(e), e instanceof Error ? e.stack : undefined);
}
