/**
 * Request input a handler uses beyond what the registry lists by name: the whole body or query
 * passed on (`User.create(req.body)`), path parameters that are not ids read raw, Nest `@Body()` /
 * `@Query()` parameters; and whether the code it runs validates input some other way (a schema
 * parsed in a service, a `validateX(...)` helper).
 */
import type { Node } from 'oxc-parser';
import type { Endpoint } from '../../../registry/schema.js';
import { isFunction, memberPath, paramName, propertyName, unwrap } from '../../../scan/code/ast.js';
import { nameWords } from '../../../scan/code/facts/names.js';
import { inputSource, inputsRead } from '../../../scan/code/facts/params.js';
import { endpointSite } from '../../../scan/code/sites.js';
import { functionScope } from '../../../scan/code/scope.js';
import type { CheckContext } from '../../types.js';
import { functionHas, reachableFunctions, walkScoped, type Target } from './reach.js';
import { walkFrom } from './walk.js';

export interface UsedInputs {
  wholeBody: boolean;
  wholeQuery: boolean;
  /** Query parameters the handler only reads converted or checked (`Number(req.query.limit ?? 20)`, `req.query.all === 'true'`). */
  checkedQuery: string[];
  /** Path parameters that are not ids, read without a conversion. */
  rawPathParams: string[];
  /** Nest `@Body()` / `@Query()` parameters. */
  decoratedBody: boolean;
  decoratedQuery: boolean;
}

/** Ids, slugs and keys are looked up, not interpreted: a wrong one finds nothing. */
const ID_LIKE = /^(id|_id|uuid|guid|slug|key|code|ref|sku|no|num|number|page|version|lang|locale)$|(Id|ID|_id|Uuid|UUID|_uuid|Slug|_slug|Key|_key|Code|_code|Number|_no|No|Ref|_ref|Sku)$/;
const CONVERSIONS = /^(Number|parseInt|parseFloat|BigInt|Boolean|isUUID|isUuid|uuidValidate|validateUuid|isValidObjectId|ObjectId|Types\.ObjectId|mongoose\.Types\.ObjectId|ObjectId\.isValid|mongoose\.isValidObjectId|isInt|toInt)$/;

/** What the handlers of an endpoint read, beyond named fields; undefined when its handler was not found. */
export function usedInputs(context: CheckContext, endpoint: Pick<Endpoint, 'id' | 'source'>): UsedInputs | undefined {
  const site = endpointSite(context.index, endpoint);
  const handlers = site?.handlers() ?? [];
  if (!site || handlers.length === 0) return undefined;
  const used: UsedInputs = { wholeBody: false, wholeQuery: false, checkedQuery: [], rawPathParams: [], decoratedBody: false, decoratedQuery: false };
  for (const target of handlers) readHandler(target, used);
  const method = site.node as { type: string; value?: { params?: Node[] } };
  if (method.type === 'MethodDefinition') {
    for (const param of method.value?.params ?? []) {
      for (const decorator of (param as { decorators?: { expression: Node }[] }).decorators ?? []) {
        const expression = decorator.expression.type === 'CallExpression' ? decorator.expression.callee : decorator.expression;
        const name = memberPath(expression);
        if (name === 'Body') used.decoratedBody = true;
        if (name === 'Query') used.decoratedQuery = true;
      }
    }
  }
  return used;
}

function readHandler(target: Target, used: UsedInputs): void {
  const fn = target.node;
  if (!isFunction(fn) || !fn.body) return;
  const roots = new Set(fn.params.slice(0, 1).map((p) => paramName(p as Node)).filter((n): n is string => !!n));
  if (roots.size === 0) return;
  const checked = new Set<string>();
  const raw = new Set<string>();
  walkFrom(fn.body as Node, functionScope(fn, target.scope), roots, (node, { ancestors }) => {
    const parent = ancestors[ancestors.length - 1];
    const kind = inputSource(node, roots);
    if ((kind === 'body' || kind === 'query') && !readsField(node, parent)) {
      if (kind === 'body') used.wholeBody = true;
      else used.wholeQuery = true;
    }
    if (node.type !== 'MemberExpression' && node.type !== 'CallExpression') return;
    for (const read of inputsRead(node, roots)) {
      const converted = isChecked(ancestors);
      if (read.kind === 'query') (converted ? checked : raw).add(read.name);
      if (read.kind !== 'path' || ID_LIKE.test(read.name) || used.rawPathParams.includes(read.name) || converted) continue;
      used.rawPathParams.push(read.name);
    }
  });
  used.checkedQuery.push(...[...checked].filter((name) => !raw.has(name)));
}

const PASS_THROUGH = new Set(['LogicalExpression', 'ConditionalExpression', 'TSAsExpression', 'TSNonNullExpression', 'ParenthesizedExpression', 'ChainExpression', 'TSSatisfiesExpression']);

/** A read converted to a number or boolean, or compared with a literal or an allowed list, where it is read. */
function isChecked(ancestors: readonly Node[]): boolean {
  let i = ancestors.length - 1;
  while (i >= 0 && PASS_THROUGH.has((ancestors[i] as Node).type)) i--;
  const user = ancestors[i];
  if (!user) return false;
  if (user.type === 'CallExpression') {
    const callee = memberPath(user.callee) ?? '';
    return CONVERSIONS.test(callee) || /\.includes$/.test(callee);
  }
  if (user.type === 'BinaryExpression' && ['===', '!==', '==', '!='].includes(user.operator)) {
    return unwrap(user.left as Node).type === 'Literal' || unwrap(user.right as Node).type === 'Literal';
  }
  return false;
}

/**
 * `req.body.email`, `const { email } = req.body`: a field read (the registry lists it), not the whole
 * input; `ctx.body = …` (Koa) and `c.body(…)` (Hono) write the response, they read nothing.
 */
function readsField(node: Node, parent: Node | undefined): boolean {
  if (!parent) return false;
  if (parent.type === 'MemberExpression' && parent.object === node) return true;
  if (parent.type === 'CallExpression' && parent.callee === node) return true;
  if (parent.type === 'AssignmentExpression' && parent.left === node) return true;
  if (parent.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'ObjectPattern') return !parent.id.properties.some((p) => p.type === 'RestElement');
  return false;
}

const PARSE_METHODS = new Set(['parse', 'safeParse', 'parseAsync', 'safeParseAsync', 'validate', 'validateAsync', 'validateSync', 'validateOrReject', 'assert', 'assertValid', 'decode', 'cast']);
const NOT_SCHEMAS = /^(JSON|Number|Date|url|URL|path|querystring|qs|Buffer|Math|Intl|semver|cookie|dayjs|moment|DateTime|jwt|jsonwebtoken|bcrypt|argon2|crypto)$/;

function validatesSomething(target: Target): boolean {
  const fn = target.node;
  if (!isFunction(fn) || !fn.body) return false;
  let found = false;
  walkScoped(fn.body as Node, functionScope(fn, target.scope), (node) => {
    if (found || node.type !== 'CallExpression') return;
    const callee = unwrap(node.callee);
    if (callee.type === 'MemberExpression') {
      const method = propertyName(callee.property, callee.computed) ?? '';
      const owner = memberPath(callee.object) ?? '';
      if (PARSE_METHODS.has(method) && !NOT_SCHEMAS.test(owner.split('.')[0] ?? '')) found = true;
    }
    const name = (memberPath(callee) ?? '').split('.').pop() ?? '';
    if (nameWords(name).some((w) => w === 'validate' || w === 'validator' || w === 'validation' || w === 'sanitize')) found = true;
  });
  return found;
}

/** Whether the handler or the code it runs validates input with a schema or a validation helper. */
export function validatesDownstream(context: CheckContext, endpoint: Pick<Endpoint, 'id' | 'source'>): boolean {
  return reachableFunctions(context, endpoint).some((target) => functionHas(target, 'validates', validatesSomething));
}
