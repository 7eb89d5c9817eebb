/** The registry's endpoints as rules read them: where each is in code, and which ones a rule should skip. */
import type { Endpoint } from '../../registry/schema.js';
import type { CheckContext } from '../types.js';

export interface CodeEndpoint {
  endpoint: Endpoint;
  file: string;
  line: number;
}

/** Endpoints found in code (with a source location), in registry order; operations only in the OpenAPI document are not code. */
export function codeEndpoints(context: CheckContext): CodeEndpoint[] {
  return context.memo('code-endpoints', () =>
    context.registry.endpoints.flatMap((endpoint) =>
      endpoint.source && endpoint.framework && endpoint.framework !== 'openapi' ? [{ endpoint, file: endpoint.source.file, line: endpoint.source.line ?? 1 }] : [],
    ),
  );
}

/** Every registry endpoint with a location: code endpoints, and operations of a spec-only project (at their spec line). */
export function locatedEndpoints(context: CheckContext): CodeEndpoint[] {
  return context.memo('located-endpoints', () =>
    context.registry.endpoints.flatMap((endpoint) => (endpoint.source ? [{ endpoint, file: endpoint.source.file, line: endpoint.source.line ?? 1 }] : [])),
  );
}

export const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const isMutating = (endpoint: Pick<Endpoint, 'method'>) => MUTATING.has(endpoint.method);

/** Operational endpoints every service has: exempt from versioning, auth and docs rules. */
const OPERATIONAL = /^\/(?:health[a-z]*|healthz|livez|readyz|ready|readiness|liveness|ping|status|metrics|version|favicon\.ico|robots\.txt)\/?$/i;
export const isOperational = (path: string) => OPERATIONAL.test(path);

/** The text of one line (1-based) of a discovered file, '' when out of range. */
export function sourceLine(context: CheckContext, file: string, line: number): string {
  const lines = context.memo(`lines:${file}`, () => (context.fileText(file) ?? '').split('\n'));
  return lines[line - 1] ?? '';
}
