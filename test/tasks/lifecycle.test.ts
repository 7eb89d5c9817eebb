import { describe, expect, it } from 'vitest';
import * as life from '../../src/tasks/lifecycle.js';
import { makeTask } from '../helpers/tasks.js';

const now = new Date('2026-03-01T10:00:00.000Z');
const later = (ms: number) => new Date(now.getTime() + ms);
const none = { waitingOn: [] };

describe('claimTask', () => {
  it('claims a ready task under a lease and records the transition', () => {
    const task = life.claimTask(makeTask(), 'a1', 60_000, none, now);
    expect(task.status).toBe('in_progress');
    expect(task.claim).toEqual({ agent: 'a1', claimedAt: now.toISOString(), leaseUntil: later(60_000).toISOString(), leaseMs: 60_000 });
    expect(task.history.at(-1)).toMatchObject({ from: 'ready', to: 'in_progress', by: 'a1' });
  });

  it('refuses a task claimed by another agent whose lease is live', () => {
    const claimed = life.claimTask(makeTask(), 'a1', 60_000, none, now);
    expect(() => life.claimTask(claimed, 'a2', 60_000, none, later(1000))).toThrow(/claimed by a1/);
  });

  it('lets the same agent renew its claim without a new history entry', () => {
    const claimed = life.claimTask(makeTask(), 'a1', 60_000, none, now);
    const again = life.claimTask(claimed, 'a1', 60_000, none, later(30_000));
    expect(again.history).toHaveLength(claimed.history.length);
    expect(again.claim?.leaseUntil).toBe(later(90_000).toISOString());
    expect(again.claim?.claimedAt).toBe(now.toISOString());
  });

  it('tells a live claim (a renewal) from one that lapsed or is missing', () => {
    const claimed = life.claimTask(makeTask(), 'a1', 60_000, none, now);
    expect(life.isLiveClaim(claimed, now)).toBe(true);
    expect(life.isLiveClaim(claimed, later(60_000))).toBe(false);
    expect(life.isLiveClaim(makeTask(), now)).toBe(false);
    // In progress without a claim (edited by hand): not a renewal, and not claimable either.
    const unclaimed = makeTask({ status: 'in_progress', claim: null });
    expect(life.isLiveClaim(unclaimed, now)).toBe(false);
    expect(() => life.claimTask(unclaimed, 'a1', 60_000, none, now)).toThrow(/cannot claim .*in_progress/);
  });

  it('lets another agent take over once the lease expired, with the expiry in history', () => {
    const claimed = life.claimTask(makeTask(), 'a1', 60_000, none, now);
    const taken = life.claimTask(claimed, 'a2', 60_000, none, later(61_000));
    expect(taken.claim?.agent).toBe('a2');
    expect(taken.history.map((h) => `${h.from}>${h.to}:${h.by}`)).toEqual(['ready>in_progress:a1', 'in_progress>ready:system', 'ready>in_progress:a2']);
    expect(taken.history[1]?.note).toMatch(/lease of a1 expired/);
  });

  it('refuses tasks whose dependencies are not done, naming them', () => {
    const pending = makeTask({ status: 'pending', dependencies: ['task-001-x'] });
    expect(() => life.claimTask(pending, 'a1', 1000, { waitingOn: [{ id: 'task-001-x', status: 'in_progress' }] }, now)).toThrow(
      /waits on task-001-x \(in_progress\)/,
    );
  });

  it('promotes a pending task whose dependencies finished, then claims it', () => {
    const task = life.claimTask(makeTask({ status: 'pending' }), 'a1', 1000, none, now);
    expect(task.history.map((h) => h.to)).toEqual(['ready', 'in_progress']);
  });

  it('refuses blocked, done and cancelled tasks', () => {
    expect(() => life.claimTask(makeTask({ status: 'blocked', blockedReason: 'waiting for keys' }), 'a', 1, none, now)).toThrow(/blocked \(waiting for keys\)/);
    expect(() => life.claimTask(makeTask({ status: 'done' }), 'a', 1, none, now)).toThrow(/done/);
    expect(() => life.claimTask(makeTask({ status: 'cancelled' }), 'a', 1, none, now)).toThrow(/cancelled/);
  });
});

describe('heartbeat, progress and release', () => {
  const claimed = life.claimTask(makeTask(), 'a1', 60_000, none, now);

  it('heartbeat extends the lease by its length', () => {
    expect(life.heartbeat(claimed, 'a1', later(50_000)).claim?.leaseUntil).toBe(later(110_000).toISOString());
  });

  it('only the holder may heartbeat, report progress or release', () => {
    expect(() => life.heartbeat(claimed, 'a2', now)).toThrow(/claimed by a1, not a2/);
    expect(() => life.recordProgress(claimed, 'x', 10, 'a2', now)).toThrow(/claimed by a1/);
    expect(() => life.release(claimed, 'a2', now)).toThrow(/claimed by a1/);
    expect(() => life.heartbeat(makeTask(), 'a1', now)).toThrow(/not claimed/);
  });

  it('progress is appended and renews the lease', () => {
    const task = life.recordProgress(claimed, 'handler written', 40, 'a1', later(10_000));
    expect(task.progress).toEqual([{ at: later(10_000).toISOString(), message: 'handler written', percent: 40, by: 'a1' }]);
    expect(task.claim?.leaseUntil).toBe(later(70_000).toISOString());
  });

  it('release returns the task to ready without a claim', () => {
    const task = life.release(claimed, undefined, later(1));
    expect(task.status).toBe('ready');
    expect(task.claim).toBeNull();
    expect(task.history.at(-1)).toMatchObject({ from: 'in_progress', to: 'ready', by: 'a1' });
  });

  it('release without an agent refuses a lapsed lease (reconcile will return it)', () => {
    expect(() => life.release(claimed, undefined, later(120_000))).toThrow(/expired/);
  });
});

describe('reconcile', () => {
  it('returns an expired claim to ready', () => {
    const claimed = life.claimTask(makeTask(), 'a1', 1000, none, now);
    expect(life.reconcile(claimed, none, later(500))).toBeUndefined();
    expect(life.reconcile(claimed, none, later(1000))).toMatchObject({ status: 'ready', claim: null });
  });

  it('moves pending to ready when dependencies are done, and ready back to pending when not', () => {
    expect(life.reconcile(makeTask({ status: 'pending' }), none, now)?.status).toBe('ready');
    const waiting = { waitingOn: [{ id: 'task-009-x', status: 'ready' as const }] };
    expect(life.reconcile(makeTask({ status: 'ready' }), waiting, now)?.status).toBe('pending');
    expect(life.reconcile(makeTask({ status: 'pending' }), waiting, now)).toBeUndefined();
  });

  it('blocks a pending task whose dependency was cancelled, with the reason', () => {
    const task = life.reconcile(makeTask({ status: 'pending' }), { waitingOn: [{ id: 'task-002-y', status: 'cancelled' }] }, now);
    expect(task).toMatchObject({ status: 'blocked', blockedReason: 'dependency task-002-y (cancelled) will never be done' });
  });
});

describe('block, unblock, cancel, complete', () => {
  it('block needs an active task and records the reason; unblock returns it', () => {
    const blocked = life.block(life.claimTask(makeTask(), 'a1', 1000, none, now), 'no API key', 'lead', now);
    expect(blocked).toMatchObject({ status: 'blocked', blockedReason: 'no API key', claim: null });
    const unblocked = life.unblock(blocked, 'lead', none, now);
    expect(unblocked.status).toBe('ready');
    expect(unblocked.blockedReason).toBeUndefined();
    expect(life.unblock(blocked, 'lead', { waitingOn: [{ id: 'task-003-z', status: 'ready' }] }, now).status).toBe('pending');
    expect(() => life.unblock(makeTask(), 'lead', none, now)).toThrow(/not blocked/);
  });

  it('cancel and complete are final', () => {
    const cancelled = life.cancel(makeTask(), 'lead', 'not needed', now);
    expect(cancelled.history.at(-1)).toMatchObject({ to: 'cancelled', note: 'not needed' });
    expect(() => life.cancel(cancelled, 'lead', undefined, now)).toThrow(/cancelled/);
    expect(life.complete(makeTask({ status: 'validating' }), 'gates', now).status).toBe('done');
    expect(() => life.block(makeTask({ status: 'done' }), 'x', 'lead', now)).toThrow(/done/);
  });
});
