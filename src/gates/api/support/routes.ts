/**
 * The endpoints the service registers in code. `codeEndpoints` also yields the operations only the
 * OpenAPI document has (framework `openapi`, sourced at their spec line), and the scan keeps routes
 * in fixture or spec folders: the code rules judge the service's code.
 */
import { codeEndpoints, type CodeEndpoint } from '../../support/endpoints.js';
import type { CheckContext } from '../../types.js';
import { isServiceFile } from './files.js';

export function routesInCode(context: CheckContext): CodeEndpoint[] {
  return context.memo('api:routes-in-code', () => codeEndpoints(context).filter(({ endpoint, file }) => endpoint.framework !== 'openapi' && isServiceFile(file)));
}
