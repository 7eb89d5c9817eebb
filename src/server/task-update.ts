/**
 * `PATCH /v1/tasks/{id}`: the fields of a task that may change after it was created — title,
 * description, priority, requirements and targets. Everything else is the lifecycle's (status,
 * claim, attempts, history) or fixed at creation (type, skill, dependencies). A change is refused
 * while the task is being validated (its gates run against the current criteria) and once it is
 * finished (the store keeps archived tasks as they are). Requirements carry their gates with them,
 * as at creation; given targets are matched to the registry, as at creation.
 *
 * The TaskEngine has no update operation yet; `applyTaskPatch` is pure so that it can move there.
 */
import * as z from 'zod/mini';
import { BoError } from '../core/errors.js';
import { check } from '../core/validation.js';
import { REQUIREMENT_GATES } from '../skills/builtin.js';
import type { TaskEngine } from '../tasks/engine.js';
import { isFinished } from '../tasks/lifecycle.js';
import { TaskInput, type Task } from '../tasks/schema.js';
import { resolveTargets } from '../tasks/targets.js';

export const TaskPatch = z.partial(z.pick(TaskInput, { title: true, description: true, priority: true, requirements: true, targets: true }));
export type TaskPatch = z.infer<typeof TaskPatch>;

const gateOf = (requirement: string) => REQUIREMENT_GATES[requirement.toLowerCase()];

/**
 * The gates after the requirements change: gates of new requirements are added; a gate that only
 * a dropped requirement asked for is removed (unless the skill itself runs it).
 */
export function gatesFor(current: readonly string[], before: readonly string[], after: readonly string[], skillGates: readonly string[]): string[] {
  const wanted = new Set(after.map(gateOf).filter((g): g is string => g !== undefined));
  const dropped = new Set(before.map(gateOf).filter((g): g is string => g !== undefined && !wanted.has(g) && !skillGates.includes(g)));
  const gates = current.filter((gate) => !dropped.has(gate));
  for (const gate of wanted) if (!gates.includes(gate)) gates.push(gate);
  return gates;
}

export interface PatchContext {
  actor: string;
  now: Date;
  /** The gates the task's skill runs anyway. */
  skillGates: readonly string[];
  /** The given targets matched to the registry (when the patch has targets). */
  resolvedTargets?: string[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The task with the patch applied, or undefined when nothing changes. Throws when it may not change. */
export function applyTaskPatch(task: Task, patch: TaskPatch, context: PatchContext): Task | undefined {
  if (isFinished(task)) throw new BoError('BO_ERR_TASK_CONFLICT', `task ${task.id} is ${task.status}; it can no longer change`);
  if (task.status === 'validating') throw new BoError('BO_ERR_TASK_CONFLICT', `task ${task.id} is being validated; change it after the verdict`);
  const next: Task = { ...task };
  const changed: string[] = [];
  if (patch.title !== undefined && patch.title.trim() !== task.title) {
    next.title = patch.title.trim();
    changed.push('title');
  }
  if (patch.description !== undefined && patch.description !== task.description) {
    next.description = patch.description;
    changed.push('description');
  }
  if (patch.priority !== undefined && patch.priority !== task.priority) {
    next.priority = patch.priority;
    changed.push('priority');
  }
  if (patch.requirements !== undefined) {
    const requirements = [...new Set(patch.requirements.map((r) => r.trim()).filter(Boolean))];
    if (!same(requirements, task.requirements)) {
      next.requirements = requirements;
      next.criteria = { ...task.criteria, gates: gatesFor(task.criteria.gates, task.requirements, requirements, context.skillGates) };
      changed.push('requirements');
    }
  }
  if (patch.targets !== undefined) {
    const targets = context.resolvedTargets ?? patch.targets;
    if (!same(targets, task.targets)) {
      next.targets = targets;
      changed.push('targets');
    }
  }
  if (changed.length === 0) return undefined;
  const at = context.now.toISOString();
  next.updatedAt = at;
  next.history = [...task.history, { at, from: task.status, to: task.status, by: context.actor, note: `updated ${changed.join(', ')}` }];
  return next;
}

/** Validates the patch, matches its targets to the registry, and applies it under the task's lock. */
export async function updateTaskFields(engine: TaskEngine, id: string, raw: unknown, actor: string, now = new Date()): Promise<Task> {
  const result = check(TaskPatch, raw);
  if (!result.ok) throw new BoError('BO_ERR_INPUT_INVALID', result.errors.join('; '));
  const patch = result.value;
  if (Object.keys(patch).length === 0) throw new BoError('BO_ERR_INPUT_INVALID', 'nothing to change: give title, description, priority, requirements or targets');
  let resolvedTargets: string[] | undefined;
  if (patch.targets !== undefined && patch.targets.length > 0) {
    const { registry } = await engine.store.readRegistry();
    resolvedTargets = resolveTargets(patch.targets, patch.title ?? '', registry);
  }
  const { task } = await engine.store.updateTask(id, (current) => {
    const skillGates = engine.skills.find((skill) => skill.name === current.skill)?.gates ?? [];
    return applyTaskPatch(current, patch, { actor, now, skillGates, ...(resolvedTargets ? { resolvedTargets } : {}) });
  });
  return task;
}
