/**
 * Request inputs a handler reads, by where they come from: `req.params.id`, `const { page } =
 * req.query`, `req.body.email`, Koa `ctx.params`/`ctx.query`/`ctx.request.body`, Hono
 * `c.req.param('id')`/`c.req.query('q')`/`await c.req.json()`/`c.req.valid('json')`, and
 * `pick(req.query, ['name', 'role'])`.
 */
import type { Node } from 'oxc-parser';
import { propertyName, stringLiteral, unwrap } from '../ast.js';

export type InputKind = 'path' | 'query' | 'body';

const FIELDS: Record<string, InputKind> = {
  params: 'path', param: 'path', query: 'query', queries: 'query', body: 'body', json: 'body', parseBody: 'body', formData: 'body',
};
const VALID_TARGETS: Record<string, InputKind> = { json: 'body', form: 'body', query: 'query', param: 'path' };

/** The kind of input an expression is the whole of (`req.query`, `ctx.request.body`, `c.req.param()`). */
export function inputSource(expression: Node, roots: ReadonlySet<string>): InputKind | undefined {
  const node = unwrap(expression);
  if (node.type === 'CallExpression') {
    const callee = unwrap(node.callee);
    if (callee.type !== 'MemberExpression' || callee.computed || !isReq(callee.object, roots)) return undefined;
    if (callee.property.name === 'valid') return VALID_TARGETS[stringLiteral(node.arguments[0] as Node) ?? ''];
    return node.arguments.length === 0 ? FIELDS[callee.property.name] : undefined;
  }
  if (node.type !== 'MemberExpression' || node.computed) return undefined;
  const field = node.property.name;
  if (field !== 'params' && field !== 'query' && field !== 'body') return undefined;
  const owner = unwrap(node.object);
  if (owner.type === 'Identifier') return roots.has(owner.name) ? FIELDS[field] : undefined;
  // Koa `ctx.request.body`.
  if (owner.type !== 'MemberExpression' || owner.computed || owner.property.name !== 'request') return undefined;
  const root = unwrap(owner.object);
  return root.type === 'Identifier' && roots.has(root.name) ? FIELDS[field] : undefined;
}

/** Hono's `c.req`. */
function isReq(node: Node, roots: ReadonlySet<string>): boolean {
  const inner = unwrap(node);
  if (inner.type !== 'MemberExpression' || inner.computed || inner.property.name !== 'req') return false;
  const root = unwrap(inner.object);
  return root.type === 'Identifier' && roots.has(root.name);
}

/** The named inputs one node reads. */
export function inputsRead(node: Node, roots: ReadonlySet<string>): { kind: InputKind; name: string }[] {
  switch (node.type) {
    case 'MemberExpression': {
      const kind = inputSource(node.object, roots);
      const name = propertyName(node.property, node.computed);
      return kind && name !== undefined ? [{ kind, name }] : [];
    }
    case 'VariableDeclarator': {
      const kind = node.init ? inputSource(node.init, roots) : undefined;
      if (!kind || node.id.type !== 'ObjectPattern') return [];
      return node.id.properties.flatMap((p) => {
        const name = p.type === 'Property' ? propertyName(p.key, p.computed) : undefined;
        return name === undefined ? [] : [{ kind, name }];
      });
    }
    case 'CallExpression': {
      const callee = unwrap(node.callee);
      const method = callee.type === 'MemberExpression' && !callee.computed ? callee.property.name : callee.type === 'Identifier' ? callee.name : '';
      const first = stringLiteral(node.arguments[0] as Node | undefined);
      if ((method === 'param' || method === 'query' || method === 'queries') && first !== undefined && callee.type === 'MemberExpression' && isReq(callee.object, roots)) {
        return [{ kind: FIELDS[method] as InputKind, name: first }];
      }
      const picked = method === 'pick' && node.arguments.length === 2 ? inputSource(node.arguments[0] as Node, roots) : undefined;
      const keys = node.arguments[1] && unwrap(node.arguments[1] as Node);
      if (picked && keys?.type === 'ArrayExpression') {
        return keys.elements.flatMap((e) => {
          const name = e ? stringLiteral(e as Node) : undefined;
          return name === undefined ? [] : [{ kind: picked, name }];
        });
      }
      return [];
    }
    default:
      return [];
  }
}
