import type { Node } from 'oxc-parser';
import type { Endpoint } from '../../registry/schema.js';
import { forEachChild, isFunction, paramName, unwrap, type FunctionLike } from '../../scan/code/ast.js';
import { decoratorsOf } from '../../scan/code/nest/decorators.js';
import { endpointSite } from '../../scan/code/sites.js';
import { defineRule } from '../define.js';
import type { CheckContext } from '../types.js';
import { describe } from './support/paths.js';
import { routesInCode } from './support/routes.js';
import { readSend } from './support/send.js';
import { successCodes } from './support/statuses.js';

/** 204, 200 with a body, and 202 (deletion queued) are the answers RFC 9110 gives a DELETE. */
const FINE = new Set([200, 202, 204]);

/**
 * The handler answers 200 with nothing in it: `res.sendStatus(200)`, `res.status(200).end()`, a
 * Nest method that returns nothing. Only when every response it writes is empty.
 */
function emptyOk(context: CheckContext, endpoint: Endpoint): boolean {
  const site = endpointSite(context.index, endpoint);
  const handlers = (site?.handlers() ?? []).filter((h) => isFunction(h.node));
  if (!site || !handlers.length) return false;
  return handlers.every(({ node }) => {
    const fn = node as FunctionLike;
    if (endpoint.framework === 'nestjs') return nestReturnsNothing(fn);
    const roots = new Set((fn.params as Node[]).slice(1, 2).map(paramName).filter((n): n is string => !!n));
    let empty = false;
    let withBody = false;
    const walk = (n: Node): void => {
      const send = readSend(n, (name) => roots.has(name));
      if (send) {
        const blank = send.payload === undefined && send.method !== 'body';
        if (blank && (send.status === 200 || (send.status === undefined && send.method === 'end'))) empty = true;
        else if (!blank) withBody = true;
      }
      forEachChild(n, walk);
    };
    if (fn.body) walk(fn.body as Node);
    return empty && !withBody;
  });
}

/** A Nest handler without `@Res()` whose body has no `return <value>`: Nest answers 200 with an empty body. */
function nestReturnsNothing(fn: FunctionLike): boolean {
  if ((fn.params as Node[]).some((p) => decoratorsOf(p).some((d) => d.name === 'Res' || d.name === 'Response'))) return false;
  const body = fn.body as Node | null;
  if (!body || body.type !== 'BlockStatement') return false;
  let returns = false;
  const walk = (n: Node): void => {
    if (returns || (isFunction(n) && n !== fn)) return;
    if (n.type === 'ReturnStatement' && n.argument) {
      const value = unwrap(n.argument as Node);
      if (value.type !== 'Identifier' || value.name !== 'undefined') returns = true;
    }
    forEachChild(n, walk);
  };
  walk(body);
  return !returns;
}

export default defineRule({
  id: 'api/delete-returns-204',
  area: 'api',
  checklist: 'Proper status codes',
  severity: 'warning',
  docs: {
    description:
      'A DELETE answers 204 No Content, or 200 when it returns a body (the deleted resource, a summary); 202 when the deletion is queued. 201 Created, or 200 with an empty body, misleads clients and generated SDKs.',
    failing: "router.delete('/users/:id', async (req, res) => {\n  await users.remove(req.params.id);\n  res.sendStatus(200);\n});",
    passing: "router.delete('/users/:id', async (req, res) => {\n  await users.remove(req.params.id);\n  res.sendStatus(204);\n});",
  },
  check(context, reporter) {
    const endpoints = routesInCode(context).filter(({ endpoint }) => endpoint.method === 'DELETE');
    if (!endpoints.length) return { status: 'not-applicable', reason: 'no DELETE endpoints found in code' };
    const seen = new Set<string>();
    let decided = 0;
    for (const { endpoint, file, line } of endpoints) {
      if (seen.has(`${file}:${line}`)) continue;
      try {
        const success = successCodes(context, endpoint).filter((code) => code < 300);
        if (success.length) decided++;
        if (!success.length || success.includes(204)) continue;
        const odd = success.filter((code) => !FINE.has(code));
        const empty = !odd.length && success.includes(200) && emptyOk(context, endpoint);
        if (!odd.length && !empty) continue;
        seen.add(`${file}:${line}`);
        reporter.report({
          file,
          line,
          subject: endpoint.id,
          message: odd.length ? `${describe(endpoint)} answers ${odd.join(', ')}: a DELETE answers 204 (or 200 with a body)` : `${describe(endpoint)} answers 200 with an empty body: that is 204 No Content`,
          hint:
            endpoint.framework === 'nestjs'
              ? 'Add @HttpCode(204) (HttpStatus.NO_CONTENT) to the handler, or return the deleted resource.'
              : 'Answer with res.status(204).end() (reply.code(204).send() in Fastify), or return the deleted resource with 200.',
        });
      } catch (error) {
        reporter.internalError(file, error);
      }
    }
    if (!decided) return { status: 'skipped', reason: `the status of none of the ${endpoints.length} DELETE endpoints could be read from the code` };
  },
});
