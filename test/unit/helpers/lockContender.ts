// A separate process that tries the recording lock of each folder named on its
// stdin and answers "won" or "lost" (never releasing): recordingLock.test.ts runs
// several at once against one stale lock.
import { createInterface } from 'node:readline';
import { acquireRecordingLock } from '../../../src/core/checks/recordingLock';

const lines = createInterface({ input: process.stdin });
lines.on('line', (dir) => {
  acquireRecordingLock(dir).then(
    () => process.stdout.write('won\n'),
    (e: Error) => process.stdout.write(/Another recording/.test(e.message) ? 'lost\n' : `error ${e.message}\n`),
  );
});
