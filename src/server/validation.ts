/**
 * Input validation for the routes' JSON Schemas, compiled once per route at start-up. Bodies are
 * checked strictly: no type coercion (`"title": 5` is refused, not turned into "5") and unknown
 * fields refused rather than silently dropped. Query strings, path parameters and headers arrive
 * as text, so there numbers and booleans are coerced (`?limit=20`). Failures become field problems
 * that name the field and say what to change.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

export interface FieldProblem {
  /** Where the field is: body, querystring, params or headers. */
  in: string;
  /** The field: `title`, `requirements[0]`, `limit`. */
  path: string;
  message: string;
}

const common = { allErrors: true, useDefaults: true, removeAdditional: false, strict: false } as const;
const strictAjv = new Ajv({ ...common, coerceTypes: false });
const coercingAjv = new Ajv({ ...common, coerceTypes: 'array' });

/** Fastify's validator compiler: the body strictly, everything else with coercion. */
export function compileValidator({ schema, httpPart }: { schema: object; httpPart?: string }): ValidateFunction {
  return (httpPart === 'body' ? strictAjv : coercingAjv).compile(schema);
}

/** `/requirements/0/name` → `requirements[0].name`; the whole value is `(body)`, `(querystring)`…. */
function fieldPath(pointer: string, child?: string): string {
  const parts = pointer.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (child !== undefined) parts.push(child);
  return parts.reduce((text, part) => (/^\d+$/.test(part) ? `${text}[${part}]` : text ? `${text}.${part}` : part), '');
}

function describe(error: ErrorObject): { path: string; message: string } {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { path: fieldPath(error.instancePath, String(params.missingProperty)), message: 'required' };
    case 'additionalProperties':
      return { path: fieldPath(error.instancePath, String(params.additionalProperty)), message: 'unknown field: remove it (GET /v1/openapi.json lists the fields)' };
    case 'enum':
      return { path: fieldPath(error.instancePath), message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'minProperties':
      return { path: fieldPath(error.instancePath), message: 'give at least one field' };
    default:
      return { path: fieldPath(error.instancePath), message: error.message ?? error.keyword };
  }
}

/** Ajv's errors as field problems, one per field and message. */
export function fieldProblems(errors: readonly ErrorObject[], where: string): FieldProblem[] {
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const described = describe(error);
    const path = described.path || `(${where})`;
    const message = described.path || error.keyword !== 'type' ? described.message : `${described.message}: send a JSON object`;
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ in: where, path, message });
  }
  return problems;
}

/** A preValidation hook for routes whose body fields are all optional: no body at all counts as `{}`. */
export async function emptyBodyAsObject(request: { body: unknown }): Promise<void> {
  if (request.body === undefined || request.body === null) request.body = {};
}
