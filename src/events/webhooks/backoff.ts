/**
 * When to retry a failed webhook delivery: exponential backoff capped at a maximum, with jitter
 * so that many deliveries failing together (a receiver restart) do not all come back at the same
 * instant. Pure: the random source is passed in, so a schedule can be tested exactly.
 */

export type Jitter = 'full' | 'equal' | 'none';

export interface RetryPolicy {
  /** Attempts in all (the first one included); after the last failure the delivery is dead. */
  attempts: number;
  baseMs: number;
  maxMs: number;
  /**
   * `full`: anywhere from 0 to the backoff; `equal`: at least half of it. Equal is the default:
   * a receiver that is down still gets a growing pause between attempts.
   */
  jitter: Jitter;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 8, baseMs: 1_000, maxMs: 3_600_000, jitter: 'equal' };

/** `events.retry` from the config (seconds) as a policy (milliseconds); unset fields keep the defaults. */
export function retryPolicyFromConfig(retry: { attempts?: number; baseSeconds?: number; maxSeconds?: number } | undefined): RetryPolicy {
  return {
    attempts: retry?.attempts ?? DEFAULT_RETRY_POLICY.attempts,
    baseMs: retry?.baseSeconds !== undefined ? retry.baseSeconds * 1000 : DEFAULT_RETRY_POLICY.baseMs,
    maxMs: retry?.maxSeconds !== undefined ? retry.maxSeconds * 1000 : DEFAULT_RETRY_POLICY.maxMs,
    jitter: DEFAULT_RETRY_POLICY.jitter,
  };
}

/** The backoff before jitter after the `attempt`-th failure (1-based): min(max, base · 2^(attempt-1)). */
export function backoffCeilingMs(attempt: number, policy: Pick<RetryPolicy, 'baseMs' | 'maxMs'>): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be a whole number from 1, got ${attempt}`);
  // 2^(attempt-1) overflows to Infinity for large attempts, which min() still caps correctly.
  return Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
}

/** The delay after the `attempt`-th failure, jittered with `random` (values in [0, 1)). */
export function retryDelayMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = backoffCeilingMs(attempt, policy);
  const r = Math.min(Math.max(random(), 0), 1);
  switch (policy.jitter) {
    case 'none':
      return ceiling;
    case 'full':
      return Math.round(r * ceiling);
    case 'equal':
      return Math.round(ceiling / 2 + (r * ceiling) / 2);
  }
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false };

/** After `failedAttempts` failures: wait and retry, or give up (dead letter). */
export function nextRetry(failedAttempts: number, policy: RetryPolicy, random: () => number): RetryDecision {
  if (failedAttempts >= policy.attempts) return { retry: false };
  return { retry: true, delayMs: retryDelayMs(failedAttempts, policy, random) };
}
