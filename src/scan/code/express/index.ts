/**
 * The Express scanner: apps and routers across files, mounts with prefixes, the middleware chain
 * in registration order (app-level, mount-level, router-level, route-level), route chains.
 */
import type { Node } from 'oxc-parser';
import { propertyName, unwrap } from '../ast.js';
import type { Dialect, RouterObject } from '../routing/model.js';
import { parameterName, routingScanner, usesPackage } from '../routing/scanner.js';
import { expressCreation } from './creation.js';
import { EXPRESS_LINKS, registerExpress } from './register.js';

const PACKAGES = ['express', 'express-promise-router', 'express-async-router'] as const;
const OTHER_FRAMEWORKS = ['fastify', 'koa', '@koa/router', 'koa-router', 'hono', '@hono/zod-openapi', '@nestjs/core', '@nestjs/common', 'restify', '@hapi/hapi'];
/** Names route-registration functions give the app/router parameter in CommonJS projects that never import express there. */
const CONVENTIONAL = new Set(['app', 'router', 'server', 'api', 'routes', 'route', 'application', 'expressApp', 'r']);

export const expressDialect: Dialect = {
  framework: 'express',
  packages: PACKAGES,
  links: EXPRESS_LINKS,
  creation: expressCreation,
  routeBase(call) {
    const node = unwrap(call);
    if (node.type !== 'CallExpression' || node.arguments.length !== 1) return undefined;
    const callee = unwrap(node.callee);
    if (callee.type !== 'MemberExpression' || propertyName(callee.property, callee.computed) !== 'route') return undefined;
    return { object: callee.object, path: node.arguments[0] as Node };
  },
  register: registerExpress,
};

/** A function parameter with routes but no caller the scanner could follow: keep it when it is plainly Express. */
function adoptsOrphan(object: RouterObject): boolean {
  if (usesPackage(object.module, PACKAGES)) return true;
  return !usesPackage(object.module, OTHER_FRAMEWORKS) && CONVENTIONAL.has(parameterName(object) ?? '');
}

export const expressScanner = routingScanner(expressDialect, { adoptsOrphan });
