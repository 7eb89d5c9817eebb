/** A document operation as a registry endpoint, for endpoints the document has and code does not. */
import { Endpoint } from '../../registry/schema.js';
import type { SpecOperation } from './types.js';

/** `file`: the project-relative document path, used when the operation does not name its own file. */
export function toEndpoint(op: SpecOperation, file: string): Endpoint {
  const names = (location: string) => op.parameters.filter((p) => p.in === location).map((p) => p.name);
  return Endpoint.parse({
    id: op.id,
    method: op.method,
    path: op.path,
    framework: 'openapi',
    source: { file: op.file ?? file, ...(op.line ? { line: op.line } : {}) },
    auth: op.security,
    authBy: op.securitySchemes,
    params: { path: names('path'), query: names('query'), body: op.bodyFields ?? [] },
    responses: op.responses,
    documented: true,
    ...(op.summary ? { summary: op.summary } : {}),
  });
}
