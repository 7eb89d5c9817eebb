/**
 * The endpoints the service registers in code. The scan keeps routes in fixture or spec folders:
 * the code rules judge the service's code.
 */
import { codeEndpoints, type CodeEndpoint } from '../../support/endpoints.js';
import type { CheckContext } from '../../types.js';
import { isServiceFile } from './files.js';

export function routesInCode(context: CheckContext): CodeEndpoint[] {
  return context.memo('api:routes-in-code', () => codeEndpoints(context).filter(({ file }) => isServiceFile(file)));
}
