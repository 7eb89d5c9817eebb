/**
 * Express apps and routers: `express()`, `express.Router()`, `Router()` imported from express
 * (also `Router({ mergeParams: true })`, `new Router()`), `require('express')()`,
 * `require('express').Router()`, and `express-promise-router`'s default export.
 */
import { unwrap } from '../ast.js';
import type { ProjectIndex } from '../graph.js';
import { calleeOrigin } from '../routing/origin.js';
import type { Target } from '../values.js';

const ROUTER_PACKAGES = new Set(['express-promise-router', 'express-async-router']);

export function expressCreation(_index: ProjectIndex, target: Target): { kind: 'app' | 'router' } | undefined {
  const node = unwrap(target.node);
  if (node.type !== 'CallExpression' && node.type !== 'NewExpression') return undefined;
  const callee = unwrap(node.callee);
  const origin = calleeOrigin(target, callee);
  if (!origin) return undefined;
  if (ROUTER_PACKAGES.has(origin.pkg) && origin.path.length === 0) return { kind: 'router' };
  if (origin.pkg !== 'express') return undefined;
  if (origin.path.length === 0) return { kind: 'app' };
  return origin.path.length === 1 && origin.path[0] === 'Router' ? { kind: 'router' } : undefined;
}
