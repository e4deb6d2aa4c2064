// Type guards for untrusted values (profile.json, messages from the webview
// or the worker), shared by the model's parseProfile and the protocols.

/** A plain object (not null, not an array). */
export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
