/**
 * Drift between code and document: which code endpoints the document describes, and what only one
 * side has. Parameter names and trailing slashes do not count (`/users/{id}` in code is
 * `/users/{userId}` in the document); method and every other path segment must be equal.
 */
import type { Endpoint } from '../../registry/schema.js';
import type { SpecOperation } from './types.js';

export interface Drift {
  /** Ids of the code endpoints the document describes. */
  documented: Set<string>;
  /** Ids of code endpoints the document does not describe. */
  onlyInCode: string[];
  /** Ids of document operations no code endpoint implements. */
  onlyInSpec: string[];
}

type Route = Pick<Endpoint, 'id' | 'method' | 'path'>;

/** The comparable form of a route: `GET /users/{}`. */
export function routeKey(method: string, path: string): string {
  const segments = path.split('/').map((segment) => (segment.startsWith(':') ? '{}' : segment.replace(/\{[^}]*\}/g, '{}')));
  let normalised = segments.join('/');
  while (normalised.length > 1 && normalised.endsWith('/')) normalised = normalised.slice(0, -1);
  return `${method.toUpperCase()} ${normalised}`;
}

export function compareEndpoints(code: readonly Route[], spec: readonly Pick<SpecOperation, 'id' | 'method' | 'path'>[]): Drift {
  const specKeys = new Set(spec.map((op) => routeKey(op.method, op.path)));
  const codeKeys = new Set<string>();
  const documented = new Set<string>();
  const onlyInCode: string[] = [];
  for (const endpoint of code) {
    const key = routeKey(endpoint.method, endpoint.path);
    codeKeys.add(key);
    if (specKeys.has(key)) documented.add(endpoint.id);
    else if (!onlyInCode.includes(endpoint.id)) onlyInCode.push(endpoint.id);
  }
  const onlyInSpec = [...new Set(spec.filter((op) => !codeKeys.has(routeKey(op.method, op.path))).map((op) => op.id))];
  return { documented, onlyInCode, onlyInSpec };
}
