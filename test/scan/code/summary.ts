/** One line per endpoint, as the tests assert them: `GET /path auth [authBy] file:line`. */
import type { Endpoint } from '../../../src/registry/schema.js';
import { scanCodeEndpoints } from '../../../src/scan/code/index.js';
import type { FrameworkScanner } from '../../../src/scan/code/types.js';
import { fixtureIndex } from './project.js';

export const summary = (e: Endpoint): string =>
  `${e.id} ${e.auth}${e.authBy.length ? ` [${e.authBy.join(', ')}]` : ''} ${e.source?.file}:${e.source?.line}`;

export function scanFixture(name: string, scanners?: readonly FrameworkScanner[]) {
  const result = scanCodeEndpoints(fixtureIndex(name), scanners);
  const byId = (id: string) => {
    const found = result.endpoints.find((e) => e.id === id);
    if (!found) throw new Error(`no endpoint ${id}`);
    return found;
  };
  return { ...result, lines: result.endpoints.map(summary), byId };
}
