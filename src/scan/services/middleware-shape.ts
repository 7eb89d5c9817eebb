/**
 * Middleware by shape: a function taking `(req, res, next)`, `(err, req, res, next)` or Koa's
 * `(ctx, next)`, or a factory returning one (`requireRole('admin')`). A factory whose returned
 * function calls the function it was given (`asyncHandler(fn)`) adapts a handler; it is not
 * middleware of its own.
 */
import type { Expression, Function, Node, ParamPattern } from 'oxc-parser';
import { unwrap } from './ast.js';

type FunctionNode = Function | Extract<Node, { type: 'ArrowFunctionExpression' }>;

export function isMiddlewareShaped(value: Node): boolean {
  const fn = asFunction(value);
  if (!fn) return false;
  if (takesNext(fn.params)) return true;
  const returned = asFunction(returnedValue(fn));
  if (!returned || !takesNext(returned.params)) return false;
  const given = new Set(fn.params.flatMap((param) => (param.type === 'Identifier' ? [param.name] : [])));
  return !callsAny(returned.body, given);
}

function asFunction(node: Node | undefined): FunctionNode | undefined {
  if (!node) return undefined;
  // `unwrap` only reads `type` and `expression`, so a declaration passes through unchanged.
  const bare: Node = unwrap(node as Expression);
  return bare.type === 'FunctionDeclaration' || bare.type === 'FunctionExpression' || bare.type === 'ArrowFunctionExpression'
    ? (bare as FunctionNode)
    : undefined;
}

function takesNext(params: readonly ParamPattern[]): boolean {
  const last = params.at(-1);
  if (!last || last.type !== 'Identifier') return false;
  const annotation = last.typeAnnotation?.typeAnnotation;
  const typedNext =
    annotation?.type === 'TSTypeReference' &&
    annotation.typeName.type === 'Identifier' &&
    (annotation.typeName.name === 'NextFunction' || annotation.typeName.name === 'Next');
  if (!typedNext && !/^_*next$/i.test(last.name)) return false;
  if (params.length === 3 || params.length === 4) return true;
  const first = params[0];
  return params.length === 2 && first?.type === 'Identifier' && /^_*(ctx|context)$/.test(first.name);
}

/** What a function returns at its top level: the arrow's expression, or a `return` in its body. */
function returnedValue(fn: FunctionNode): Node | undefined {
  const body = fn.body;
  if (!body) return undefined;
  if (body.type !== 'BlockStatement') return body;
  for (const statement of body.body) if (statement.type === 'ReturnStatement' && statement.argument) return statement.argument;
  return undefined;
}

function callsAny(node: unknown, names: ReadonlySet<string>): boolean {
  if (names.size === 0 || node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some((item) => callsAny(item, names));
  const loose = node as { type?: string; callee?: { type: string; name?: string } };
  if (loose.type === 'CallExpression' && loose.callee?.type === 'Identifier' && names.has(loose.callee.name ?? '')) return true;
  for (const key in loose) {
    if (key !== 'parent' && callsAny((loose as Record<string, unknown>)[key], names)) return true;
  }
  return false;
}
