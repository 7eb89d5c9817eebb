/**
 * One webhook attempt: POST the CloudEvent in structured mode, signed the Standard Webhooks way,
 * and say how it went. 2xx is delivered; any other status, a redirect (not followed: the
 * subscription names the URL to use), a network error or the time limit is a failure; the
 * caller's own abort (shutdown) is neither, since the attempt was not allowed to finish.
 */
import type { CloudEvent } from '../types.js';
import { signWebhook } from './signature.js';

export const CLOUDEVENTS_JSON = 'application/cloudevents+json; charset=utf-8';
const USER_AGENT = 'backend-orchestrator-webhooks';
/** Enough of an error answer to recognise it in the dead-letter list, not a whole HTML page. */
const ERROR_BODY_CHARS = 200;

export interface SendInput {
  url: string;
  event: CloudEvent;
  secret: string | Uint8Array;
  nowMs: number;
  timeoutMs: number;
  fetch: typeof fetch;
  signal?: AbortSignal;
}

export type SendResult = { kind: 'delivered'; status: number } | { kind: 'failed'; error: string; status?: number } | { kind: 'aborted' };

export async function sendWebhook(input: SendInput): Promise<SendResult> {
  const body = JSON.stringify(input.event);
  const headers = signWebhook({ id: input.event.id, timestamp: Math.floor(input.nowMs / 1000), body, secret: input.secret });
  const timeout = AbortSignal.timeout(input.timeoutMs);
  const signal = input.signal ? AbortSignal.any([input.signal, timeout]) : timeout;
  try {
    const response = await input.fetch(input.url, {
      method: 'POST',
      body,
      headers: { 'content-type': CLOUDEVENTS_JSON, 'user-agent': USER_AGENT, ...headers },
      redirect: 'manual',
      signal,
    });
    if (response.status >= 200 && response.status < 300) {
      await response.body?.cancel().catch(() => undefined);
      return { kind: 'delivered', status: response.status };
    }
    const text = await response.text().catch(() => '');
    const snippet = text.trim().replace(/\s+/g, ' ').slice(0, ERROR_BODY_CHARS);
    const what = response.status >= 300 && response.status < 400 ? `redirect to ${response.headers.get('location') ?? '?'} (not followed)` : `HTTP ${response.status}`;
    return { kind: 'failed', status: response.status, error: snippet ? `${what}: ${snippet}` : what };
  } catch (error) {
    if (input.signal?.aborted) return { kind: 'aborted' };
    if (timeout.aborted) return { kind: 'failed', error: `no answer within ${input.timeoutMs} ms` };
    return { kind: 'failed', error: networkError(error) };
  }
}

function networkError(error: unknown): string {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  const cause = e.cause?.code ?? e.cause?.message;
  return cause ? `${e.message} (${cause})` : (e.message ?? String(error));
}
