/**
 * Turns schema issues into messages a person can act on: the key path, what was expected, and
 * what was found. zod/mini ships no message locale (that keeps start-up small), so the wording
 * lives here, once, for every schema of the tool.
 */
import type * as z from 'zod/mini';

type Issue = z.core.$ZodIssue;

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? String(key) : `.${String(key)}`))
    .join('');
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function describeIssue(issue: Issue, input: unknown): string {
  const where = formatPath(issue.path);
  const got = valueAt(input, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      return got === undefined
        ? `${where}: required (${issue.expected})`
        : `${where}: expected ${issue.expected}, got ${show(got)}`;
    case 'invalid_value':
      return `${where}: must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')} (got ${show(got)})`;
    case 'unrecognized_keys': {
      const base = issue.path.length ? `${where}.` : '';
      return issue.keys.map((key) => `${base}${key}: unknown key`).join('; ');
    }
    case 'too_small':
      return issue.origin === 'string'
        ? `${where}: must not be shorter than ${String(issue.minimum)} characters`
        : issue.origin === 'array'
          ? `${where}: needs at least ${String(issue.minimum)} item(s)`
          : `${where}: must be >= ${String(issue.minimum)} (got ${show(got)})`;
    case 'too_big':
      return issue.origin === 'string'
        ? `${where}: must not be longer than ${String(issue.maximum)} characters`
        : `${where}: must be <= ${String(issue.maximum)} (got ${show(got)})`;
    case 'invalid_format':
      return `${where}: ${show(got)} does not match ${issue.format === 'regex' ? String((issue as { pattern?: string }).pattern) : issue.format}`;
    case 'invalid_union':
      return `${where}: ${show(got)} matches none of the allowed forms`;
    default:
      return `${where}: ${issue.message}`;
  }
}

/** Parses `input` with `schema`; on failure returns the issues as readable lines. */
export function check<S extends z.ZodMiniType>(
  schema: S,
  input: unknown,
): { ok: true; value: z.infer<S> } | { ok: false; errors: string[] } {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data as z.infer<S> };
  return { ok: false, errors: result.error.issues.map((issue) => describeIssue(issue, input)) };
}
