import { describe, expect, it } from 'vitest';
import { backoffCeilingMs, DEFAULT_RETRY_POLICY, nextRetry, retryDelayMs, retryPolicyFromConfig, type RetryPolicy } from '../../../src/events/webhooks/backoff.js';

const policy = (jitter: RetryPolicy['jitter']): RetryPolicy => ({ attempts: 8, baseMs: 1000, maxMs: 3_600_000, jitter });
const fixed = (value: number) => () => value;

describe('retry backoff', () => {
  it('doubles from the base and stops at the maximum', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffCeilingMs(n, { baseMs: 1000, maxMs: 10_000 }))).toEqual([1000, 2000, 4000, 8000, 10_000]);
    expect(backoffCeilingMs(2000, { baseMs: 1000, maxMs: 3_600_000 })).toBe(3_600_000); // 2^1999 is Infinity: still capped
    expect(() => backoffCeilingMs(0, { baseMs: 1000, maxMs: 10_000 })).toThrow(RangeError);
  });

  it('full jitter spreads the delay from 0 to the backoff', () => {
    expect(retryDelayMs(3, policy('full'), fixed(0))).toBe(0);
    expect(retryDelayMs(3, policy('full'), fixed(0.5))).toBe(2000);
    expect(retryDelayMs(3, policy('full'), fixed(0.999))).toBe(3996);
  });

  it('equal jitter keeps at least half the backoff', () => {
    expect(retryDelayMs(3, policy('equal'), fixed(0))).toBe(2000);
    expect(retryDelayMs(3, policy('equal'), fixed(0.5))).toBe(3000);
    expect(retryDelayMs(3, policy('none'), fixed(0.5))).toBe(4000);
    // A random source out of range is clamped rather than giving a negative or oversized delay.
    expect(retryDelayMs(1, policy('equal'), fixed(-3))).toBe(500);
    expect(retryDelayMs(1, policy('equal'), fixed(7))).toBe(1000);
  });

  it('retries until the attempts are used up, then gives up', () => {
    const p = { ...policy('none'), attempts: 3 };
    expect(nextRetry(1, p, fixed(0))).toEqual({ retry: true, delayMs: 1000 });
    expect(nextRetry(2, p, fixed(0))).toEqual({ retry: true, delayMs: 2000 });
    expect(nextRetry(3, p, fixed(0))).toEqual({ retry: false });
  });

  it('reads events.retry (seconds) over the defaults of 8 attempts, 1 s and 1 h', () => {
    expect(retryPolicyFromConfig(undefined)).toEqual(DEFAULT_RETRY_POLICY);
    expect(DEFAULT_RETRY_POLICY).toMatchObject({ attempts: 8, baseMs: 1000, maxMs: 3_600_000 });
    expect(retryPolicyFromConfig({ attempts: 3, baseSeconds: 0.5 })).toEqual({ ...DEFAULT_RETRY_POLICY, attempts: 3, baseMs: 500 });
    expect(retryPolicyFromConfig({ maxSeconds: 60 }).maxMs).toBe(60_000);
  });
});
