/**
 * A Nest route's auth, from what runs before its handler: global guards (`useGlobalGuards`,
 * `APP_GUARD` providers), controller and method `@UseGuards(...)`, and module middleware. A
 * public marker (`@Public()`, `@SetMetadata('isPublic', true)`, `@AllowAnonymous()`) on the
 * method or controller exempts the route from the global and controller guards (they read that
 * metadata); guards on the method itself and middleware still apply.
 */
import type { Node } from 'oxc-parser';
import type { Endpoint } from '../../../registry/schema.js';
import type { ParsedModule } from '../../parse.js';
import { isFunction, unwrap } from '../ast.js';
import { evaluateString } from '../evaluate.js';
import { classifyAuthName, decideAuth, isPublicMarker, type AuthEntry } from '../facts.js';
import { resolveName, type ProjectIndex } from '../graph.js';
import { returnedExpression } from '../values.js';
import { filterDecorators, type DecoratorUse } from './decorators.js';
import { refOf, type Ref } from './refs.js';

const PUBLIC_KEY = /public|anonymous|skip.?auth|no.?auth|unprotected/i;

/** The arguments of `SetMetadata(IS_PUBLIC_KEY, true)`: a public-ish key set to true. */
function isPublicMetadata(index: ProjectIndex, module: ParsedModule, args: readonly Node[]): boolean {
  const [key, value] = args;
  const name = key ? (evaluateString(index, module, key) ?? (key.type === 'Identifier' ? key.name : '')) : '';
  return PUBLIC_KEY.test(name) && value?.type === 'Literal' && value.value === true;
}

/**
 * A decorator that marks a route public: by name, `SetMetadata` itself (also inside a
 * composite), or a custom decorator returning such a call (`() => SetMetadata(KEY, true)`).
 */
function isPublicDecorator(index: ProjectIndex, module: ParsedModule, use: DecoratorUse): boolean {
  if (isPublicMarker(use.name)) return true;
  if (use.name === 'SetMetadata') return isPublicMetadata(index, module, use.args as Node[]);
  const found = resolveName(index, module, use.name);
  const fn = found && unwrap(found.node);
  const returned = fn && isFunction(fn) ? returnedExpression(fn) : undefined;
  const call = returned && unwrap(returned);
  const isSetMetadata = call?.type === 'CallExpression' && call.callee.type === 'Identifier' && call.callee.name === 'SetMetadata';
  return !!found && isSetMetadata && isPublicMetadata(index, found.module, call.arguments as Node[]);
}

export function publicMarker(index: ProjectIndex, module: ParsedModule, decorators: readonly DecoratorUse[]): DecoratorUse | undefined {
  return decorators.find((use) => isPublicDecorator(index, use.module ?? module, use));
}

/**
 * `@UseGuards(A, new B())` on a class or method (or inside a composite it uses), and decorators
 * from a package whose name says they authenticate (`@Authenticated()`, `@Auth()` from a shared
 * library): they can only work by applying a guard. Swagger's `@ApiBearerAuth()` documents, and
 * `@Roles()` only sets metadata, so neither counts.
 */
export function guardsOf(index: ProjectIndex, module: ParsedModule, decorators: readonly DecoratorUse[]): Ref[] {
  const guards = filterDecorators(decorators, 'UseGuards').flatMap((use) => use.args.flatMap((arg) => refOf(index, use.module ?? module, arg as Node) ?? []));
  for (const use of decorators) {
    if (use.module || use.name.startsWith('Api') || use.name === 'UseGuards' || isPublicMarker(use.name)) continue;
    const effect = classifyAuthName(use.name);
    if ((effect === 'required' || effect === 'optional') && !resolveName(index, module, use.name)) guards.push({ name: use.name, node: use.node, module });
  }
  return guards;
}

const entries = new Map<string, AuthEntry>();

/**
 * How a guard or middleware name reads: `AuthGuard(['jwt', 'anonymous'])` lets anonymous users
 * through. Memoised by name: the same global guards are read for every route.
 */
function entryOf(ref: Ref): AuthEntry {
  let entry = entries.get(ref.name);
  if (!entry) {
    const effect = classifyAuthName(ref.name);
    entry = { name: ref.name, effect: effect && effect !== 'public' && /'anonymous'/.test(ref.name) ? 'optional' : effect };
    entries.set(ref.name, entry);
  }
  return entry;
}

export interface AuthInputs {
  globalGuards: readonly Ref[];
  controllerGuards: readonly Ref[];
  methodGuards: readonly Ref[];
  middleware: readonly Ref[];
  publicBy: DecoratorUse | undefined;
}

export function routeAuth(inputs: AuthInputs): Pick<Endpoint, 'auth' | 'authBy'> {
  const entries: AuthEntry[] = [...inputs.globalGuards, ...inputs.controllerGuards].map(entryOf);
  if (inputs.publicBy) entries.push({ name: inputs.publicBy.name, effect: 'public' });
  entries.push(...inputs.methodGuards.map(entryOf), ...inputs.middleware.map(entryOf));
  return decideAuth(entries);
}
