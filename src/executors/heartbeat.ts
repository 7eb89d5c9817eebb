/**
 * Keeps a claim alive while its command runs: a heartbeat on an interval well inside the lease.
 * A heartbeat refused because the claim is gone (the task was cancelled, blocked, or its lease
 * lapsed and another agent took it) ends the heartbeats and reports the loss, so the worker can
 * stop a command whose work nobody would accept; any other error (a busy lock) is transient and
 * the next beat tries again.
 */
import { isBoError } from '../core/errors.js';

export interface Heartbeat {
  stop(): void;
}

/** A third of the lease (several chances before it lapses), at most a minute, at least 250 ms. */
export function heartbeatInterval(leaseMs: number): number {
  return Math.max(250, Math.min(Math.floor(leaseMs / 3), 60_000));
}

export const claimLost = (error: unknown): boolean => isBoError(error) && (error.code === 'BO_ERR_TASK_CLAIMED' || error.code === 'BO_ERR_TASK_CONFLICT' || error.code === 'BO_ERR_TASK_NOT_FOUND');

export function startHeartbeat(beat: () => Promise<unknown>, everyMs: number, onLost: (error: unknown) => void): Heartbeat {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    if (stopped) return;
    try {
      await beat();
    } catch (error) {
      if (!stopped && claimLost(error)) {
        stopped = true;
        onLost(error);
        return;
      }
    }
    if (!stopped) timer = setTimeout(tick, everyMs);
  };
  timer = setTimeout(tick, everyMs);
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
