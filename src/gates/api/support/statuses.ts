/**
 * The success status codes an endpoint answers with: the registry's, and where the scan found
 * none, the handler's own sends read again (`res.location(url).json(x)` is a 200 the scan's status
 * facts do not see, as the response is behind a chain).
 */
import type { Node } from 'oxc-parser';
import type { Endpoint } from '../../../registry/schema.js';
import { forEachChild, isFunction, paramName } from '../../../scan/code/ast.js';
import { endpointSite } from '../../../scan/code/sites.js';
import type { CheckContext } from '../../types.js';
import { readSend } from './send.js';

const isSuccess = (n: number) => n >= 200 && n < 400;

const registryCodes = (endpoint: Pick<Endpoint, 'responses'>): number[] =>
  endpoint.responses.map(Number).filter((n) => Number.isInteger(n) && n >= 100 && n < 600);

/** What the handler's sends say: their chain statuses, 200 for plain ones; undefined when a status is computed or set apart. */
function sentCodes(context: CheckContext, endpoint: Endpoint): number[] | undefined {
  if (endpoint.framework === 'nestjs') return undefined;
  const handlers = endpointSite(context.index, endpoint)?.handlers() ?? [];
  const codes = new Set<number>();
  for (const { module, node } of handlers) {
    if (!isFunction(node) || !node.body) return undefined;
    const response = node.params[1] ? paramName(node.params[1] as Node) : undefined;
    if (!response) return undefined;
    let undecided = false;
    let chained = 0;
    const walk = (n: Node): void => {
      const send = readSend(n, (name) => name === response);
      if (send && send.status !== undefined && send.method !== 'sendStatus') chained++;
      if (send?.status === 'dynamic') undecided = true;
      else if (typeof send?.status === 'number') codes.add(send.status);
      else if (send) codes.add(200);
      forEachChild(n, walk);
    };
    walk(node.body as Node);
    // `res.status(201);` on a line of its own: the plain send after it is not a 200.
    const text = module.file.text.slice(node.start, node.end);
    const name = response.replace(/\$/g, '\\$');
    const setters = text.match(new RegExp(`(?<![\\w$])${name}\\s*\\.\\s*(?:status|code)\\s*\\(|(?<![\\w$])${name}\\s*\\.\\s*statusCode\\s*=`, 'g'))?.length ?? 0;
    if (undecided || setters > chained) return undefined;
  }
  return codes.size ? [...codes] : undefined;
}

/** 2xx and 3xx: what a successful call answers (empty when no status could be found). */
export function successCodes(context: CheckContext, endpoint: Endpoint): number[] {
  const codes = registryCodes(endpoint).filter(isSuccess);
  if (codes.length) return codes;
  return (sentCodes(context, endpoint) ?? []).filter(isSuccess);
}
