/**
 * Whether the registry's list of query params an endpoint reads is the whole story. It is not when
 * the handler hands the query (or the request) on as a whole: `list(req.query)`,
 * `{ ...req.query }`, `paginate(req)`, Nest's `@Query() q: any`. Rules that judge which query
 * params exist must then stay silent.
 */
import type { Node } from 'oxc-parser';
import type { Endpoint } from '../../../registry/schema.js';
import { forEachChild, isFunction, paramName, type FunctionLike } from '../../../scan/code/ast.js';
import { inputSource } from '../../../scan/code/facts.js';
import { decoratorsOf } from '../../../scan/code/nest/decorators.js';
import { endpointSite } from '../../../scan/code/sites.js';
import type { CheckContext } from '../../types.js';

/** A read of the query that names what it reads (`req.query.limit`, `const { limit } = req.query`). */
function isNamedRead(node: Node, parent: Node | undefined): boolean {
  if (parent?.type === 'MemberExpression' && parent.object === node) return true;
  return parent?.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'ObjectPattern' && parent.id.properties.every((p) => p.type === 'Property');
}

function handsOnQuery(fn: FunctionLike): boolean {
  if (!fn.params.length) return false;
  const first = paramName(fn.params[0] as Node);
  if (!first || !fn.body) return true;
  const roots = new Set([first]);
  let whole = false;
  const walk = (node: Node, parent: Node | undefined): void => {
    if (whole) return;
    if (inputSource(node, roots) === 'query' && !isNamedRead(node, parent)) whole = true;
    if (node.type === 'CallExpression' && node.arguments.some((arg) => arg.type === 'Identifier' && arg.name === first)) whole = true;
    forEachChild(node, (child) => walk(child, node));
  };
  walk(fn.body as Node, undefined);
  return whole;
}

export function queryReadsKnown(context: CheckContext, endpoint: Endpoint): boolean {
  const site = endpointSite(context.index, endpoint);
  const handlers = site?.handlers() ?? [];
  if (!site || !handlers.length) return endpoint.params.query.length > 0;
  for (const { node } of handlers) {
    if (!isFunction(node)) return false;
    if (endpoint.framework === 'nestjs') {
      const wholeQuery = (node.params as Node[]).some((p) => decoratorsOf(p).some((d) => d.name === 'Query' && d.args.length === 0));
      if (wholeQuery && !endpoint.params.query.length) return false;
    } else if (handsOnQuery(node)) return false;
  }
  return true;
}
