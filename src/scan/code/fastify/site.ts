/**
 * What the encapsulation walk (context.ts) hands on: each route call with the prefix and the
 * hooks in effect for it, and what one scan gathers across roots.
 */
import type { CallExpression, Node } from 'oxc-parser';
import type { ParsedModule } from '../../parse.js';
import type { LocalResolver } from '../evaluate.js';
import type { Scope } from '../scope.js';
import type { Located } from './options.js';

/** Something in effect for a context's routes: a lifecycle hook or the rate-limit plugin. */
export type Entry = { kind: 'hook'; event: string; at: Located } | { kind: 'rateLimit'; global: boolean };

export interface RouteSite {
  call: CallExpression;
  /** The shorthand used (`get`, `post`, …) or `route`. */
  method: string;
  module: ParsedModule;
  /** The scope of the function the route is declared in (built on demand), and its names as a LocalResolver. */
  scope: () => Scope;
  local: LocalResolver;
  /** For `routes.forEach((r) => app.route(r))`: the array the options come from. */
  each?: Located;
  prefix: string;
  entries: Entry[];
}

/** What one scan gathers across roots. */
export interface Shared {
  /** Every plugin function scanned so far: the others are orphans. */
  visited: Set<Node>;
  /** `decorate('name', value)` calls seen, for hooks named by a decorated member. */
  decorations: Map<string, Located>;
  /** Directories autoload reads: a file there that it skips is not an orphan. */
  autoloadDirs: Set<string>;
  /** What a handler function does, read once per scan however many routes share it. */
  handlers: Map<Node, HandlerInfo>;
}

export interface HandlerInfo {
  responses: string[];
  inputs: { path: string[]; query: string[]; body: string[] };
  validation: string | undefined;
  /** It returns a value (`return user`), which Fastify sends with 200. */
  returns: boolean;
}
