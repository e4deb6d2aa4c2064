// Cancellation is an AbortSignal's abort, and it ends a job with the
// signal's reason: a DOMException named 'AbortError'. Front ends tell a
// cancel from a failure by that name, never by a message's text.

/** Throws the signal's AbortError when it was aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  signal?.throwIfAborted();
}

/** The error a job rejects with once its signal was aborted. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

export function isAbortError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'AbortError';
}
