/**
 * `api/rate-limit`, live: a bounded burst (20 at a time, stopped at the first 429) at one rate-limited
 * public GET. It should get 429 with `Retry-After` or `RateLimit*` headers. When the service
 * advertises how many requests remain, the burst is that many plus a margin (capped); else 200.
 * Both findings are warnings: a limit above the burst, or a limiter keyed on something else than
 * the client address, is not wrong.
 */
import { send } from '../service/http.js';
import { isOperational } from '../../support/endpoints.js';
import type { EndpointPlan } from './endpoints.js';
import { pathNames } from './endpoints.js';
import type { LiveFindings } from './findings.js';
import type { ProbeSession } from './session.js';

const RULE = 'api/rate-limit';
const CONCURRENCY = 20;
const DEFAULT_BURST = 200;
const MAX_BURST = 2000;

export interface BurstResult {
  sent: number;
  target?: string;
  limited: boolean;
}

export async function rateLimitLive(session: ProbeSession, plans: readonly EndpointPlan[], findings: LiveFindings): Promise<BurstResult> {
  const target = burstTarget(plans);
  if (!target) return { sent: 0, limited: false };
  const path = session.url(target);
  const headers = target.protected ? (session.auth ?? {}) : {};
  const known = [...session.log].reverse().find((e) => e.response && e.path === path)?.response?.headers;
  const remaining = known ? advertisedRemaining(known) : undefined;
  const bound = remaining !== undefined ? Math.min(MAX_BURST, remaining + 25) : DEFAULT_BURST;
  let sent = 0;
  let limitedBy: Headers | undefined;
  let firstLimited: Awaited<ReturnType<typeof send>> | undefined;
  const worker = async () => {
    while (sent < bound && !limitedBy && !session.signal.aborted) {
      sent++;
      try {
        const response = await send(session.baseUrl, { method: 'GET', path, headers }, session.signal);
        if (response.status === 429 && !limitedBy) {
          limitedBy = response.headers;
          firstLimited = response;
        }
      } catch (error) {
        if (session.signal.aborted) throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  if (firstLimited) session.log.push({ plan: target, purpose: 'burst', method: 'GET', path, valid: false, response: firstLimited });
  const endpoint = `${target.endpoint.method} ${target.endpoint.path}`;
  if (!limitedBy) {
    findings.add(RULE, {
      ...target.location,
      subject: target.endpoint.id,
      severity: 'warning',
      message: `a burst of ${sent} requests to ${endpoint} (${CONCURRENCY} at a time) never got 429: no rate limit answered`,
      hint: 'Put a rate limiter in front of the API (express-rate-limit, @fastify/rate-limit, @nestjs/throttler…) with a limit a client can reach in a burst, answering 429.',
    });
  } else if (!hasLimitHeaders(limitedBy)) {
    findings.add(RULE, {
      ...target.location,
      subject: target.endpoint.id,
      severity: 'warning',
      message: `${endpoint} answered 429 after ${sent} requests but without Retry-After or RateLimit headers: clients cannot tell when to retry`,
      hint: 'Send `Retry-After` (or the `RateLimit` / `RateLimit-Policy` headers) with 429 answers (express-rate-limit: `standardHeaders: true`).',
    });
  }
  return { sent, target: endpoint, limited: limitedBy !== undefined };
}

/** A cheap rate-limited GET without path parameters: a public one when there is one. */
function burstTarget(plans: readonly EndpointPlan[]): EndpointPlan | undefined {
  const candidates = plans.filter((p) => p.endpoint.method === 'GET' && pathNames(p.endpoint.path).length === 0 && !isOperational(p.endpoint.path) && p.endpoint.rateLimited !== false);
  return candidates.find((p) => !p.protected) ?? candidates[0];
}

export function hasLimitHeaders(headers: Headers): boolean {
  return ['retry-after', 'ratelimit', 'ratelimit-reset', 'ratelimit-remaining', 'ratelimit-policy', 'x-ratelimit-reset', 'x-ratelimit-remaining', 'x-rate-limit-reset'].some((name) => headers.has(name));
}

/** Requests the service says remain in its window (`RateLimit: limit=…, remaining=n`, `RateLimit: …;r=n`, `RateLimit-Remaining`, `X-RateLimit-Remaining`). */
export function advertisedRemaining(headers: Headers): number | undefined {
  const combined = headers.get('ratelimit');
  const fromCombined = combined ? /(?:remaining=|;r=)(\d+)/.exec(combined)?.[1] : undefined;
  const text = fromCombined ?? headers.get('ratelimit-remaining') ?? headers.get('x-ratelimit-remaining') ?? headers.get('x-rate-limit-remaining');
  const value = text === null || text === undefined ? NaN : Number.parseInt(text, 10);
  return Number.isFinite(value) ? value : undefined;
}
