// Cancellation is an AbortSignal's abort, and it ends a job with the
// signal's reason: a DOMException named 'AbortError'. Front ends tell a
// cancel from a failure by that name, never by a message's text.

/**
 * Runs a job so that a cancel always ends it with the AbortError, whatever a
 * killed process made it throw on the way (perf script cut short, …).
 */
export async function abortable<T>(signal: AbortSignal, job: () => Promise<T>): Promise<T> {
  signal.throwIfAborted();
  try {
    return await job();
  } catch (e) {
    signal.throwIfAborted();
    throw e;
  }
}

/** The error a job rejects with once its signal was aborted. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

export function isAbortError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'AbortError';
}
