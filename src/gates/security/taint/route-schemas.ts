/**
 * What a Fastify route's `schema` guarantees about the request fields its handler reads. Fastify
 * validates `params`, `querystring` and `body` before the handler runs, so a field the schema
 * makes an integer, a number, a boolean, a `const`, an `enum` of literals or a `format: 'uuid'`
 * string holds nothing to inject, and a string held to an anchored `pattern` of plain characters
 * (`^task-\d{3,}-[a-z0-9]+$`, also written `TASK_ID.source`) is safe for the sinks the pattern
 * rules out (see patterns.ts). JSON schema applies `pattern` and `format` to strings only, so they
 * count for a field typed `string`, or for a path parameter (always a string).
 *
 * A route with `attachValidation` runs its handler on invalid input as well: its schema says nothing.
 *
 * The route is found from its endpoint's source line (the `get` of `app.get(…)`, or the object in
 * a route array); the schema may be written in place, in a constant, in another file, or built
 * with spreads, and TypeBox's `Type.Object({ id: Type.String({ pattern }) })` reads the same.
 */
import type { Node } from 'oxc-parser';
import { forEachChild, isFunction, propertyName, stringLiteral, unwrap, type FunctionLike } from '../../../scan/code/ast.js';
import { evaluateString, type LocalResolver } from '../../../scan/code/evaluate.js';
import { ROUTE_METHODS } from '../../../scan/code/fastify/body.js';
import { follow, option, readOptions, type Located, type Options } from '../../../scan/code/fastify/options.js';
import type { ProjectIndex } from '../../../scan/code/graph.js';
import { functionScope } from '../../../scan/code/scope.js';
import { scopeResolver } from '../../../scan/code/values.js';
import type { ParsedModule } from '../../../scan/parse.js';
import { moduleFunctions } from './functions.js';
import { patternClears } from './patterns.js';
import { schemaSafety } from './schemas.js';
import type { FieldGuarantee, SafeInputs } from './types.js';

/** Schema keys per request segment (`query` is an alias Fastify accepts for `querystring`). */
const SEGMENT_KEYS: readonly [string, keyof SafeInputs][] = [
  ['params', 'params'],
  ['querystring', 'query'],
  ['query', 'query'],
  ['body', 'body'],
];
const SCALAR_TYPES = new Set(['integer', 'number', 'boolean', 'null']);
/** TypeBox builders whose values are scalars (`Type.Integer()`, `Type.Literal('a')`…). */
const TYPEBOX_SCALARS = new Set(['Integer', 'Number', 'Boolean', 'Literal', 'Null', 'Enum', 'BigInt']);
const TYPEBOX_OBJECTS = new Set(['Object', 'Strict']);
const MAX_DEPTH = 6;

/** A route declaration in a module: where its options are, and its handler when written as an argument. */
interface RouteCandidate {
  line: number;
  options: Node | undefined;
  handler: Node | undefined;
  /** The function the declaration is written in (its local names resolve there). */
  owner: FunctionLike | undefined;
}

const candidatesCache = new WeakMap<ParsedModule, RouteCandidate[]>();

/**
 * The request fields a Fastify route's schema vouches for. `line` is the endpoint's source line
 * and `handler` the handler node the scan recorded, to tell apart routes declared on one line.
 */
export function fastifyRouteInputs(index: ProjectIndex, module: ParsedModule, line: number | undefined, handler: Node): SafeInputs {
  if (line === undefined) return {};
  const located = routesAt(module, line).map((candidate) => routeOptions(index, module, candidate));
  const matching = located.length > 1 ? located.filter((route) => route.handler === handler) : located;
  const route = matching.length === 1 ? matching[0] : undefined;
  // `attachValidation: true` hands the handler invalid input too (with `request.validationError` set).
  const attached = route?.options && option(index, route.options, 'attachValidation');
  if (attached && !(attached.node.type === 'Literal' && attached.node.value === false)) return {};
  const schema = route?.options && option(index, route.options, 'schema');
  const segments = schema && readOptions(index, schema);
  if (!segments) return {};
  const out: { [K in keyof SafeInputs]: Map<string, FieldGuarantee> } = {};
  for (const [key, segment] of SEGMENT_KEYS) {
    const at = segments.get(key);
    if (!at) continue;
    const fields = segmentFields(index, at, segment === 'params');
    if (fields.size) out[segment] = new Map([...(out[segment] ?? []), ...fields]);
  }
  return out;
}

function routesAt(module: ParsedModule, line: number): RouteCandidate[] {
  let found = candidatesCache.get(module);
  if (!found) {
    found = collectRoutes(module);
    candidatesCache.set(module, found);
  }
  // `app.route({ method, url, … })` is both a route call and a route object: one declaration.
  const seen = new Set<Node | undefined>();
  return found.filter((candidate) => {
    if (candidate.line !== line || (candidate.options && seen.has(candidate.options))) return false;
    seen.add(candidate.options);
    return true;
  });
}

/** Every `x.get(url, …)`/`x.route({…})` call and every route-array object (`{ method, url, … }`) of a module. */
function collectRoutes(module: ParsedModule): RouteCandidate[] {
  const out: RouteCandidate[] = [];
  const owners: FunctionLike[] = [];
  const visit = (node: Node): void => {
    const owner = owners[owners.length - 1];
    if (node.type === 'CallExpression') {
      const callee = unwrap(node.callee);
      const method = callee.type === 'MemberExpression' ? propertyName(callee.property, callee.computed) : undefined;
      if (callee.type === 'MemberExpression' && method !== undefined && ROUTE_METHODS.has(method)) {
        const args = node.arguments.filter((a) => a.type !== 'SpreadElement') as Node[];
        const line = module.lines.line(callee.property.start);
        if (method === 'route') out.push({ line, options: args[0], handler: undefined, owner });
        else if (args.length >= 3) out.push({ line, options: args[1], handler: args[2], owner });
        else if (args.length === 2) out.push({ line, options: args[1], handler: args[1], owner });
      }
    } else if (node.type === 'ObjectExpression') {
      const keys = new Set(node.properties.map((p) => (p.type === 'Property' ? propertyName(p.key, p.computed) : undefined)));
      if (keys.has('method') && (keys.has('url') || keys.has('path'))) out.push({ line: module.lines.line(node.start), options: node, handler: undefined, owner });
    }
    const opens = isFunction(node);
    if (opens) owners.push(node);
    forEachChild(node, visit);
    if (opens) owners.pop();
  };
  visit(module.program);
  return out;
}

/** A candidate's options read, and its handler followed to the node the scan records. */
function routeOptions(index: ProjectIndex, module: ParsedModule, candidate: RouteCandidate): { options: Options | undefined; handler: Node | undefined } {
  const local = candidate.owner ? localNames(index, module, candidate.owner) : undefined;
  const at = (node: Node): Located => ({ node, module, local });
  const options = candidate.options ? readOptions(index, at(candidate.options)) : undefined;
  // `app.get(url, handler)`: the second argument is the handler, not options.
  const shorthandHandler = candidate.handler !== undefined && candidate.handler === candidate.options && !options?.has('handler');
  if (shorthandHandler) return { options: undefined, handler: follow(index, at(candidate.handler as Node)).node };
  const handler = candidate.handler && candidate.handler !== candidate.options ? follow(index, at(candidate.handler)).node : option(index, options, 'handler')?.node;
  return { options, handler };
}

function localNames(index: ProjectIndex, module: ParsedModule, owner: FunctionLike): LocalResolver | undefined {
  const entry = moduleFunctions(module).all.find((e) => e.node === owner);
  if (!entry) return undefined;
  let resolver: LocalResolver | undefined;
  return (node) => (resolver ??= scopeResolver(index, functionScope(owner, entry.parentScope())))(node);
}

/** The fields of one segment's schema: JSON schema `properties`, TypeBox `Type.Object({…})`, or another library's object schema. */
function segmentFields(index: ProjectIndex, at: Located, pathParams: boolean): Map<string, FieldGuarantee> {
  const out = new Map<string, FieldGuarantee>();
  const value = follow(index, at);
  let properties: Options | undefined;
  if (value.node.type === 'ObjectExpression') {
    const schema = readOptions(index, value);
    const list = option(index, schema, 'properties');
    properties = list && readOptions(index, list);
  } else if (value.node.type === 'CallExpression' && TYPEBOX_OBJECTS.has(builderName(value.node) ?? '')) {
    const shape = value.node.arguments[0] as Node | undefined;
    properties = shape ? readOptions(index, { ...value, node: shape }) : undefined;
  } else {
    // zod, joi, yup object schemas (a type provider or a custom validator compiler): their scalar fields.
    const safety = schemaSafety(index, value.module, value.node);
    for (const field of safety?.kind === 'object' ? safety.safe : []) out.set(field, { kind: 'scalar' });
    return out;
  }
  for (const [name, property] of properties ?? []) {
    const guarantee = fieldGuarantee(index, property, pathParams);
    if (guarantee) out.set(name, guarantee);
  }
  return out;
}

/** What one property's schema guarantees; `stringByDefault` for path parameters, which are strings whatever the schema says. */
function fieldGuarantee(index: ProjectIndex, at: Located, stringByDefault: boolean): FieldGuarantee | undefined {
  const value = follow(index, at);
  if (value.node.type === 'ObjectExpression') return jsonGuarantee(index, readOptions(index, value), stringByDefault);
  if (value.node.type !== 'CallExpression') return undefined;
  const builder = builderName(value.node);
  if (builder !== undefined && TYPEBOX_SCALARS.has(builder)) return { kind: 'scalar' };
  if (builder !== 'String') return undefined;
  const settings = value.node.arguments[0] as Node | undefined;
  return jsonGuarantee(index, settings ? readOptions(index, { ...value, node: settings }) : new Map(), true);
}

/** A JSON schema for one value: `const`, `enum`, `type`, `format`, `pattern`. */
function jsonGuarantee(index: ProjectIndex, schema: Options | undefined, stringByDefault: boolean): FieldGuarantee | undefined {
  if (!schema) return undefined;
  const constant = option(index, schema, 'const');
  const choices = option(index, schema, 'enum');
  if ((constant && isLiteral(constant.node)) || (choices && literalList(index, choices, 0))) return { kind: 'scalar' };
  const typeAt = option(index, schema, 'type');
  const types = typeAt ? typeNames(typeAt) : undefined;
  if (typeAt && !types) return undefined;
  if (types?.length && types.every((type) => SCALAR_TYPES.has(type))) return { kind: 'scalar' };
  const string = types ? types.includes('string') && types.every((type) => type === 'string' || SCALAR_TYPES.has(type)) : stringByDefault;
  if (!string) return undefined;
  const format = option(index, schema, 'format');
  if (format && stringLiteral(format.node) === 'uuid') return { kind: 'scalar' };
  const patternAt = option(index, schema, 'pattern');
  const source = patternAt ? patternSource(index, patternAt) : undefined;
  return { kind: 'string', cleared: source === undefined ? 0 : patternClears(source) };
}

/** `'^[a-z]+$'`, a constant holding it, or `SOME_REGEX.source` for a regex literal constant. */
function patternSource(index: ProjectIndex, at: Located): string | undefined {
  const node = unwrap(at.node);
  if (node.type === 'MemberExpression' && propertyName(node.property, node.computed) === 'source') {
    const regex = follow(index, { ...at, node: node.object }).node;
    return regex.type === 'Literal' && 'regex' in regex && regex.regex ? (regex.regex as { pattern: string }).pattern : undefined;
  }
  return stringLiteral(node) ?? evaluateString(index, at.module, node, at.local);
}

/** `'string'` or `['string', 'null']`; undefined when not written out. */
function typeNames(at: Located): string[] | undefined {
  const node = unwrap(at.node);
  const single = stringLiteral(node);
  if (single !== undefined) return [single];
  if (node.type !== 'ArrayExpression') return undefined;
  const names = node.elements.map((element) => (element && element.type !== 'SpreadElement' ? stringLiteral(element as Node) : undefined));
  return names.every((name): name is string => name !== undefined) ? names : undefined;
}

/** An array of literals (`['open', 'closed']`, `[...STATUSES]` of a constant array). */
function literalList(index: ProjectIndex, at: Located, depth: number): boolean {
  const list = follow(index, at);
  const node = list.node;
  if (node.type !== 'ArrayExpression' || depth > MAX_DEPTH) return false;
  return node.elements.every((element) => {
    if (!element) return false;
    if (element.type === 'SpreadElement') return literalList(index, { ...list, node: element.argument }, depth + 1);
    return isLiteral(follow(index, { ...list, node: element as Node }).node);
  });
}

const isLiteral = (node: Node): boolean => {
  const inner = unwrap(node);
  return (inner.type === 'Literal' && !('regex' in inner && inner.regex)) || (inner.type === 'TemplateLiteral' && inner.expressions.length === 0);
};

/** `Type.String(…)` → `String`, `t.Object(…)` → `Object`. */
function builderName(call: Extract<Node, { type: 'CallExpression' }>): string | undefined {
  const callee = unwrap(call.callee);
  return callee.type === 'MemberExpression' ? propertyName(callee.property, callee.computed) : undefined;
}
