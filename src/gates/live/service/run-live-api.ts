/**
 * The live API run, once per `bo check --live` (memoised as the `live-api` resource): start the
 * service (or use the given URL), then, in this order:
 *   1. smoke the GETs (collections first: their ids fill the item endpoints' paths);
 *   2. `sec/authn-required`: protected endpoints without credentials (before anything is deleted);
 *   3. smoke POST/PUT/PATCH; 4. input probes; 5. unknown ids; 6. `api/pagination` (limit=1);
 *   7. smoke DELETE (last of the functional probes: it may remove what the others use);
 *   8. `api/rate-limit` burst, and the load test.
 * The burst and the load test both meet the rate limiter. When bo started the service, the burst
 * comes first and the service is then restarted, so the load test starts on a fresh limiter window
 * (and fresh data); when the service was given by URL, the load test comes first (staying under an
 * advertised limit) and the burst last. Contract checks read every answer logged on the way.
 * Nothing is left running: the service is a resource the live run always closes (process group killed).
 */
import { normalizeTarget } from '../../../tasks/rank.js';
import type { CheckContext, FindingInput } from '../../types.js';
import type { LiveContext } from '../types.js';
import { authnLive } from '../probes/authn-live.js';
import { type EndpointPlan, probeModel } from '../probes/endpoints.js';
import { checkErrorStandard } from '../probes/error-standard.js';
import { LiveFindings } from '../probes/findings.js';
import { inputProbes } from '../probes/input-probes.js';
import { paginationLive } from '../probes/pagination-live.js';
import { rateLimitLive, type BurstResult } from '../probes/rate-limit-live.js';
import { checkResponseSchemas, type SchemaCheck } from '../probes/response-schema.js';
import { ProbeSession } from '../probes/session.js';
import { refreshIds, smokeReads, smokeWrites } from '../probes/smoke.js';
import { unknownIds } from '../probes/unknown-id.js';
import { credentials } from './credentials.js';
import { loadPhase, measureLoad, type LoadOutcome } from './load-phase.js';
import { servicePlan } from './plan.js';
import { openService, type RunningService, type StartProblem } from './service.js';

export interface LiveApiOutcome {
  /** Findings by rule id: the contract and metric gates', and the live parts of static rules. */
  findings: Map<string, FindingInput[]>;
  /** Nothing was probed, and why (no service configured). */
  skipped?: string;
  /** The service could not be started or died: a finding about it (reported by `metrics/api-response-time`). */
  failure?: FindingInput;
  interrupted?: boolean;
  load?: LoadOutcome;
  schemas?: SchemaCheck;
  errorStandard?: { checked: number; standard?: string };
  burst?: BurstResult;
  /** Requests sent by the functional probes. */
  probes: number;
  notes: string[];
}

export async function runLiveApi(context: CheckContext, live: LiveContext): Promise<Map<string, FindingInput[]>> {
  return (await liveApiOutcome(context, live)).findings;
}

export function liveApiOutcome(context: CheckContext, live: LiveContext): Promise<LiveApiOutcome> {
  return live.resource('live-api', () => probeService(context, live), () => undefined);
}

async function probeService(context: CheckContext, live: LiveContext): Promise<LiveApiOutcome> {
  const findings = new LiveFindings();
  const outcome: LiveApiOutcome = { findings: findings.byRule, probes: 0, notes: [] };
  const planned = await servicePlan(context);
  if ('skipped' in planned) return { ...outcome, skipped: planned.skipped };
  const { plan } = planned;
  live.progress(plan.start ? `starting the service (${plan.start.argv.join(' ')})` : `waiting for ${plan.baseUrl}`);
  const { service, problem } = await live.resource('service', () => openService(plan, live.signal), ({ service: s }) => s.stop());
  if (problem) return problem.kind === 'interrupted' ? { ...outcome, interrupted: true } : { ...outcome, failure: startFailure(service, problem) };
  try {
    await probePhases(context, live, service, findings, outcome);
  } catch (error) {
    if (live.signal.aborted) outcome.interrupted = true;
    else outcome.failure = { ...plan.origin, message: `the live API probes stopped: ${(error as Error).message}`, hint: 'Read the message: the service died, could not be restarted for the load test, or stopped answering.' };
  }
  const died = service.died();
  if (died && !outcome.interrupted && !outcome.failure) outcome.failure = { ...plan.origin, message: `${died} (while being probed)`, hint: 'Read the service output above: a request bo sent crashed the process. A service must answer a bad request with a 4xx, never exit.' };
  return outcome;
}

async function probePhases(context: CheckContext, live: LiveContext, service: RunningService, findings: LiveFindings, outcome: LiveApiOutcome): Promise<void> {
  const model = probeModel(context);
  // A submit probes its task's endpoints only; `bo check --live` probes them all.
  const only = live.options.endpoints?.map(endpointKey);
  const chosen = only ? model.plans.filter((plan) => only.includes(endpointKey(plan.endpoint.id))) : model.plans;
  // A stream (text/event-stream) never ends: a smoke request, a probe or a load test would only wait for it.
  const streams = chosen.filter(isEventStream);
  const plans = chosen.filter((plan) => !isEventStream(plan));
  if (streams.length > 0) outcome.notes.push(`${streams.length} event-stream endpoint${streams.length === 1 ? '' : 's'} (text/event-stream) not probed: ${streams.map((p) => p.endpoint.id).join(', ')}`);
  const signIn = async () => {
    const creds = await credentials(context.config, service.baseUrl, live.signal);
    if (creds.problem) outcome.notes.push(`authenticated probes were sent without credentials: ${creds.problem}`);
    return creds.headers;
  };
  const session = new ProbeSession(model, context.config, service.baseUrl, await signIn(), live.signal);
  const step = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    if (live.signal.aborted) throw new DOMException('interrupted', 'AbortError');
    if (service.died()) throw new Error(service.died());
    live.progress(`live API: ${name}`);
    return run();
  };
  await step('smoke (GET)', () => smokeReads(session, plans, findings));
  outcome.probes += await step('authentication', () => authnLive(session, plans, findings));
  await step('smoke (POST/PUT/PATCH)', () => smokeWrites(session, plans, findings, false));
  outcome.probes += await step('input probes', () => inputProbes(session, plans, findings));
  outcome.probes += await step('unknown ids', () => unknownIds(session, plans, findings));
  await step('pagination', () => paginationLive(session, plans, findings));
  await step('smoke (DELETE)', () => smokeWrites(session, plans, findings, true));
  if (session.rateLimited > 0) outcome.notes.push(`${session.rateLimited} probe requests were answered 429 by the rate limiter and decided nothing`);

  if (service.started) {
    outcome.burst = await step('rate limit burst', () => rateLimitLive(session, plans, findings));
    await step('restart for the load test', async () => {
      const problem = await service.restart(live.signal);
      if (problem) throw new Error(`the service did not restart for the load test: ${problem.message}`);
      session.auth = await signIn();
      await refreshIds(session, plans);
    });
    outcome.load = await step('load test', () => loadPhase(session, plans, live));
  } else {
    outcome.load = await step('load test', () => loadPhase(session, plans, live));
    outcome.burst = await step('rate limit burst', () => rateLimitLive(session, plans, findings));
  }
  const schemas = checkResponseSchemas(model, session.log);
  const errors = checkErrorStandard(model, session.log);
  for (const finding of schemas.findings) findings.add('contract/response-schema', finding);
  for (const finding of errors.findings) findings.add('contract/error-standard', finding);
  outcome.schemas = schemas;
  outcome.errorStandard = { checked: errors.checked, ...(errors.standard ? { standard: errors.standard } : {}) };
  outcome.notes.push(...outcome.load.notes);
  measureLoad(outcome.load, live);
  live.measure('supplied/security', {
    value: outcome.probes + (outcome.burst?.sent ?? 0),
    unit: 'requests',
    detail: `authentication, injection, malformed-body and unknown-id probes, and a rate-limit burst of ${outcome.burst?.sent ?? 0} requests${outcome.burst?.target ? ` to ${outcome.burst.target}` : ''}`,
  });
  live.measure('supplied/contract', { value: schemas.validated, unit: 'responses', detail: `responses validated against the OpenAPI schemas; ${errors.checked} error responses checked for one shape` });
}

function startFailure(service: RunningService, problem: StartProblem): FindingInput {
  const { plan } = service;
  const output = problem.output.slice(-15);
  const command = plan.start ? plan.start.argv.join(' ') : undefined;
  return {
    ...plan.origin,
    message: `${problem.message}${command ? ` (started with \`${command}\` in ${plan.start?.cwd})` : ''}${output.length ? `; its last output:\n${output.join('\n')}` : ''}`,
    hint:
      problem.kind === 'timeout'
        ? `Make the service answer ${plan.healthUrl} (service.healthUrl) within service.startTimeoutSeconds (${plan.startTimeoutMs / 1000} s), and make it listen on the port in PORT (${new URL(plan.baseUrl).port || 'from service.baseUrl'}).`
        : 'Make `service.start` start the service with the environment in `service.env` (a database URL, secrets); run it by hand to see why it stops.',
  };
}

const endpointKey = (id: string): string => {
  const target = normalizeTarget(id);
  return `${target.method ?? ''} ${target.name}`;
};

/** Does the documented success answer stream server-sent events? */
export function isEventStream(plan: EndpointPlan): boolean {
  const responses = (plan.op?.value as { responses?: Record<string, unknown> } | undefined)?.responses;
  if (!responses || typeof responses !== 'object') return false;
  return Object.entries(responses).some(([status, response]) => {
    if (!/^2/.test(status) || !response || typeof response !== 'object') return false;
    const content = (response as { content?: Record<string, unknown> }).content;
    return content !== undefined && typeof content === 'object' && Object.keys(content).some((type) => /^text\/event-stream\b/i.test(type));
  });
}
