import type { RequestHandler } from 'express';
import { z, type ZodType } from 'zod';
import { badRequest, type FieldError } from '../lib/http-error.js';

interface RequestSchemas {
  body?: ZodType;
  query?: ZodType;
  params?: ZodType;
}

function toFieldErrors(location: string, error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: [location, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

/**
 * Validates and coerces body, query and params with zod; the parsed values replace
 * the raw ones, so handlers can rely on the schema's output types.
 */
export function validate(schemas: RequestSchemas): RequestHandler {
  return (req, _res, next) => {
    const errors: FieldError[] = [];
    for (const location of ['params', 'query', 'body'] as const) {
      const schema = schemas[location];
      if (!schema) continue;
      const result = schema.safeParse(req[location] ?? {});
      if (result.success) {
        req[location] = result.data as never;
      } else {
        errors.push(...toFieldErrors(location, result.error));
      }
    }
    if (errors.length > 0) return next(badRequest('Request validation failed', errors));
    next();
  };
}
