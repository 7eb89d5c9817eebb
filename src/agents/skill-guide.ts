/**
 * The agent skill `bo init --agent` writes to `.claude/skills/backend-orchestrator/SKILL.md`: an
 * operational guide for a coding agent (Claude Code, Cursor, Codex…) working in a project run by
 * backend-orchestrator: when to call which MCP tool or CLI command, the loop next → claim →
 * context → implement → submit → fix, what the gates check, and the house rules.
 *
 * Generated from the project's config (skills, thresholds, attempts, lease, whether a service is
 * configured for the live gates), so what it tells the agent is what the gates will do. Pure: the
 * same config gives the same bytes, which keeps `bo init --agent` idempotent. The front matter
 * follows the Agent Skills format (name, description) that Claude Code, Cursor and Codex read;
 * the description says when to use it, as that is all an agent sees before loading the skill.
 */
import type { Config } from '../config/schema.js';
import { CHECKLIST } from '../gates/catalog.js';
import type { Area } from '../gates/types.js';
import { REQUIREMENT_GATES } from '../skills/builtin.js';
import { skillCatalog } from '../skills/catalog.js';
import { DEFAULT_MAX_ATTEMPTS } from '../tasks/submit/submit.js';

export const SKILL_NAME = 'backend-orchestrator';
export const SKILL_FILE = `.claude/skills/${SKILL_NAME}/SKILL.md`;

export const SKILL_DESCRIPTION =
  'How to do backend work in a project run by backend-orchestrator (bo): pick, claim and implement tasks, then submit them to its quality gates and fix exactly the failures they list. ' +
  'Use it whenever you build or change endpoints, database schema or migrations, auth, integrations or backend tests, or plan such work as tasks.';

/** The MCP tools, in the order the guide introduces them. */
export const MCP_TOOLS = ['next_task', 'claim_task', 'get_context', 'report_progress', 'submit_task', 'create_task', 'list_tasks', 'search_registry', 'run_checks', 'emit_event'] as const;

const AREA_TITLES: Record<Area, string> = {
  api: 'API',
  database: 'Database',
  security: 'Security',
  metrics: 'Metrics',
  tests: 'Tests',
  contract: 'Contract',
};

/** `a, b and c` (or `a, b or c`) */
const list = (items: readonly string[], last = 'and'): string => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]}`);
const code = (text: string): string => `\`${text}\``;

/** Does `bo submit` run the live gates here? The same test as the submit's gate plan. */
export function liveGatesOn(config: Config): boolean {
  return config.service !== undefined && (config.submit?.live ?? true);
}

const stateDirOf = (config: Config): string => config.stateDir.replace(/\/+$/, '');

function frontMatter(): string {
  // The description is one quoted scalar: YAML-safe whatever punctuation it holds.
  return ['---', `name: ${SKILL_NAME}`, `description: ${JSON.stringify(SKILL_DESCRIPTION)}`, '---'].join('\n');
}

function loopSection(config: Config): string {
  const attempts = config.submit?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const lease = config.tasks.leaseMinutes;
  return `## The loop: one task at a time

1. ${code('next_task')} (optionally ${code('skill')}): the best ready task, or null. Nothing ready: stop and say so, or create the task the user asked for (below).
2. ${code('claim_task')} with its ${code('id')}: the task is yours for a ${lease}-minute lease. Claimed by another agent: take another one from ${code('next_task')}. Give the same ${code('agent')} name on every call if you pass one.
3. ${code('get_context')} with the ${code('id')}: the task, its targets in the registry (endpoints, models, services), the code around them, the standards and the gates it must pass. Read it before you write code.
4. Implement exactly the task: its targets and requirements, nothing more. Other work you notice goes into a new task (${code('create_task')}), not into this one.
5. While you work, call ${code('report_progress')} (${code('message')}, ${code('percent')}) every few minutes and after each step: it renews the lease. A task whose lease runs out goes back to ready and another agent may take it.
6. ${code('submit_task')} with the ${code('id')}: runs the task's gates on what it touches.
   - **pass**: the task is done (the registry, docs and events are updated for you). Go back to 1.
   - **fail**: the answer lists only the failing items, each with ${code('rule')}, ${code('file')}:${code('line')}, the message and a fix ${code('hint')}. Fix exactly those items, at those places, as the hints say; change nothing unrelated; then ${code('submit_task')} again.
   - After ${attempts} failed submits the task is **blocked**: stop working on it and tell the user the blocked reason; do not start it over under another name.
`;
}

function creatingSection(config: Config): string {
  // One spelling per gate: the first the table gives (`auth required`, not its synonyms).
  const requirements = Object.entries(REQUIREMENT_GATES).filter(([name, gate], i, all) => !name.includes('-') && all.findIndex(([, g]) => g === gate) === i);
  const skills = skillCatalog(config);
  const types = [...new Set(skills.flatMap((s) => s.types.slice(0, 1)))];
  return `## Creating tasks

Create tasks when the user asks for backend work that is not a task yet, when a request is too big
for one task, or when you find work outside your current task. Check ${code('list_tasks')} first so
you do not create a duplicate, and ${code('search_registry')} to see which endpoints, models and
services already exist.

- ${code('create_task')}: ${code('title')} (imperative, naming the endpoint or table: "Add pagination to GET /api/products"), ${code('type')} (${list(types.map(code), 'or')}), ${code('requirements')}, ${code('targets')}, ${code('depends')}, ${code('priority')}.
- ${code('targets')}: the endpoints (${code('GET /api/products')}) and models (${code('Product')}) it touches. The gates judge a task only on its targets, so name them.
- ${code('requirements')} switch on gates: ${list(requirements.map(([name, gate]) => `${code(name)} → ${code(gate)}`))}.
- Split big work: one task per endpoint or migration, with ${code('depends')} naming the tasks that must be done first (the table before the endpoint that reads it). A task waits until its dependencies are done.
- ${code('emit_event')}: tell the orchestrator something happened, e.g. ${code('frontend.api.request')} when a frontend asks for an endpoint (it creates or links the task).

Skills (a task is routed by its type and title):

| Skill | For | Gates on submit |
| --- | --- | --- |
${skills.map((s) => `| ${s.name} | ${s.description || '—'} | ${s.gates.length ? s.gates.join(', ') : '—'} |`).join('\n')}
`;
}

function gatesSection(config: Config): string {
  const areas: Area[] = ['api', 'database', 'security', 'tests', 'contract'];
  const items = areas.map((area) => `- **${AREA_TITLES[area]}**: ${list(CHECKLIST.filter((i) => i.area === area).map((i) => i.title))}.`);
  const t = config.thresholds;
  const live = liveGatesOn(config);
  const service = config.service;
  const liveText = live
    ? `Live gates run on submit: ${service?.start ? `the service is started with ${code(service.start)}` : `the service at ${code(service?.baseUrl ?? 'the configured base URL')} is used`}, the task's endpoints are called and measured, migrations are applied to a scratch database and the tests are run. Leave the service startable: a change that breaks start-up fails every live gate.`
    : config.service === undefined
      ? `No service is configured (${code('service')} in the config), so submit runs the static gates only: the thresholds that need a running service are not measured on submit.`
      : `${code('submit.live')} is false in the config, so submit runs the static gates only.`;
  const standards = config.standards.map(code);
  return `## What the gates check

The gates read the code, the migrations and the OpenAPI document. Each rule and its fix are in ${list(standards)}.

${items.join('\n')}
- **Metrics** (thresholds from the config):
  - API response time p95 ≤ ${t.api_p95_ms} ms (${code('metrics/api-response-time')})
  - error rate ≤ ${t.error_rate_pct} % (${code('metrics/error-rate')})
  - database query time ≤ ${t.db_query_ms} ms on seeded data (${code('metrics/db-query-time')})
  - test coverage ≥ ${t.coverage_pct} % (${code('metrics/test-coverage')})
  - known vulnerabilities ≤ ${t.vulnerabilities} (${code('metrics/security-vulnerabilities')})

${liveText}

${code('run_checks')} runs the gates on the whole project (or some ${code('areas')}, or ${code('only')} some rules) without submitting: use it to see the state before you start. Only ${code('submit_task')} decides that a task is done.
`;
}

function cliSection(config: Config): string {
  const state = stateDirOf(config);
  const rows: [string, string][] = [
    [code('next_task'), code('bo next --json [--skill <skill>]')],
    [code('claim_task'), code('bo claim <id> --agent <you>')],
    [code('get_context'), code('bo context <id> [--max-tokens <n>]')],
    [code('report_progress'), code('bo progress <id> "<what was done>" --percent <n> --agent <you>')],
    ['(lease only)', code('bo heartbeat <id> --agent <you>')],
    [code('submit_task'), code('bo submit <id> --agent <you> --json')],
    [code('create_task'), code('bo task add "<title>" --type api --requirement pagination --target "GET /api/products" --depends <id> --json')],
    [code('list_tasks'), code('bo task list --json [--status ready]')],
    [code('search_registry'), `${code('bo scan')}, then read ${code(`${state}/active/backend/endpoints.json`)} (models, services)`],
    [code('run_checks'), code('bo check --json [--gate api,security] [--only <rule>]')],
    [code('emit_event'), code("bo emit <type> --data '<json>'")],
  ];
  return `## Without MCP: the CLI

Every tool has a command. Set ${code('BO_AGENT=<your name>')} once instead of passing ${code('--agent')}.
With ${code('--json')} a command prints only JSON.

| MCP tool | Command |
| --- | --- |
${rows.map(([tool, command]) => `| ${tool} | ${command} |`).join('\n')}

Exit codes: 0 ok, 1 checks failed (${code('bo submit')}: the failures are in ${code('failures')}), 2 bad input, 3 conflict (claimed by someone else), 4 not found.
Cannot go on with a task: ${code('bo release <id>')} gives it back; ${code('bo block <id> --reason "<why>"')} parks it for a person.
`;
}

function rulesSection(config: Config): string {
  const state = stateDirOf(config);
  return `## Rules

- Never edit ${code(`${state}/`)} by hand: tasks, registry, reports and events belong to the orchestrator. Use the tools; the registry files (${code(`${state}/active/backend/endpoints.json`)}, ${code('models.json')}, ${code('services.json')}) are for reading.
- One task at a time: finish it (submit passes) or release it before you claim another.
- Stay inside the task: its targets and requirements. Anything else becomes a new task.
- Make the gates pass by fixing the code. Never weaken, skip or delete tests, lower thresholds or edit the config or the standards docs to get a pass, and never add a ${code('bo-ignore')} comment unless the user agrees; it needs a reason.
- Report progress while you work; do not hold a claim you are not working on.
- Blocked, or the task is wrong or unclear: say so to the user instead of guessing.
`;
}

/** The SKILL.md text for this config. */
export function skillGuide(config: Config): string {
  return [
    frontMatter(),
    '',
    '# Backend work with backend-orchestrator',
    '',
    `Backend work in this project goes through backend-orchestrator (${code('bo')}): it keeps a registry of the backend (endpoints, models, services), hands out tasks, and decides with quality gates when a task is done. Use its MCP tools (server ${code('backend-orchestrator')}); without MCP, the commands in "Without MCP" do the same.`,
    '',
    loopSection(config),
    creatingSection(config),
    gatesSection(config),
    cliSection(config),
    rulesSection(config),
    `<!-- Generated by \`bo init --agent\` from the project config: run it again after changing the config. Your edits are kept (not overwritten without --force). -->`,
    '',
  ].join('\n');
}
