/**
 * Headers on every answer of the API: answers are data for programs, never pages to render or
 * cache — so no sniffing, no framing, no referrer, no caching, and nothing that names the server.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
};

/** An onSend hook adding the security headers (and dropping any `x-powered-by`). */
export async function addSecurityHeaders(_request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  reply.headers(SECURITY_HEADERS);
  reply.removeHeader('x-powered-by');
  return payload;
}
