/**
 * The bearer token check in front of every route but the public ones (`config: { public: true }`:
 * health and the OpenAPI document). The comparison takes the same time whatever the token sent:
 * both sides are hashed to equal-length digests and compared with timingSafeEqual, so neither the
 * token's length nor its first differing byte can be timed. Refusals are 401 problems with
 * `WWW-Authenticate: Bearer` (RFC 6750).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError } from './problem.js';

const REALM = 'backend-orchestrator';
const digest = (text: string) => createHash('sha256').update(text).digest();

export function tokenMatches(expected: Buffer, given: string): boolean {
  return timingSafeEqual(expected, digest(given));
}

/** The token in `Authorization: Bearer <token>`, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header ? /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(header) : null;
  return match?.[1];
}

export interface RouteFlags {
  /** Answered without a token. */
  public?: boolean;
}

export function isPublicRoute(request: FastifyRequest): boolean {
  return (request.routeOptions.config as RouteFlags | undefined)?.public === true;
}

/** An onRequest hook that refuses requests without the right bearer token. */
export function requireBearerToken(token: string) {
  const expected = digest(token);
  return async function checkBearerToken(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    if (isPublicRoute(request)) return;
    const given = bearerToken(request.headers.authorization);
    if (given === undefined) {
      throw new ProblemError(401, 'send the token as "Authorization: Bearer <token>" (bo serve prints where it is; or set BO_TOKEN / server.token)', {
        headers: { 'www-authenticate': `Bearer realm="${REALM}"` },
      });
    }
    if (!tokenMatches(expected, given)) {
      throw new ProblemError(401, 'the bearer token is not valid', { headers: { 'www-authenticate': `Bearer realm="${REALM}", error="invalid_token"` } });
    }
  };
}
