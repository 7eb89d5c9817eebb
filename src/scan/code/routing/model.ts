/**
 * The routing model shared by the Express, Koa and Hono scanners: apps and routers are objects with
 * an ordered list of registrations (routes, `use`, mounts), because in all three the order of
 * registration decides which middleware runs before which route. A dialect per framework says how
 * objects are created and what each registration call means; everything else is shared.
 */
import type { CallExpression, Node } from 'oxc-parser';
import type { Endpoint } from '../../../registry/schema.js';
import type { ParsedModule } from '../../parse.js';
import type { ScanProblem } from '../../types.js';
import type { ProjectIndex } from '../graph.js';
import type { Scope } from '../scope.js';
import type { Target } from '../values.js';

export type Method = Endpoint['method'];

/** One argument of a registration: a middleware, a handler, or (for `use`) possibly a router. */
export interface Mw {
  expr: Node;
  scope: Scope;
  /** The key of the object this argument is, when it is an app/router/parameter (a mount). */
  key: string | undefined;
  /** An argument whose value cannot be known (`...middlewares` from elsewhere): auth may be anywhere. */
  unknown?: boolean;
  /** `jwt(…).unless({ path: [...] })`: the paths it does not run for. */
  unless?: { paths: string[]; patterns: RegExp[] };
}

/** A `use` applies its middleware to everything registered after it under `scope` (undefined: all). */
export interface PathScope {
  path: string;
  /** Hono `use('/x', mw)` matches only '/x'; Express and Koa match the prefix. */
  exact: boolean;
  /** Hono `use('/v1*', mw)`: a plain string prefix, not whole path segments. */
  loose?: boolean;
}

export type RouteEvent =
  | {
      kind: 'route';
      methods: Method[];
      paths: string[];
      middleware: Mw[];
      handler: Mw | undefined;
      module: ParsedModule;
      line: number;
      /** A validation library the registration itself implies (Hono `openapi(createRoute(…))` → zod). */
      validation?: string;
      seq: number;
    }
  | { kind: 'use'; scopes: PathScope[] | undefined; args: Mw[]; seq: number }
  | { kind: 'mount'; paths: string[]; middleware: Mw[]; child: string; seq: number }
  | { kind: 'inline'; target: string; seq: number };

export interface RouterObject {
  key: string;
  module: ParsedModule;
  node: Node;
  kind: 'app' | 'router' | 'param';
  /** Koa `new Router({ prefix })`/`router.prefix()`, Hono `basePath()`: prepended to the object's own paths. */
  prefix: string;
  events: RouteEvent[];
}

/** What a dialect can ask the collector while it reads one registration call. */
export interface RegistrationApi {
  index: ProjectIndex;
  module: ParsedModule;
  scope: Scope;
  object: RouterObject;
  /** Static paths of a path argument (a string, an array of them, a constant, a regex); undefined if not static. */
  paths(node: Node, scope?: Scope): string[] | undefined;
  /** Arguments of a route as middleware/handlers, arrays and spreads flattened; `scope` when they are read elsewhere. */
  args(nodes: readonly Node[], scope?: Scope): Mw[];
  /** Arguments of a `use`: like `args`, and each may be an app/router mounted there. */
  useArgs(nodes: readonly Node[]): Mw[];
  /** The object an expression is (an app, a router, a parameter), if any. */
  objectOf(node: Node): RouterObject | undefined;
  emit(event: DistributiveOmit<RouteEvent, 'seq'>): void;
  problem(message: string, node: Node): void;
  line(node: Node): number;
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

export interface Link {
  name: string;
  call: CallExpression;
  /** The callee's property node: its line is the registration's line. */
  property: Node;
  /** Express `router.route('/x').get(…)`: the path of the route chain, and earlier `.all(mw)` of it. */
  routePath?: Node;
  chainMiddleware?: Mw[];
  /** Whether later links follow in the same chain. */
  last: boolean;
}

export interface Dialect {
  framework: string;
  /** Packages whose import marks a project (and a module) as using the framework. */
  packages: readonly string[];
  /** Method names that register something and return the object (so `.get().post()` chains continue). */
  links: ReadonlySet<string>;
  /** An app or router that the expression (already dereferenced) creates. */
  creation(index: ProjectIndex, target: Target): { kind: 'app' | 'router'; prefix?: string; parent?: { object: Node; scope: Scope } } | undefined;
  /** Express `X.route(p)`: a chain base that stands for a path on X. */
  routeBase?(call: Node): { object: Node; path: Node } | undefined;
  /** Koa `sub.routes()`: an argument of `use` that stands for another object. */
  mounted?(node: Node): Node | undefined;
  register(link: Link, api: RegistrationApi): void;
}

export interface Collected {
  objects: Map<string, RouterObject>;
  /** Parameter key → keys of the objects passed for it at call sites. */
  bindings: Map<string, Set<string>>;
  problems: ScanProblem[];
}
