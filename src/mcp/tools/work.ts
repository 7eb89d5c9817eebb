/**
 * The agent's loop as tools: next_task → claim_task → get_context → (work, report_progress) →
 * submit_task → fix the failing items → submit_task. Each is a thin adapter over the task engine
 * or the orchestrator; the answers are cut to what the agent acts on.
 */
import * as z from 'zod/mini';
import { ANSWER_LIMIT_BYTES, distinct, failureItem, fitWithin, taskSummary } from '../answers.js';
import { agent, skill, taskId } from '../inputs.js';
import { defineTool, json, text } from '../tool.js';

/** Tokens of context an agent gets by default: the YAML stays under the answer limit (4 characters a token). */
export const DEFAULT_CONTEXT_TOKENS = 1800;

export const nextTask = defineTool({
  name: 'next_task',
  description: 'The best ready task (priority, what it unblocks, age), or null. Look before claim_task; batch: up to N with disjoint targets.',
  input: z.strictObject({
    skill,
    batch: z.optional(z.int().check(z.minimum(1), z.maximum(10), z.describe('up to N tasks for parallel agents'))),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true },
  async run({ skill, batch }, { orchestrator }) {
    const tasks = await orchestrator.engine.next({ skill, batch });
    if (batch === undefined) return json(tasks[0] ? taskSummary(tasks[0]) : null);
    return json(tasks.map((task) => taskSummary(task)));
  },
});

export const claimTask = defineTool({
  name: 'claim_task',
  description: 'Claim a task to work on it (without id: the best ready one). The lease renews with report_progress. Returns the task, or null if none is ready.',
  input: z.strictObject({ id: z.optional(taskId('the task to claim (default: the best ready one)')), agent, skill }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
  async run(args, { orchestrator, agent }) {
    const who = args.agent ?? agent;
    const engine = orchestrator.engine;
    const claimed = args.id ? [await engine.claim(args.id, who)] : await engine.claimNext({ agent: who, skill: args.skill });
    const [task] = claimed;
    return json(task ? taskSummary(task) : null);
  },
});

export const getContext = defineTool({
  name: 'get_context',
  description: 'The context package of a task (YAML): requirements, target endpoints, models, patterns, files, test requirements, gates. Read it before writing code.',
  input: z.strictObject({
    id: taskId(),
    maxTokens: z.optional(z.int().check(z.minimum(200), z.maximum(16000), z.describe(`token budget (default ${DEFAULT_CONTEXT_TOKENS})`))),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true },
  async run({ id, maxTokens }, { orchestrator }) {
    const budget = maxTokens ?? Math.min(DEFAULT_CONTEXT_TOKENS, orchestrator.config.context.maxTokens);
    const { text: yaml } = await orchestrator.context(id, { format: 'yaml', maxTokens: budget });
    const size = Buffer.byteLength(yaml);
    // The budget counts characters; text far from ASCII has more bytes. Unless the agent asked for
    // a size, the default answer still stays under the limit: once more with a budget cut to fit.
    if (maxTokens !== undefined || size <= ANSWER_LIMIT_BYTES) return text(yaml);
    const fitted = Math.floor((budget * (ANSWER_LIMIT_BYTES - 256)) / size);
    return text((await orchestrator.context(id, { format: 'yaml', maxTokens: fitted })).text);
  },
});

export const reportProgress = defineTool({
  name: 'report_progress',
  description: 'Record progress on a task you hold; also renews your lease. Call it every few minutes of work.',
  input: z.strictObject({
    id: taskId(),
    agent,
    message: z.string().check(z.minLength(1), z.maxLength(500), z.describe('what is done, what is next')),
    percent: z.optional(z.number().check(z.minimum(0), z.maximum(100))),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
  async run({ id, agent: named, message, percent }, { orchestrator, agent }) {
    const task = await orchestrator.engine.progress(id, message, percent, named ?? agent);
    return json({ id: task.id, status: task.status, leaseUntil: task.claim?.leaseUntil });
  },
});

export const submitTask = defineTool({
  name: 'submit_task',
  description: 'Run the task\'s gates on your work. pass: the task is done. fail: fix each failing item (rule, file:line, fix) and submit again; too many attempts block the task.',
  input: z.strictObject({ id: taskId(), agent }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
  async run({ id, agent: named }, { orchestrator, agent, signal, progress }) {
    const outcome = await orchestrator.submit(id, { actor: named ?? agent, signal, ...(progress ? { progress } : {}) });
    const failures = fitWithin(distinct(outcome.failures.map(failureItem)), ANSWER_LIMIT_BYTES - 1024);
    return json({
      verdict: outcome.verdict,
      attempt: outcome.attempt,
      ...(outcome.verdict === 'fail' ? { failures: failures.items } : {}),
      ...(failures.more ? { more: `${failures.more} more failing items: fix these and submit again to see them` } : {}),
      ...(outcome.blocked ? { blocked: outcome.blocked } : {}),
    });
  },
});

export const WORK_TOOLS = [nextTask, claimTask, getContext, reportProgress, submitTask];
