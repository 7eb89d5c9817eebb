/** Heartbeats while a command runs: repeated inside the lease; a lost claim ends them and is reported. */
import { describe, expect, it } from 'vitest';
import { BoError } from '../../src/core/errors.js';
import { claimLost, heartbeatInterval, startHeartbeat } from '../../src/executors/heartbeat.js';
import { sleep } from './project.js';

describe('heartbeatInterval', () => {
  it('a third of the lease, within 250 ms and a minute', () => {
    expect(heartbeatInterval(30 * 60_000)).toBe(60_000);
    expect(heartbeatInterval(90_000)).toBe(30_000);
    expect(heartbeatInterval(300)).toBe(250);
  });
});

describe('startHeartbeat', () => {
  it('beats until stopped', async () => {
    let beats = 0;
    const heartbeat = startHeartbeat(async () => beats++, 20, () => {
      throw new Error('not lost');
    });
    await sleep(130);
    heartbeat.stop();
    const seen = beats;
    expect(seen).toBeGreaterThanOrEqual(3);
    await sleep(60);
    expect(beats).toBe(seen);
  });

  it('a refused heartbeat (the claim is gone) stops the beats and reports the loss; a busy lock does not', async () => {
    let beats = 0;
    const lost: unknown[] = [];
    const heartbeat = startHeartbeat(
      async () => {
        beats++;
        if (beats === 1) throw new BoError('BO_ERR_LOCK_TIMEOUT', 'busy');
        if (beats === 2) throw new BoError('BO_ERR_TASK_CONFLICT', 'cannot heartbeat task-001-x: it is cancelled, not claimed');
      },
      15,
      (error) => lost.push(error),
    );
    await sleep(120);
    heartbeat.stop();
    expect(beats).toBe(2);
    expect(lost).toHaveLength(1);
    expect((lost[0] as Error).message).toContain('it is cancelled');
  });

  it('knows which errors mean the claim is gone', () => {
    expect(claimLost(new BoError('BO_ERR_TASK_CLAIMED', 'x'))).toBe(true);
    expect(claimLost(new BoError('BO_ERR_TASK_NOT_FOUND', 'x'))).toBe(true);
    expect(claimLost(new BoError('BO_ERR_LOCK_TIMEOUT', 'x'))).toBe(false);
    expect(claimLost(new Error('x'))).toBe(false);
  });
});
