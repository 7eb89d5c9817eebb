/**
 * Receiving events (`bo emit`, and `POST /v1/events` of the HTTP API): each is appended to the
 * outbox first, then handed to the handler of its type. Intake is idempotent by `source` + `id`:
 * a repeat is answered with what the first delivery did and changes nothing.
 *
 * `frontend.api.request` (events spec) creates an api-development task for the endpoint, its
 * requirements carried into the task's gates, linked to the event; a request for an endpoint that
 * already has an open task is linked to that task instead (its requirements merged).
 */
import { BoError } from '../core/errors.js';
import { REQUIREMENT_GATES } from '../skills/builtin.js';
import type { TaskEngine } from '../tasks/engine.js';
import { isFinished } from '../tasks/lifecycle.js';
import { targetsOverlap } from '../tasks/rank.js';
import type { Task } from '../tasks/schema.js';
import { FrontendApiRequestData } from './intake.js';
import type { CloudEvent, EventLog } from './types.js';

export interface Received {
  seq: number;
  id: string;
  source: string;
  type: string;
  duplicate: boolean;
  /** What the handler did (for a duplicate: what it did the first time). */
  task?: { id: string; action: 'created' | 'linked' };
}

export interface ReceiveDeps {
  log: EventLog;
  engine: TaskEngine;
  /** Who acts for events that do not say (`requestedBy` wins). */
  actor: string;
}

export async function receiveEvents(events: readonly CloudEvent[], deps: ReceiveDeps): Promise<Received[]> {
  const { appended, duplicates } = await deps.log.append(events);
  const fresh = new Set(appended.map((s) => s.event));
  const results: Received[] = [];
  for (const stored of [...appended, ...duplicates].sort((a, b) => a.seq - b.seq)) {
    const event = stored.event;
    const base = { seq: stored.seq, id: event.id, source: event.source, type: event.type };
    if (event.type !== 'frontend.api.request') {
      results.push({ ...base, duplicate: !fresh.has(event) });
      continue;
    }
    if (!fresh.has(event)) {
      // A repeat: answer with what the first delivery did. If that one died before acting (the
      // event is logged but no task knows it), act now: the handler links rather than duplicates.
      const task = (await linkedTask(deps.engine, event)) ?? (await handleFrontendRequest(event, deps));
      results.push({ ...base, duplicate: true, task: { id: task.task.id, action: task.action } });
      continue;
    }
    const outcome = await handleFrontendRequest(event, deps);
    results.push({ ...base, duplicate: false, task: { id: outcome.task.id, action: outcome.action } });
  }
  return results;
}

/** `source#id`: how a linked request is written in a task's history. */
const requestRef = (event: Pick<CloudEvent, 'source' | 'id'>) => `${event.source}#${event.id}`;

export async function handleFrontendRequest(event: CloudEvent, deps: ReceiveDeps): Promise<{ task: Task; action: 'created' | 'linked' }> {
  const raw = event.data as Record<string, unknown> | undefined;
  const parsed = FrontendApiRequestData.safeParse(raw && typeof raw.method === 'string' ? { ...raw, method: raw.method.toUpperCase() } : raw);
  if (!parsed.success) throw new BoError('BO_ERR_INPUT_INVALID', `frontend.api.request ${event.id}: ${parsed.error.issues.map((i) => `data.${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const data = parsed.data as { endpoint: string; method?: string; requirements: string[]; description?: string; requestedBy?: string };
  const method = (data.method ?? 'GET').toUpperCase();
  const target = `${method} ${data.endpoint}`;
  const requirements = [...new Set(data.requirements.map((r) => r.trim()).filter(Boolean))];
  const actor = data.requestedBy ?? deps.actor;

  const { tasks } = await deps.engine.list();
  const open = tasks.find((t) => !isFinished(t) && t.skill.startsWith('api-development') && t.targets.some((x) => targetsOverlap(x, target)));
  if (open) {
    const task = await deps.engine.store.updateTask(open.id, (current) => mergeRequest(current, event, requirements, actor, new Date()));
    return { task: task.task, action: 'linked' };
  }
  const title = `${target}${data.description ? `: ${data.description}` : ' (requested by the frontend)'}`.slice(0, 300);
  const [task] = await deps.engine.add(
    [
      {
        title,
        description: [data.description ?? '', `Requested by ${actor} through frontend.api.request ${event.id} (${event.source}).`].filter(Boolean).join('\n\n'),
        type: 'api',
        skill: 'api-development-skill',
        requirements,
        targets: [target],
      },
    ],
    actor,
    { source: { type: event.type, id: event.id, source: event.source } },
  );
  return { task: task as Task, action: 'created' };
}

/** Another request for the same endpoint: its requirements (and their gates) join the open task. */
export function mergeRequest(task: Task, event: Pick<CloudEvent, 'source' | 'id'>, requirements: readonly string[], actor: string, now: Date): Task {
  const merged = [...new Set([...task.requirements, ...requirements])];
  const gates = [...task.criteria.gates];
  for (const requirement of merged) {
    const gate = REQUIREMENT_GATES[requirement.toLowerCase()];
    if (gate && !gates.includes(gate)) gates.push(gate);
  }
  const at = now.toISOString();
  return {
    ...task,
    requirements: merged,
    criteria: { ...task.criteria, gates },
    updatedAt: at,
    history: [...task.history, { at, from: task.status, to: task.status, by: actor, note: `linked request ${requestRef(event)}` }],
  };
}

/** The task a request created or was linked to (active or archived). */
async function linkedTask(engine: TaskEngine, event: CloudEvent): Promise<{ task: Task; action: 'created' | 'linked' } | undefined> {
  const { tasks } = await engine.list({ archived: true });
  const created = tasks.find((t) => t.source?.id === event.id && t.source.source === event.source);
  if (created) return { task: created, action: 'created' };
  const note = `linked request ${requestRef(event)}`;
  const linked = tasks.find((t) => t.history.some((h) => h.note === note));
  return linked ? { task: linked, action: 'linked' } : undefined;
}
