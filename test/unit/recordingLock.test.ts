// The recording lock (src/core/checks/recordingLock.ts): taken atomically, so
// of several recorders taking over one stale lock exactly one wins; a lock is
// stale only when none of its holders (the recorder, then perf) still runs as
// the process that took it (same pid, same start time).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { acquireRecordingLock, recordingLockHolder, LOCK_FILE, processStartTime } from '../../src/core/checks/recordingLock';
import type { UserError } from '../../src/core/errors';

const temp = () => mkdtempSync(path.join(tmpdir(), 'rf-lock-'));

test('40 rounds of 4 processes taking over one stale lock at once: exactly one wins each round', async () => {
  const contenders = Array.from({ length: 4 }, () => {
    const child = spawn(process.execPath, [path.join(__dirname, 'helpers', 'lockContender.js')], { stdio: ['pipe', 'pipe', 'inherit'] });
    const answers: string[] = [];
    const waiting: ((a: string) => void)[] = [];
    createInterface({ input: child.stdout! }).on('line', (l) => {
      const w = waiting.shift();
      if (w) w(l);
      else answers.push(l);
    });
    const next = () => new Promise<string>((r) => (answers.length ? r(answers.shift()!) : waiting.push(r)));
    return { child, next };
  });
  try {
    const dead = spawnSync('true').pid!;
    const rounds: string[][] = [];
    for (let round = 0; round < 40; round++) {
      const dir = temp();
      writeFileSync(path.join(dir, LOCK_FILE), `${dead}\n`);
      for (const c of contenders) c.child.stdin!.write(`${dir}\n`);
      rounds.push(await Promise.all(contenders.map((c) => c.next())));
    }
    const bad = rounds.map((r, i) => ({ round: i, r })).filter(({ r }) => r.filter((a) => a === 'won').length !== 1);
    assert.deepEqual(bad, [], 'rounds without exactly one winner');
  } finally {
    for (const c of contenders) c.child.kill();
  }
});

test('a lock whose recorder died but whose perf still runs is not taken over', async () => {
  const dir = temp();
  const dead = spawnSync('true').pid!;
  const perf = spawn('sleep', ['60']);
  try {
    writeFileSync(path.join(dir, LOCK_FILE), `${dead}\n${perf.pid} ${processStartTime(perf.pid!)}\n`);
    assert.equal(await recordingLockHolder(dir), perf.pid);
    await assert.rejects(acquireRecordingLock(dir), (e: UserError) => e.message.includes(`(process ${perf.pid})`));
  } finally {
    perf.kill();
  }
});

test('a pid that now belongs to another process (another start time) does not hold the lock', async () => {
  const dir = temp();
  const other = spawn('sleep', ['60']);
  try {
    writeFileSync(path.join(dir, LOCK_FILE), `${other.pid} 1\n`);
    assert.equal(await recordingLockHolder(dir), null);
    const lock = await acquireRecordingLock(dir);
    assert.match(readFileSync(path.join(dir, LOCK_FILE), 'utf8'), new RegExp(`^${process.pid} \\d+\\n$`));
    await lock.addHolder(other.pid!);
    assert.equal(readFileSync(path.join(dir, LOCK_FILE), 'utf8').split('\n')[1], `${other.pid} ${processStartTime(other.pid!)}`);
    await lock.release();
  } finally {
    other.kill();
  }
});
