// What the progress notification says for each typed progress message of a
// job (src/protocol/engineMessages.ts). No vscode import: unit-tested.

import type { JobProgress } from '../protocol/engineMessages';

/** The notification's text for a job's progress. */
export function progressText(p: JobProgress): string {
  switch (p.phase) {
    case 'build':
      if (p.crate) return `building: compiling ${p.crate}${p.built ? ` (${p.built} done)` : ''}…`;
      return p.built ? `building with debug info… (${p.built} done)` : 'building with debug info…';
    case 'record':
      return p.seconds > 0 ? `recording… ${p.seconds} s (Stop Profiling ends it and keeps the profile)` : 'recording…';
    case 'symbolize':
      return 'symbolizing…';
    case 'write':
      return 'writing the flamegraph…';
  }
}
