/**
 * Whether the document tells clients about rate limiting: operations that declare 429, or a
 * machine-readable description of it elsewhere (a reusable 429 response, RateLimit / Retry-After
 * headers, an `x-ratelimit…` extension).
 */
import type { CheckContext } from '../../types.js';
import type { SpecDocument } from './document.js';
import type { RawOperation } from './operations.js';

const RATE_LIMIT_TEXT = /\bx-ratelimit|\bRateLimit(?:-\w+)?\s*:|\bRetry-After\s*:|\bTooManyRequests\b|['"]?429['"]?\s*:/i;

/** 429 itself or the 4XX range (a `default` response says nothing about rate limiting). */
export const declares429 = (raw: RawOperation): boolean => raw.op.responses.some((code) => code === '429' || code.toUpperCase() === '4XX');

/** Rate limiting described somewhere in the document's files, whether or not an operation references it. */
export function documentsRateLimiting(context: CheckContext, spec: SpecDocument): boolean {
  return spec.input.files.some((file) => RATE_LIMIT_TEXT.test(context.fileText(file.rel) ?? ''));
}
