/**
 * The Hono scanner: `new Hono()` apps (also `OpenAPIHono`), `app.METHOD(path, ...handlers)` and
 * chains of them, `app.on(method(s), path(s), …)`, `app.all`, `app.route('/x', sub)` across files,
 * `basePath('/api')`, path-scoped `app.use('/admin/*', mw)`, and `app.openapi(createRoute({…}), h)`.
 */
import type { Node } from 'oxc-parser';
import { methodCall, unwrap } from '../ast.js';
import { evaluateString } from '../evaluate.js';
import type { Dialect } from '../routing/model.js';
import { calleeOrigin } from '../routing/origin.js';
import { METHOD_OF } from '../routing/registration.js';
import { routingScanner, usesPackage } from '../routing/scanner.js';
import { scopeResolver } from '../values.js';
import { registerHono } from './register.js';

const PACKAGES = ['hono', '@hono/zod-openapi', 'hono-openapi', 'chanfana'] as const;
const APP_CLASSES = new Set(['Hono', 'OpenAPIHono']);

export const honoDialect: Dialect = {
  framework: 'hono',
  packages: PACKAGES,
  links: new Set([...Object.keys(METHOD_OF).filter((m) => m !== 'del'), 'all', 'on', 'use', 'route', 'openapi']),
  creation(index, target) {
    const node = unwrap(target.node);
    if (node.type === 'NewExpression') {
      const origin = calleeOrigin(target, unwrap(node.callee));
      const name = origin?.path[origin.path.length - 1];
      return origin && PACKAGES.includes(origin.pkg as (typeof PACKAGES)[number]) && name && APP_CLASSES.has(name) ? { kind: 'app' } : undefined;
    }
    // `app.basePath('/api')` is a new app sharing the parent's routes under the base path.
    const call = methodCall(node);
    if (call?.name !== 'basePath' || !usesPackage(target.module, PACKAGES)) return undefined;
    const prefix = call.call.arguments[0] && evaluateString(index, target.module, call.call.arguments[0] as Node, scopeResolver(index, target.scope));
    return { kind: 'app', ...(prefix ? { prefix } : {}), parent: { object: call.object, scope: target.scope } };
  },
  register: registerHono,
};

export const honoScanner = routingScanner(honoDialect);
