/**
 * The project beyond one task: search_registry (what the backend has), run_checks (the gates on
 * the whole project, saved as a report) and emit_event (an event into the intake, so a
 * `frontend.api.request` creates a task). Adapters over the orchestrator.
 */
import * as z from 'zod/mini';
import { createEvent } from '../../events/envelope.js';
import { STRUCTURED_CONTENT_TYPE } from '../../events/intake.js';
import { AREAS } from '../../gates/types.js';
import { HTTP_METHODS, REGISTRY_KINDS } from '../../registry/schema.js';
import { distinct, findingItem, fitWithin } from '../answers.js';
import { refusal } from '../errors.js';
import { limit, offset } from '../inputs.js';
import { searchRegistry } from '../registry-search.js';
import { defineTool, json } from '../tool.js';

export const searchRegistryTool = defineTool({
  name: 'search_registry',
  description: 'Find existing endpoints, models or services (from the scanned code) before adding or changing one. q: words; method/path: endpoints; model: models.',
  input: z.strictObject({
    kind: z.enum(REGISTRY_KINDS),
    q: z.optional(z.string().check(z.maxLength(200))),
    method: z.optional(z.enum(HTTP_METHODS)),
    path: z.optional(z.string().check(z.maxLength(300), z.describe('text the path contains, e.g. /products/{id}'))),
    model: z.optional(z.string().check(z.maxLength(200))),
    limit: limit(100),
    offset,
  }),
  annotations: { readOnlyHint: true, idempotentHint: true },
  async run(query, { orchestrator }) {
    const { registry } = await orchestrator.store.readRegistry();
    const { total, rows } = searchRegistry(registry, query);
    const page = fitWithin(rows, 7 * 1024);
    const shown = page.items.length;
    return json({ kind: query.kind, total, rows: page.items, ...(query.offset + shown < total ? { nextOffset: query.offset + shown } : {}) });
  },
});

/** Error findings shown in a run_checks answer; the saved report has them all. */
const MAX_FINDINGS = 25;

export const runChecks = defineTool({
  name: 'run_checks',
  description: 'Run the quality gates on the whole project (not one task: use submit_task for that). Returns the verdict, counts, the errors and the report id. live: also probe the running service.',
  input: z.strictObject({
    areas: z.optional(z.array(z.enum(AREAS)).check(z.minLength(1))),
    only: z.optional(z.string().check(z.describe('rule ids, prefixes (db/*) or checklist items, comma-separated'))),
    live: z._default(z.boolean(), false),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  async run({ areas, only, live }, { orchestrator, signal, progress }) {
    const report = await orchestrator.check({ ...(areas ? { areas } : {}), ...(only ? { only } : {}), live, signal, ...(progress ? { progress } : {}) });
    const errors = distinct(report.findings.filter((f) => f.severity === 'error').map(findingItem));
    const shown = fitWithin(errors.slice(0, MAX_FINDINGS), 6 * 1024);
    const more = errors.length - shown.items.length;
    const { errors: errorCount, warnings, infos } = report.summary;
    return json({
      verdict: report.verdict,
      report: report.id,
      counts: { errors: errorCount, warnings, infos, items: report.summary.items },
      errors: shown.items,
      ...(more ? { more: `${more} more errors in report ${report.id} (bo check shows them all)` } : {}),
      ...(report.internalErrors.length ? { internalErrors: report.internalErrors.length } : {}),
    });
  },
});

export const emitEvent = defineTool({
  name: 'emit_event',
  description: 'Send an event into the orchestrator (as POST /v1/events). frontend.api.request {endpoint, method?, requirements?, description?} creates or links a task. Same id again: a duplicate, nothing new.',
  input: z.strictObject({
    type: z.string().check(z.minLength(1), z.describe('e.g. frontend.api.request')),
    data: z.record(z.string(), z.unknown()),
    subject: z.optional(z.string()),
    id: z.optional(z.string().check(z.minLength(1), z.describe('event id (default: a new one)'))),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
  async run({ type, data, subject, id }, { orchestrator, agent }) {
    const event = createEvent({ type, source: orchestrator.source, data, ...(subject !== undefined ? { subject } : {}), ...(id !== undefined ? { id } : {}) });
    const outcome = await orchestrator.receive({ body: event, contentType: STRUCTURED_CONTENT_TYPE, from: `mcp:${agent}` }, agent);
    if (!outcome.ok) {
      const problems = outcome.problems.map((p) => `${p.path}: ${p.message}`).join('; ');
      return refusal(`the event was refused: ${problems}: fix the named field and send it again`);
    }
    // One event in, one received: its place in the log, whether it was new, the task it made or joined.
    const [received] = outcome.received;
    if (!received) throw new Error('the intake accepted the event but reported nothing');
    const { seq, id: eventId, duplicate, task } = received;
    return json({ seq, id: eventId, type: received.type, duplicate, ...(task ? { task } : {}) });
  },
});

export const PROJECT_TOOLS = [searchRegistryTool, runChecks, emitEvent];
