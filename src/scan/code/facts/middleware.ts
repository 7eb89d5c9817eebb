/**
 * What one middleware, guard or hook in a chain means for the endpoint: its auth effect, whether it
 * rate-limits, which validation library it applies. Names decide first (they are what authors
 * write to say what a middleware does); a middleware whose name says nothing is looked up (its
 * definition is a call such as `expressjwt({…})`, or a function whose body checks credentials).
 * A middleware that cannot be looked up at all (a parameter, a computed member, a condition) is
 * 'unknown' for auth unless its name decides.
 */
import type { Node } from 'oxc-parser';
import type { ParsedModule } from '../../parse.js';
import { isFunction, unwrap } from '../ast.js';
import { resolveExpression, type LocalResolver } from '../evaluate.js';
import { packageName } from '../../resolve.js';
import { importOf, resolveName, type ProjectIndex } from '../graph.js';
import { classifyAuthName, refineAuthCall, type AuthEffect } from './auth.js';
import { authFromBody } from './auth-body.js';
import { displayName } from './names.js';
import { originPackage } from './packages.js';
import { isRateLimiterName, RATE_LIMIT_PACKAGES } from './rate-limit.js';
import { validationOfMiddleware } from './validation.js';

export interface MiddlewareFacts {
  /** How it reads in `authBy` (`passport.authenticate('jwt')`); '(inline)' for an anonymous function. */
  name: string;
  auth: AuthEffect | 'unknown' | undefined;
  rateLimit: boolean;
  validation: string | undefined;
}

export function describeMiddleware(index: ProjectIndex, module: ParsedModule, expression: Node, local?: LocalResolver): MiddlewareFacts {
  const node = unwrap(expression);
  const name = displayName(node) ?? (isFunction(node) ? '(inline)' : '(expression)');
  const origin = originPackage(index, module, node, local);
  const rateLimit = isRateLimiterName(name) || RATE_LIMIT_PACKAGES.has(origin ?? '');
  const validation = rateLimit ? undefined : validationOfMiddleware(index, module, node, name, local);
  const auth = rateLimit || validation ? undefined : authOf(index, module, node, name, local);
  return { name, auth, rateLimit, validation };
}

function authOf(index: ProjectIndex, module: ParsedModule, node: Node, name: string, local: LocalResolver | undefined): MiddlewareFacts['auth'] {
  const named = classifyAuthName(name);
  // A call refines its name's verdict, possibly to nothing (`passport.authenticate('local')` signs in).
  if (named) return node.type === 'CallExpression' ? refineAuthCall(named, node) : named;
  if (isFunction(node)) return authFromBody(node);
  if (node.type === 'ConditionalExpression' || node.type === 'LogicalExpression') return 'unknown';
  const subject = node.type === 'CallExpression' ? unwrap(node.callee) : node;
  if (subject.type !== 'Identifier' && subject.type !== 'MemberExpression') return undefined;
  if (subject.type === 'MemberExpression' && subject.computed) return 'unknown';
  const definition = resolveExpression(index, module, subject, local);
  if (!definition) return unresolved(index, module, subject, local);
  const value = unwrap(definition.node);
  if (value.type === 'CallExpression' && node.type !== 'CallExpression') {
    const inner = displayName(value);
    return inner ? refineAuthCall(classifyAuthName(inner), value) : undefined;
  }
  if (isFunction(value)) return authFromBody(value) ?? authOfFactory(value);
  return isOpaque(value) ? 'unknown' : undefined;
}

/** `(role) => (req, res, next) => …`: the returned middleware's body decides. */
function authOfFactory(fn: Node): AuthEffect | undefined {
  if (!isFunction(fn) || !fn.body) return undefined;
  const body = fn.body.type === 'BlockStatement' ? undefined : unwrap(fn.body as Node);
  return body && isFunction(body) ? authFromBody(body) : undefined;
}

/**
 * A name the graph cannot follow to a value (`upload.single`, `guards[role]`, a parameter): code
 * the project defines or imports from a package is known (its name already said whether it
 * authenticates); a parameter, an unresolvable project import or an undeclared global could be anything.
 */
function unresolved(index: ProjectIndex, module: ParsedModule, subject: Node, local: LocalResolver | undefined): MiddlewareFacts['auth'] {
  let root = subject;
  while (root.type === 'MemberExpression') root = unwrap(root.object);
  if (root.type !== 'Identifier') return 'unknown';
  const found = local?.(root);
  if (found) return isOpaque(found.node) ? 'unknown' : undefined;
  const imported = importOf(module, root.name);
  const fromPackage = !!imported && !!packageName(imported.specifier) && index.resolver.resolve(module.file.path, imported.specifier) === undefined;
  return fromPackage || resolveName(index, module, root.name) ? undefined : 'unknown';
}

/** A parameter, or an alias of something unknown: the value could be anything. */
const isOpaque = (node: Node): boolean => node.type === 'Identifier' || node.type === 'AssignmentPattern' || node.type === 'TSParameterProperty';
