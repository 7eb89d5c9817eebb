/** The OpenAPI operation that documents a code endpoint (same method, same path up to param names). */
import type { Endpoint } from '../../../registry/schema.js';
import { routeKey } from '../../../scan/openapi/drift.js';
import type { SpecOperation } from '../../../scan/openapi/types.js';
import type { CheckContext } from '../../types.js';

export function specOperation(context: CheckContext, endpoint: Pick<Endpoint, 'method' | 'path'>): SpecOperation | undefined {
  const byKey = context.memo('api:spec-operations-by-key', () => {
    const map = new Map<string, SpecOperation>();
    for (const operation of context.openapi?.summary.operations ?? []) {
      const key = routeKey(operation.method, operation.path);
      if (!map.has(key)) map.set(key, operation);
    }
    return map;
  });
  return byKey.get(routeKey(endpoint.method, endpoint.path));
}
