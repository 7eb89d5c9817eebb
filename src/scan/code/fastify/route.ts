/**
 * One Fastify route declaration, read: the shorthand `app.get(url, [options], handler)` (the
 * options may carry the handler: `app.get(url, { handler })`) or `app.route({ method, url,
 * handler, … })`, where `method` may be an array and `path` is an alias of `url`. `all()` means
 * the five ordinary methods, as for the other frameworks (routing/registration.ts).
 */
import type { Node } from 'oxc-parser';
import { HTTP_METHODS } from '../../../registry/schema.js';
import type { ParsedModule } from '../../parse.js';
import { unwrap } from '../ast.js';
import { evaluateString } from '../evaluate.js';
import { ALL_METHODS } from '../routing/registration.js';
import type { ProjectIndex } from '../graph.js';
import { follow, option, readOptions, type Located, type Options } from './options.js';
import type { RouteSite } from './site.js';

export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface RouteDecl {
  methods: HttpMethod[];
  url: string;
  options: Options | undefined;
  handler: Located | undefined;
  module: ParsedModule;
  line: number;
}

const KNOWN = new Set<string>(HTTP_METHODS);

/** `'GET'`, `['GET', 'HEAD']`, a constant of either; `'*'` / `'ALL'` is what `all()` is. */
function readMethods(index: ProjectIndex, at: Located | undefined): HttpMethod[] {
  if (!at) return [];
  const values =
    at.node.type === 'ArrayExpression'
      ? at.node.elements.map((e) => (e && e.type !== 'SpreadElement' ? evaluateString(index, at.module, e, at.local) : undefined))
      : [evaluateString(index, at.module, at.node, at.local)];
  const methods = values.flatMap((value) => {
    if (value === undefined) return [];
    return value === '*' || value.toUpperCase() === 'ALL' ? [...ALL_METHODS] : [value.toUpperCase()];
  });
  return [...new Set(methods)].filter((m): m is HttpMethod => KNOWN.has(m));
}

/** `where` is the declaration's own location: the call, or the object in a route array. */
function fromOptions(index: ProjectIndex, at: Located, where: { module: ParsedModule; line: number }): RouteDecl | undefined {
  const options = readOptions(index, at);
  const urlAt = option(index, options, 'url') ?? option(index, options, 'path');
  const url = urlAt ? evaluateString(index, urlAt.module, urlAt.node, urlAt.local) : undefined;
  if (!options || url === undefined) return undefined;
  return { methods: readMethods(index, option(index, options, 'method')), url, options, handler: option(index, options, 'handler'), ...where };
}

/**
 * The declarations of one route site (several for `routes.forEach((r) => app.route(r))`, none for
 * a call that is not a route, like a one-argument `get`); undefined when its path is not static.
 */
export function readRoute(index: ProjectIndex, site: RouteSite): RouteDecl[] | undefined {
  const args = site.call.arguments.filter((a) => a.type !== 'SpreadElement') as Node[];
  const at = (node: Node): Located => ({ node, module: site.module, local: site.local });
  const here = { module: site.module, line: site.module.lines.line((unwrap(site.call.callee) as { property: Node }).property.start) };
  if (site.method === 'route') {
    if (site.each) {
      const list = follow(index, site.each);
      if (list.node.type !== 'ArrayExpression') return undefined;
      return list.node.elements.flatMap((e) => {
        if (!e || e.type === 'SpreadElement') return [];
        const element = follow(index, { ...list, node: e });
        return fromOptions(index, element, { module: element.module, line: element.module.lines.line(element.node.start) }) ?? [];
      });
    }
    const decl = args[0] ? fromOptions(index, at(args[0]), here) : undefined;
    return decl ? [decl] : undefined;
  }
  if (args.length < 2) return [];
  const url = evaluateString(index, site.module, args[0] as Node, site.local);
  if (url === undefined) return undefined;
  const second = readOptions(index, at(args[1] as Node));
  const options = args.length >= 3 || second?.has('handler') ? second : undefined;
  const handler = args.length >= 3 ? follow(index, at(args[2] as Node)) : options ? option(index, options, 'handler') : follow(index, at(args[1] as Node));
  const methods = site.method === 'all' ? [...ALL_METHODS] : [site.method.toUpperCase() as HttpMethod];
  return [{ methods, url, options, handler, ...here }];
}
