/**
 * Every error the HTTP API answers with is an RFC 9457 problem (`application/problem+json`): the
 * orchestrator's BoErrors (status from the one table in core/errors.ts), Fastify's own errors
 * (validation, unknown route, body too large, unsupported media type, bad JSON), the rate limit,
 * and anything unexpected — which becomes a bare 500 that names nothing internal. No answer ever
 * carries a stack trace.
 */
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES, isBoError } from '../core/errors.js';
import { fieldProblems, type FieldProblem } from './validation.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
/** The problem `type` of a BoError: a stable URI per error code (RFC 9457 section 3.1.1). */
export const problemType = (code: string) => `urn:backend-orchestrator:problem:${code}`;

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code?: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

/** An error a route or hook throws to answer with a specific problem. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    detail: string,
    readonly extra: { title?: string; code?: string; errors?: FieldProblem[]; headers?: Record<string, string>; [key: string]: unknown } = {},
  ) {
    super(detail);
    this.name = 'ProblemError';
  }
}

const statusTitle = (status: number) => STATUS_CODES[status] ?? 'Error';

/** What a request failed with, as a problem plus the headers it needs (WWW-Authenticate, Retry-After). */
export function toProblem(error: unknown, instance?: string): { problem: Problem; headers: Record<string, string> } {
  const base = (status: number, title: string, type = 'about:blank') => ({ type, title, status, ...(instance ? { instance } : {}) });
  if (error instanceof ProblemError) {
    const { title, headers = {}, ...extra } = error.extra;
    return { problem: { ...base(error.status, title ?? statusTitle(error.status)), detail: error.message, ...extra }, headers };
  }
  if (isBoError(error)) {
    const entry = ERROR_CODES[error.code];
    return {
      problem: { ...(error.details ?? {}), ...base(entry.status, entry.title, problemType(error.code)), detail: error.message, code: error.code },
      headers: {},
    };
  }
  const fastify = error as Partial<FastifyError> & { validation?: unknown[]; validationContext?: string };
  if (Array.isArray(fastify.validation)) {
    // A body that does not match its schema is well-formed but unprocessable (422); a bad query,
    // path parameter or header makes the request itself malformed (400).
    const where = fastify.validationContext ?? 'body';
    const status = where === 'body' ? 422 : 400;
    const errors = fieldProblems(fastify.validation as never, where);
    return {
      problem: { ...base(status, status === 422 ? 'Invalid request body' : 'Invalid request'), detail: errors.map((e) => `${e.path}: ${e.message}`).join('; '), code: 'BO_ERR_INPUT_INVALID', errors },
      headers: {},
    };
  }
  const status = typeof fastify.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500 ? fastify.statusCode : 500;
  if (status === 500) return { problem: { ...base(500, statusTitle(500)), detail: 'the server failed to answer this request; it is logged' }, headers: {} };
  return {
    problem: { ...base(status, statusTitle(status)), detail: fastify.message ?? statusTitle(status), ...(typeof fastify.code === 'string' ? { code: fastify.code } : {}) },
    headers: {},
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem, headers: Record<string, string> = {}): FastifyReply {
  for (const [name, value] of Object.entries(headers)) reply.header(name, value);
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

const pathOf = (request: FastifyRequest) => request.url.split('?')[0] ?? request.url;

/** Fastify's error handler: the problem, logged when it is the server's fault. */
export function problemErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { problem, headers } = toProblem(error, pathOf(request));
  if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
  return sendProblem(reply, problem, headers);
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const problem: Problem = { type: 'about:blank', title: 'Not Found', status: 404, detail: `no route ${request.method} ${pathOf(request)}: GET /v1/openapi.json lists the routes`, instance: pathOf(request) };
  return sendProblem(reply, problem);
}
