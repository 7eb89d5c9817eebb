/**
 * The load-test phase: which endpoints (GETs whose smoke request succeeded: a load of 404s measures
 * nothing), with which bounds (config `service.load`; under the service's advertised rate limit when
 * it has one, so the load measures the handler rather than the limiter; about a minute in all), and
 * the measured values recorded for the metrics section.
 */
import type { LiveContext } from '../types.js';
import type { EndpointPlan } from '../probes/endpoints.js';
import { advertisedRemaining } from '../probes/rate-limit-live.js';
import type { ProbeSession } from '../probes/session.js';
import { send } from './http.js';
import { generatorOverhead, loadEndpoint, type LoadBounds, type LoadStats } from './load-test.js';
import { isLoopback } from './plan.js';

export interface LoadOutcome {
  endpoints: { plan: EndpointPlan; stats: LoadStats }[];
  overhead?: LoadStats;
  bounds?: LoadBounds;
  /** Why there was no load test. */
  skipped?: string;
  notes: string[];
}

const DEFAULT_DURATION_S = 2;
const DEFAULT_CONNECTIONS = 10;
const TOTAL_BUDGET_S = 60;
const MIN_DURATION_S = 0.5;
/** Sequential requests before each endpoint's measured run, so the first one measured is not a cold start (JIT, connection pools, caches). */
const WARM_UP = 3;
/** Share of the advertised remaining requests the load test may use (the rest is margin). */
const BUDGET_SHARE = 0.9;

export async function loadPhase(session: ProbeSession, plans: readonly EndpointPlan[], live: LiveContext): Promise<LoadOutcome> {
  if (!isLoopback(session.baseUrl)) return { endpoints: [], notes: [], skipped: `the service at ${session.baseUrl} is not on loopback: load tests run against loopback addresses only` };
  const notes: string[] = [];
  const targets = plans.filter((plan) => {
    if (plan.endpoint.method !== 'GET') return false;
    const smoke = session.log.find((e) => e.plan === plan && e.purpose === 'smoke');
    const status = smoke?.response?.status;
    if (status !== undefined && status < 400) return true;
    notes.push(`${plan.endpoint.id} not load-tested: its smoke request answered ${status ?? 'nothing'}`);
    return false;
  });
  if (targets.length === 0) return { endpoints: [], notes, skipped: 'no GET endpoint answered its smoke request with 2xx/3xx' };
  const load = session.config.service?.load ?? {};
  const connections = load.connections ?? DEFAULT_CONNECTIONS;
  const durationSeconds = Math.max(MIN_DURATION_S, Math.min(load.durationSeconds ?? DEFAULT_DURATION_S, TOTAL_BUDGET_S / targets.length));
  const bounds: LoadBounds = { durationSeconds, connections };
  const lastHeaders = [...session.log].reverse().find((e) => e.response)?.response?.headers;
  const remaining = lastHeaders ? advertisedRemaining(lastHeaders) : undefined;
  if (remaining !== undefined) {
    const amount = Math.floor((remaining * BUDGET_SHARE - WARM_UP * targets.length) / targets.length);
    if (amount < 1) return { endpoints: [], notes, skipped: `the service's rate limit leaves ${remaining} requests: too few to load-test ${targets.length} endpoints` };
    bounds.amount = amount;
    notes.push(`the service advertises a rate limit (${remaining} requests left in its window): each endpoint got ${amount} requests instead of ${durationSeconds} s of load`);
  }
  const endpoints: LoadOutcome['endpoints'] = [];
  for (const [index, plan] of targets.entries()) {
    if (live.signal.aborted) break;
    live.progress('load test', index, targets.length);
    const headers = plan.protected || plan.endpoint.auth !== 'none' ? (session.auth ?? {}) : {};
    const target = { id: plan.endpoint.id, path: session.url(plan), headers };
    for (let i = 0; i < WARM_UP; i++) await send(session.baseUrl, { method: 'GET', path: target.path, headers }, live.signal).catch(() => undefined);
    endpoints.push({ plan, stats: await loadEndpoint(session.baseUrl, target, bounds, live.signal) });
  }
  live.progress('load test', targets.length, targets.length);
  const overhead = live.signal.aborted ? undefined : await generatorOverhead(bounds, live.signal);
  return { endpoints, ...(overhead ? { overhead } : {}), bounds, notes };
}

/** Records `metrics/api-response-time`, `metrics/error-rate` and `supplied/load` from the load test. */
export function measureLoad(load: LoadOutcome, live: LiveContext): void {
  const measured = load.endpoints.filter((e) => e.stats.requests > 0);
  if (measured.length === 0) return;
  const worst = measured.reduce((a, b) => (b.stats.p95 > a.stats.p95 ? b : a));
  const { stats } = worst;
  const how = load.bounds?.amount !== undefined ? `${load.bounds.amount} requests each` : `${load.bounds?.durationSeconds} s each`;
  const overhead = load.overhead ? `; the load generator alone (trivial local server, same bounds): p95 ${load.overhead.p95} ms, avg ${load.overhead.avg} ms` : '';
  live.measure('metrics/api-response-time', {
    value: stats.p95,
    unit: 'ms',
    detail: `p95 of the slowest endpoint, ${stats.id}: avg ${stats.avg} ms, p50 ${stats.p50} ms, p99 ${stats.p99} ms over ${stats.requests} requests; ${measured.length} GET endpoints load-tested (${how}, ${load.bounds?.connections} connections)${overhead}`,
  });
  const requests = measured.reduce((s, e) => s + e.stats.requests, 0);
  const errors = measured.reduce((s, e) => s + e.stats.errors, 0);
  const limited = load.endpoints.reduce((s, e) => s + e.stats.rateLimited, 0);
  live.measure('metrics/error-rate', {
    value: Math.round((errors / requests) * 100 * 1000) / 1000,
    unit: '%',
    detail: `${errors} of ${requests} requests failed (non-2xx/3xx, socket errors, timeouts) during the load test${limited ? `; ${limited} answered 429 by the rate limiter, not counted` : ''}`,
  });
  for (const { stats: each } of measured) {
    // Per endpoint, for what a passing task announces (`backend.api.ready`'s performance).
    live.measure(`load:${each.id}`, {
      value: each.avg,
      unit: 'ms',
      detail: `avg ${each.avg} ms, p95 ${each.p95} ms over ${each.requests} requests`,
      stats: { avg: each.avg, p50: each.p50, p95: each.p95, p99: each.p99, requests: each.requests, errors: each.errors },
    });
  }
  live.measure('supplied/load', { value: measured.length, unit: 'endpoints', detail: `autocannon load test of ${measured.map((e) => e.stats.id).join(', ')}` });
}
