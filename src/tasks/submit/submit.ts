/**
 * `bo submit <id>` (product spec section 6, Validate): the task moves to `validating`, the registry
 * is rescanned from the code, the gates its criteria call for run (live too when a service is
 * configured, probing only its endpoints), and the findings about what the task touches decide.
 * Pass → done (archived), docs regenerated, events broadcast. Fail → back to its agent with only
 * the failing items, each with rule, place and fix hint; after `submit.maxAttempts` failures the
 * task is blocked. The verdict's report is saved under reports/<task id>/.
 */
import type { Config } from '../../config/schema.js';
import type { EventDraft } from '../../events/publish.js';
import type { RegistryDiff } from '../../registry/diff.js';
import type { Endpoint, Registry } from '../../registry/schema.js';
import type { Measurement } from '../../gates/live/types.js';
import type { CheckContext, Severity } from '../../gates/types.js';
import type { Report } from '../../report/model.js';
import type { Store } from '../../store/types.js';
import type { TaskEngine } from '../engine.js';
import * as life from '../lifecycle.js';
import type { Task } from '../schema.js';
import { endpointSite } from '../../scan/code/sites.js';
import { resolveTargets } from '../targets.js';
import { type GatePlan, planGates, planSelects } from './gate-plan.js';
import { type Failure, scopeFindings, type TaskScope } from './scope.js';

export const DEFAULT_MAX_ATTEMPTS = 5;

export interface SubmitOptions {
  root: string;
  config: Config;
  store: Store;
  engine: TaskEngine;
  actor: string;
  /** Overrides `submit.live` (the command line's --live / --no-live). */
  live?: boolean;
  /** Database URL and the like for the live gates. */
  liveOptions?: { databaseUrl?: string; runJsMigrations?: boolean };
  signal?: AbortSignal;
  progress?: (phase: string, done: number, total: number) => void;
  /** Publishes events (appends them to the outbox); called once per stage. */
  publish(events: EventDraft[]): Promise<void>;
  /** Regenerates backend-developer.md after a done task; returns what it changed. */
  updateDocs?(registry: Registry): Promise<{ path: string; changed: boolean; changes?: unknown }>;
  /**
   * Called with the registry as it is before the submit's rescan: when the docs were never
   * generated, they are generated from it, so that the task's changes show in the changelog.
   */
  baselineDocs?(registry: Registry): Promise<void>;
  now?: () => Date;
}

export interface SubmitOutcome {
  task: Task;
  verdict: 'pass' | 'fail';
  /** This submit's number (1 for the first). */
  attempt: number;
  failures: Failure[];
  warnings: Failure[];
  /** Set when this failure used up the attempts. */
  blocked?: string;
  reportId: string;
  gates: { areas: string[]; rules: string[]; live: boolean };
  /** The OpenAPI document's path (what `backend.api.ready` names as the documentation). */
  documentation?: string;
  /** The measured response time of each target endpoint that was load-tested. */
  performance: Record<string, { avg: number; p95: number; p99: number; requests: number }>;
  /** Types of the events published, in order. */
  events: string[];
}

export async function submitTask(id: string, options: SubmitOptions): Promise<SubmitOutcome> {
  const now = options.now ?? (() => new Date());
  const { store, config, root } = options;
  const published: string[] = [];
  const publish = async (drafts: EventDraft[]) => {
    if (drafts.length === 0) return;
    await options.publish(drafts);
    published.push(...drafts.map((d) => d.type));
  };

  const { task: validating } = await store.updateTask(id, (task) => life.startValidation(task, options.actor, now()));
  const attempt = validating.attempts + 1;
  let outcome: Omit<SubmitOutcome, 'task' | 'events'>;
  let update: { registry: Registry; before: Registry; diff: RegistryDiff } | undefined;
  try {
    options.progress?.('scanning', 0, 1);
    const { updateRegistry, hasChanges } = await import('../../scan/update-registry.js');
    // The registry before the scan: the docs' baseline, and what is in effect if the scan changed nothing.
    let onDisk: Registry | undefined;
    if (options.baselineDocs) {
      const { registry: current, problems } = await store.readRegistry();
      onDisk = current;
      if (problems.length === 0 && current.endpoints.length + current.models.length + current.services.length > 0) await options.baselineDocs(current);
    }
    const scanned = await updateRegistry({ root, config, store });
    const registry = scanned.result.registry ?? onDisk ?? (await store.readRegistry()).registry;
    const before = scanned.before ?? registry;
    update = { registry, before, diff: scanned.diff };
    if (hasChanges(scanned.diff)) await publish(changeEvents(scanned.diff, before, registry));
    outcome = await validate(validating, registry, options, attempt, now());
  } catch (error) {
    // Whatever broke, the task must not stay `validating`: back to its agent, the error as its failure.
    const message = error instanceof Error ? error.message : String(error);
    await store.updateTask(id, (task) => (task.status === 'validating' ? life.failValidation(task, { verdict: 'error', attempt, error: message, at: now().toISOString() }, Number.POSITIVE_INFINITY, now()) : undefined));
    throw error;
  }

  const result = {
    verdict: outcome.verdict,
    attempt,
    reportId: outcome.reportId,
    at: now().toISOString(),
    gates: outcome.gates,
    failures: outcome.failures,
    ...(outcome.warnings.length ? { warnings: outcome.warnings } : {}),
    ...(Object.keys(outcome.performance).length ? { performance: outcome.performance } : {}),
  };
  const maxAttempts = config.submit?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  let task: Task;
  if (outcome.verdict === 'pass') {
    ({ task } = await store.updateTask(id, (current) => life.passValidation(current, result, options.actor, now())));
  } else {
    ({ task } = await store.updateTask(id, (current) => life.failValidation(current, result, maxAttempts, now())));
    if (task.status === 'blocked') outcome.blocked = task.blockedReason;
  }

  const verdictData = { task: id, verdict: outcome.verdict, attempt, report: outcome.reportId, failures: outcome.failures.map(compactFailure) };
  await publish([{ type: 'backend.task.validated', subject: id, data: verdictData }]);
  if (outcome.verdict === 'fail') {
    await publish([
      { type: 'backend.task.failed', subject: id, data: { task: id, attempt, failures: outcome.failures.length, agent: validating.claim?.agent ?? options.actor } },
      ...(task.status === 'blocked' ? [{ type: 'backend.task.blocked', subject: id, data: { task: id, reason: task.blockedReason ?? '' } }] : []),
    ]);
    return { ...outcome, task, events: published };
  }
  const { registry } = update as NonNullable<typeof update>;
  await publish([{ type: 'backend.task.done', subject: id, data: { task: id, title: task.title, skill: task.skill, attempts: task.attempts, report: outcome.reportId } }]);
  await publish(apiReadyEvents(task, registry, outcome.documentation, outcome.performance));
  if (options.updateDocs) {
    const docs = await options.updateDocs(registry);
    if (docs.changed) await publish([{ type: 'backend.docs.updated', data: { path: docs.path, task: id, ...(docs.changes ? { changes: docs.changes } : {}) } }]);
  }
  return { ...outcome, task, events: published };
}

/** The gates, the scoping, the report: the verdict of one submit. */
async function validate(task: Task, registry: Registry, options: SubmitOptions, attempt: number, at: Date): Promise<Omit<SubmitOutcome, 'task' | 'events'>> {
  const { config, root } = options;
  const targets = resolveTargets(task.targets, task.title, registry);
  const endpointTargets = registry.endpoints.filter((e) => targets.includes(e.id));
  const plan = planGates({ task, canRunLive: config.service !== undefined, liveWanted: options.live ?? config.submit?.live ?? true });
  const [{ runCheck }, { reportId }] = await Promise.all([import('../../gates/check-run.js'), import('./report-id.js')]);
  const severities: Record<string, Severity> = Object.fromEntries(plan.required.map((rule) => [rule, 'error' as const]));
  const id = reportId(at);
  const { report, context, measurements } = await runCheck({
    root,
    config,
    areas: plan.areas,
    selected: (rule) => planSelects(plan, rule),
    severities,
    ...(plan.live ? { live: { ...(options.liveOptions ?? {}), ...(endpointTargets.length ? { endpoints: endpointTargets.map((e) => e.id) } : {}) } } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
    id,
    createdAt: at,
  });
  const scope = taskScope(targets, registry, context, endpointTargets);
  const { failures, warnings } = scopeFindings(report.findings, scope);
  failures.unshift(...missingTargets(task, targets, registry));
  await options.store.saveReport(task.id, id, { ...report, task: { id: task.id, attempt, targets, gates: gatesOf(plan) } } satisfies Report & { task: unknown });
  return {
    verdict: failures.length === 0 ? 'pass' : 'fail',
    attempt,
    failures,
    warnings,
    reportId: id,
    gates: gatesOf(plan),
    performance: performanceOf(endpointTargets, measurements),
    ...(context.openapi?.file ? { documentation: context.openapi.file } : {}),
  };
}

const gatesOf = (plan: GatePlan) => ({ areas: [...plan.areas], rules: [...plan.rules], live: plan.live });

/** The files of the target endpoints: where each is registered and where its handlers live. */
function taskScope(targets: string[], registry: Registry, context: CheckContext, endpoints: readonly Endpoint[]): TaskScope {
  const files = new Set<string>();
  for (const endpoint of endpoints) {
    if (endpoint.source?.file) files.add(endpoint.source.file);
  }
  return {
    targets,
    tables: registry.models.filter((m) => targets.includes(m.name)).map((m) => (m.table ?? m.name).toLowerCase()),
    files: [...files, ...handlerFiles(context, endpoints)],
  };
}

function handlerFiles(context: CheckContext, endpoints: readonly Endpoint[]): string[] {
  const files = new Set<string>();
  for (const endpoint of endpoints) {
    for (const handler of endpointSite(context.index, endpoint)?.handlers() ?? []) files.add(handler.module.file.path);
  }
  return [...files];
}

/**
 * An API task names endpoints; after the rescan each must be in the code. A missing one is the
 * first failure (nothing else can say the work is done).
 */
function missingTargets(task: Task, targets: readonly string[], registry: Registry): Failure[] {
  if (!task.skill.startsWith('api-development')) return [];
  const ids = new Set(registry.endpoints.map((e) => e.id));
  return targets
    .filter((t) => /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s/i.test(t) && !ids.has(t))
    .map((t) => ({
      rule: 'task/target-implemented',
      severity: 'error' as const,
      file: '-',
      line: 0,
      message: `${t} is not in the code: the scan finds no route for it`,
      hint: `Implement ${t} (register the route with the framework the project uses), then submit again; \`bo scan\` lists the endpoints it finds.`,
      subject: t,
    }));
}

function performanceOf(endpoints: readonly Endpoint[], measurements: ReadonlyMap<string, Measurement>): SubmitOutcome['performance'] {
  const result: SubmitOutcome['performance'] = {};
  for (const endpoint of endpoints) {
    const stats = measurements.get(`load:${endpoint.id}`)?.stats;
    if (stats) result[endpoint.id] = { avg: stats.avg ?? 0, p95: stats.p95 ?? 0, p99: stats.p99 ?? 0, requests: stats.requests ?? 0 };
  }
  return result;
}

const compactFailure = (f: Failure) => ({ rule: f.rule, file: f.file, line: f.line, message: f.message });

/** `backend.api.ready` for each endpoint a passing API task delivered (events spec: the seed's fields). */
export function apiReadyEvents(task: Task, registry: Registry, documentation: string | undefined, performance: SubmitOutcome['performance']): EventDraft[] {
  if (!task.skill.startsWith('api-development')) return [];
  const targets = resolveTargets(task.targets, task.title, registry);
  const endpoints = registry.endpoints.filter((e) => targets.includes(e.id));
  return endpoints.map((endpoint) => {
    const measured = performance[endpoint.id];
    return {
      type: 'backend.api.ready',
      subject: endpoint.id,
      data: {
        endpoint: endpoint.path,
        method: endpoint.method,
        documentation: documentation ?? 'not documented',
        tests: 'passed',
        performance: measured ? `${formatMs(measured.avg)}ms avg response (p95 ${formatMs(measured.p95)}ms)` : 'not measured',
        ...(measured ? { latency: { avgMs: measured.avg, p95Ms: measured.p95, p99Ms: measured.p99, requests: measured.requests } } : {}),
        task: task.id,
        ...(task.source ? { request: task.source.id, requestSource: task.source.source } : {}),
      },
    };
  });
}

const formatMs = (ms: number): string => (ms >= 10 ? String(Math.round(ms)) : String(Math.round(ms * 10) / 10));

/** `backend.schema.changed` and `backend.api.changed` from a rescan's diff. */
export function changeEvents(diff: RegistryDiff, before: Registry, after: Registry): EventDraft[] {
  const events: EventDraft[] = [];
  const { models, endpoints, services } = diff;
  if (models.added.length + models.removed.length + models.changed.length > 0) {
    const byName = (registry: Registry, name: string) => registry.models.find((m) => m.name === name);
    events.push({
      type: 'backend.schema.changed',
      data: {
        added: models.added.map((name) => byName(after, name)),
        removed: models.removed,
        changed: models.changed.map((name) => ({ name, before: byName(before, name), after: byName(after, name) })),
      },
    });
  }
  if (endpoints.added.length + endpoints.removed.length + endpoints.changed.length > 0) {
    const byId = (registry: Registry, id: string) => registry.endpoints.find((e) => e.id === id);
    events.push({
      type: 'backend.api.changed',
      data: {
        added: endpoints.added,
        removed: endpoints.removed.map((id) => ({ endpoint: id, breaking: true })),
        changed: endpoints.changed.map((id) => ({ endpoint: id, breaking: breakingChange(byId(before, id), byId(after, id)) })),
      },
    });
  }
  if (services.added.length + services.removed.length + services.changed.length > 0) {
    events.push({ type: 'backend.services.changed', data: { ...services } });
  }
  return events;
}

/** An endpoint change a client notices: gone, auth now required, or a path parameter added. */
function breakingChange(before: Endpoint | undefined, after: Endpoint | undefined): boolean {
  if (!before || !after) return true;
  if (before.auth === 'none' && after.auth !== 'none') return true;
  const added = (a: readonly string[], b: readonly string[]) => b.some((x) => !a.includes(x));
  return added(before.params.path, after.params.path);
}
