/**
 * Tokens unique to this process and call, for temp file names and lock owners: a random prefix
 * drawn once per process and a counter. Drawing random bytes on every call was a measurable part
 * of a claim (two or three per claim, each a synchronous call into the entropy pool).
 */
import { randomBytes } from 'node:crypto';

let prefix: string | undefined;
let counter = 0;

/** Lower-case hex: a per-process random prefix and a counter. */
export function uniqueToken(): string {
  prefix ??= randomBytes(6).toString('hex');
  counter += 1;
  return `${prefix}${counter.toString(16)}`;
}
