/**
 * The task lifecycle as pure functions (product spec section 5): each takes a task and returns
 * the next version, or throws a BoError saying why the move is not allowed. Every status change
 * is recorded in `history` with time, actor and note.
 */
import { BoError } from '../core/errors.js';
import { FINISHED_STATUSES, type Task, type TaskStatus } from './schema.js';

export const SYSTEM_ACTOR = 'system';

export function transition(task: Task, to: TaskStatus, by: string, now: Date, note?: string): Task {
  const at = now.toISOString();
  return {
    ...task,
    status: to,
    updatedAt: at,
    history: [...task.history, { at, from: task.status, to, by, ...(note ? { note } : {}) }],
  };
}

export const isFinished = (task: Pick<Task, 'status'>) => FINISHED_STATUSES.includes(task.status);

export function leaseExpired(task: Task, now: Date): boolean {
  // A validating task whose submit died (its lease lapsed) is free again too.
  return (task.status === 'in_progress' || task.status === 'validating') && task.claim !== null && Date.parse(task.claim.leaseUntil) <= now.getTime();
}

function conflict(message: string): BoError {
  return new BoError('BO_ERR_TASK_CONFLICT', message);
}

function requireActive(task: Task, action: string): void {
  if (isFinished(task)) throw conflict(`cannot ${action} ${task.id}: it is ${task.status}`);
}

function newClaim(agent: string, leaseMs: number, now: Date): NonNullable<Task['claim']> {
  return {
    agent,
    claimedAt: now.toISOString(),
    leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
    leaseMs,
  };
}

/** Returns an expired claim to ready, in history; a no-op for anything else. */
export function expireLease(task: Task, now: Date): Task | undefined {
  if (!leaseExpired(task, now)) return undefined;
  const agent = task.claim?.agent ?? 'unknown';
  return { ...transition(task, 'ready', SYSTEM_ACTOR, now, `lease of ${agent} expired`), claim: null };
}

export interface DependencyState {
  /** Dependencies that are not done yet, with their status (or `missing`). */
  waitingOn: { id: string; status: TaskStatus | 'missing' }[];
}

function describeWaiting(waiting: DependencyState['waitingOn']): string {
  return waiting.map((d) => `${d.id} (${d.status})`).join(', ');
}

/**
 * Keeps a task's status true to its dependencies and lease: pending ↔ ready as dependencies
 * finish (or are added), blocked when a dependency was cancelled, ready again when a lease lapses.
 * Returns undefined when nothing changes.
 */
export function reconcile(task: Task, deps: DependencyState, now: Date): Task | undefined {
  const expired = expireLease(task, now);
  const current = expired ?? task;
  const cancelled = deps.waitingOn.filter((d) => d.status === 'cancelled' || d.status === 'missing');
  if (current.status === 'pending' && cancelled.length > 0) {
    const reason = `dependency ${describeWaiting(cancelled)} will never be done`;
    return { ...transition(current, 'blocked', SYSTEM_ACTOR, now, reason), blockedReason: reason };
  }
  if (current.status === 'pending' && deps.waitingOn.length === 0) {
    return transition(current, 'ready', SYSTEM_ACTOR, now, 'all dependencies done');
  }
  if (current.status === 'ready' && deps.waitingOn.length > 0) {
    return transition(current, 'pending', SYSTEM_ACTOR, now, `waiting on ${describeWaiting(deps.waitingOn)}`);
  }
  return expired;
}

/** Whether claiming `task` now would renew a live claim rather than make a new one (which is announced). */
export function isLiveClaim(task: Task, now: Date): task is Task & { claim: NonNullable<Task['claim']> } {
  return task.status === 'in_progress' && task.claim !== null && !leaseExpired(task, now);
}

export function claimTask(task: Task, agent: string, leaseMs: number, deps: DependencyState, now: Date): Task {
  requireActive(task, 'claim');
  if (isLiveClaim(task, now)) {
    if (task.claim.agent !== agent) {
      throw new BoError('BO_ERR_TASK_CLAIMED', `${task.id} is claimed by ${task.claim.agent} until ${task.claim.leaseUntil}`, {
        claimedBy: task.claim.agent,
        leaseUntil: task.claim.leaseUntil,
      });
    }
    // Claiming again is a renewal, not a new claim.
    return { ...task, updatedAt: now.toISOString(), claim: { ...newClaim(agent, leaseMs, now), claimedAt: task.claim.claimedAt } };
  }
  let current = expireLease(task, now) ?? task;
  if (current.status === 'pending' || deps.waitingOn.length > 0) {
    if (deps.waitingOn.length > 0) throw conflict(`${task.id} waits on ${describeWaiting(deps.waitingOn)}`);
    current = transition(current, 'ready', SYSTEM_ACTOR, now, 'all dependencies done');
  }
  if (current.status !== 'ready') throw conflict(`cannot claim ${task.id}: it is ${current.status}${current.blockedReason ? ` (${current.blockedReason})` : ''}`);
  return { ...transition(current, 'in_progress', agent, now, 'claimed'), claim: newClaim(agent, leaseMs, now) };
}

function requireHolder(task: Task, agent: string | undefined, action: string, now: Date): void {
  requireActive(task, action);
  if (task.status !== 'in_progress' || !task.claim) throw conflict(`cannot ${action} ${task.id}: it is ${task.status}, not claimed`);
  if (agent !== undefined && task.claim.agent !== agent) {
    throw new BoError('BO_ERR_TASK_CLAIMED', `cannot ${action} ${task.id}: it is claimed by ${task.claim.agent}, not ${agent}`, {
      claimedBy: task.claim.agent,
    });
  }
  if (leaseExpired(task, now) && agent === undefined) {
    throw conflict(`cannot ${action} ${task.id}: the lease of ${task.claim.agent} expired at ${task.claim.leaseUntil}`);
  }
}

export function heartbeat(task: Task, agent: string, now: Date): Task {
  requireHolder(task, agent, 'heartbeat', now);
  const claim = task.claim as NonNullable<Task['claim']>;
  return {
    ...task,
    updatedAt: now.toISOString(),
    claim: { ...claim, leaseUntil: new Date(now.getTime() + claim.leaseMs).toISOString() },
  };
}

export function release(task: Task, agent: string | undefined, now: Date, note = 'released'): Task {
  requireHolder(task, agent, 'release', now);
  const by = agent ?? task.claim?.agent ?? SYSTEM_ACTOR;
  return { ...transition(task, 'ready', by, now, note), claim: null };
}

export function recordProgress(task: Task, message: string, percent: number | undefined, agent: string | undefined, now: Date): Task {
  requireHolder(task, agent, 'report progress on', now);
  const claim = task.claim as NonNullable<Task['claim']>;
  const at = now.toISOString();
  return {
    ...task,
    updatedAt: at,
    // Progress is a sign of life: it renews the lease like a heartbeat.
    claim: { ...claim, leaseUntil: new Date(now.getTime() + claim.leaseMs).toISOString() },
    progress: [...task.progress, { at, message, ...(percent !== undefined ? { percent } : {}), by: agent ?? claim.agent }],
  };
}

export function block(task: Task, reason: string, by: string, now: Date): Task {
  requireActive(task, 'block');
  if (task.status === 'blocked') return { ...task, blockedReason: reason, updatedAt: now.toISOString() };
  return { ...transition(task, 'blocked', by, now, reason), blockedReason: reason, claim: null };
}

export function unblock(task: Task, by: string, deps: DependencyState, now: Date): Task {
  if (task.status !== 'blocked') throw conflict(`cannot unblock ${task.id}: it is ${task.status}, not blocked`);
  const { blockedReason: _dropped, ...rest } = task;
  return transition(rest, deps.waitingOn.length > 0 ? 'pending' : 'ready', by, now, 'unblocked');
}

export function cancel(task: Task, by: string, reason: string | undefined, now: Date): Task {
  requireActive(task, 'cancel');
  return { ...transition(task, 'cancelled', by, now, reason ?? 'cancelled'), claim: null };
}

/** The end of validation (used by `submit`): done, archived afterwards by the store. */
export function complete(task: Task, by: string, now: Date, note = 'gates passed'): Task {
  requireActive(task, 'complete');
  return { ...transition(task, 'done', by, now, note), claim: null };
}

/** How long a submit may take before its task is free again (a crashed submit must not hold it forever). */
export const VALIDATION_LEASE_MS = 30 * 60_000;

/**
 * The start of `submit`: in_progress (or ready, for a person submitting unclaimed work) →
 * validating. The holder's claim stays, its lease stretched over the validation. A task another
 * agent holds, or one already being validated, is a conflict.
 */
export function startValidation(task: Task, agent: string, now: Date): Task {
  requireActive(task, 'submit');
  if (task.status === 'validating' && task.claim && Date.parse(task.claim.leaseUntil) > now.getTime()) {
    throw conflict(`${task.id} is already being validated (started by ${task.claim.agent})`);
  }
  if (task.status !== 'in_progress' && task.status !== 'ready' && task.status !== 'validating') {
    throw conflict(`cannot submit ${task.id}: it is ${task.status}${task.blockedReason ? ` (${task.blockedReason})` : ''}`);
  }
  if (task.status === 'in_progress' && task.claim && task.claim.agent !== agent && !leaseExpired(task, now)) {
    throw new BoError('BO_ERR_TASK_CLAIMED', `cannot submit ${task.id}: it is claimed by ${task.claim.agent}, not ${agent}`, { claimedBy: task.claim.agent });
  }
  const leaseMs = Math.max(task.claim?.leaseMs ?? 0, VALIDATION_LEASE_MS);
  const claim = task.claim && task.claim.agent === agent ? { ...task.claim, leaseUntil: new Date(now.getTime() + leaseMs).toISOString() } : newClaim(agent, leaseMs, now);
  return { ...transition(task, 'validating', agent, now, `submitted (attempt ${task.attempts + 1})`), claim };
}

/**
 * A submit whose gates failed: the attempt is counted and the task goes back to its agent
 * (in_progress, lease renewed) with the failures in `result`, or to `blocked` once the attempts
 * reach `maxAttempts`.
 */
export function failValidation(task: Task, result: Record<string, unknown>, maxAttempts: number, now: Date): Task {
  const attempts = task.attempts + 1;
  const agent = task.claim?.agent ?? SYSTEM_ACTOR;
  const failed = { ...task, attempts, result };
  if (attempts >= maxAttempts) {
    const reason = `the gates failed ${attempts} time${attempts === 1 ? '' : 's'} (submit.maxAttempts ${maxAttempts}); see result.failures`;
    return { ...transition(failed, 'blocked', SYSTEM_ACTOR, now, reason), blockedReason: reason, claim: null };
  }
  const claim = task.claim ? { ...task.claim, leaseUntil: new Date(now.getTime() + task.claim.leaseMs).toISOString() } : null;
  return { ...transition(failed, 'in_progress', agent, now, `gates failed (attempt ${attempts})`), claim };
}

/** A submit whose gates passed: done (archived by the store), with the verdict in `result`. */
export function passValidation(task: Task, result: Record<string, unknown>, by: string, now: Date): Task {
  return { ...transition({ ...task, attempts: task.attempts + 1, result }, 'done', by, now, 'gates passed'), claim: null };
}
