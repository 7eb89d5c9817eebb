import type { ErrorRequestHandler, RequestHandler } from 'express';
import { HttpError } from '../lib/http-error.js';

const PROBLEM_JSON = 'application/problem+json';

interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: { path: string; message: string }[];
}

/** Postgres error codes we translate into client errors. */
const PG_UNIQUE_VIOLATION = '23505';
const PG_FOREIGN_KEY_VIOLATION = '23503';
const PG_CHECK_VIOLATION = '23514';

function fromUnknown(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (typeof err === 'object' && err !== null) {
    const { code, type, status } = err as { code?: unknown; type?: unknown; status?: unknown };
    // body-parser errors (malformed JSON, payload too large)
    if (type === 'entity.parse.failed') return new HttpError(400, 'Bad Request', 'Malformed JSON body');
    if (type === 'entity.too.large') return new HttpError(413, 'Payload Too Large', 'Request body is too large');
    if (code === PG_UNIQUE_VIOLATION) return new HttpError(409, 'Conflict', 'Resource already exists');
    if (code === PG_FOREIGN_KEY_VIOLATION) return new HttpError(409, 'Conflict', 'Referenced resource does not exist or is still in use');
    if (code === PG_CHECK_VIOLATION) return new HttpError(422, 'Unprocessable Content', 'Value violates a data constraint');
    if (typeof status === 'number' && status >= 400 && status < 500) return new HttpError(status, 'Request Error');
  }
  return new HttpError(500, 'Internal Server Error', 'An unexpected error occurred');
}

/** Renders every error as RFC 9457 problem details. Must be registered last. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const httpError = fromUnknown(err);
  if (httpError.status >= 500) {
    console.error(`[shop-api] ${req.method} ${req.originalUrl} failed:`, err);
  }
  const problem: ProblemDetails = {
    type: httpError.type,
    title: httpError.title,
    status: httpError.status,
    detail: httpError.message,
    instance: req.originalUrl,
  };
  if (httpError.errors) problem.errors = httpError.errors;
  res.status(httpError.status).type(PROBLEM_JSON).json(problem);
};

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'Not Found', `No route for ${req.method} ${req.path}`));
};
