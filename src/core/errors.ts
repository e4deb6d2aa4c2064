// Errors a user can act on. Every failure the engine expects is thrown as a
// UserError: a plain sentence naming the problem, and one naming the fix.
// Front ends (CLI, extension, server) print `message` and `fix`, never a
// stack trace; anything that is not a UserError is a bug of ours.

export class UserError extends Error {
  constructor(
    message: string,
    /** What the user can do about it, in one or two plain sentences. */
    readonly fix?: string,
    /** Extra lines worth showing (cargo's errors, perf's stderr, …). */
    readonly details?: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** The message a front end shows for any error: the plain words, the fix, the details. */
export function describeError(err: unknown): string {
  if (err instanceof UserError) {
    return [err.message, err.fix, err.details?.trimEnd()].filter((s): s is string => !!s).join('\n');
  }
  const message = err instanceof Error ? err.message : String(err);
  return `Internal error: ${message}\nThis is a bug in rust-flamegraph; run again with --verbose for details and report it.`;
}

/** Receives warnings and progress as they happen (stderr in the CLI, the log channel in VS Code). */
export interface Reporter {
  warn(message: string): void;
  info(message: string): void;
  /** Every external command we run, with its arguments, for the log. */
  command?(file: string, args: readonly string[]): void;
}
