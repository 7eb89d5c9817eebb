/**
 * What a function's parameters hold when it is read. A request parameter (by endpoint site, Nest
 * decorator or name) holds the request or request data; otherwise a summary reads each parameter
 * as itself (`param 0`, `param 1.limit` for `{ limit }`), a function written inside gets clean
 * parameters, and a call read in place gets the caller's argument values.
 */
import type { Node } from 'oxc-parser';
import { propertyName, type FunctionLike } from '../../../scan/code/ast.js';
import type { ProjectIndex } from '../../../scan/code/graph.js';
import type { ParsedModule } from '../../../scan/parse.js';
import { bindPattern, type Frame } from './frames.js';
import { dtoSafeFields } from './dto.js';
import { nestParam, parameterTypeName, requestFlavourOfName, requestOrigin, sourceOrigin, type NestParam } from './sources.js';
import type { ModuleFramework, Place, RequestFlavour, SafeInputs, Value } from './types.js';
import { CLEAN, paramOrigin } from './values.js';

/** What an endpoint's handler is known to be, from the scan's endpoint sites. */
export interface HandlerInfo {
  subject: string;
  /** The endpoint validates its input (a validator middleware, a parsed schema, a DTO). */
  validated: boolean;
  flavour: RequestFlavour;
  nest: boolean;
  /** The framework parses query strings flat (see sources.ts). */
  flatQuery: boolean;
  /** What the route's validator middleware guarantees (read when the handler is). */
  safeInputs(): SafeInputs;
}

export type ParamBinding = { kind: 'symbolic' } | { kind: 'clean' } | { kind: 'bound'; values: Value[] };

export interface ParamContext {
  index: ProjectIndex;
  module: ParsedModule;
  handler: HandlerInfo | undefined;
  framework: ModuleFramework;
  place(node: Node): Place;
}

export function bindParams(fn: FunctionLike, frame: Frame, binding: ParamBinding, context: ParamContext): void {
  const at = (node: Node) => context.place(node);
  for (const [index, raw] of (fn.params as Node[]).entries()) {
    const param = raw.type === 'TSParameterProperty' ? raw.parameter : raw;
    if (binding.kind === 'bound') {
      bindPattern(frame, param, binding.values[index] ?? CLEAN, at);
      continue;
    }
    const request = requestParam(raw, param, index, context);
    if (request) bindPattern(frame, param, request, at);
    else if (binding.kind === 'clean') bindPattern(frame, param, CLEAN, at);
    else bindSymbolic(frame, param, index, at);
  }
}

/** The request object or request data a parameter receives, if it is a request parameter. */
function requestParam(raw: Node, param: Node, index: number, context: ParamContext): Value | undefined {
  const { handler } = context;
  const subject = handler?.subject;
  const validated = handler?.validated ?? false;
  const flat = handler?.flatQuery ?? context.framework.flatQuery;
  const at = context.place(param);
  const nest = nestParam(raw);
  if (nest?.kind === 'request') return { taint: [requestOrigin('http', nameOf(param) ?? 'req', at, { subject, validated })] };
  if (nest?.kind === 'data') return nest.safe ? CLEAN : nestData(nest, raw, at, subject, validated, context);
  if (handler && !handler.nest && index === 0) {
    return { taint: [requestOrigin(handler.flavour, nameOf(param) ?? 'req', at, { subject, validated, flatQuery: flat, safeInputs: handler.safeInputs() })] };
  }
  const name = nameOf(param);
  const flavour = name !== undefined && index < 3 ? requestFlavourOfName(name, context.framework) : undefined;
  return flavour ? { taint: [requestOrigin(flavour, name as string, at, { subject, validated, flatQuery: flat, ...(handler ? { safeInputs: handler.safeInputs() } : {}) })] } : undefined;
}

/** `@Body() dto: CreateUserDto`: request data whose numeric, boolean, enum and UUID fields are safe. */
function nestData(nest: Extract<NestParam, { kind: 'data' }>, raw: Node, at: Place, subject: string | undefined, validated: boolean, context: ParamContext): Value {
  const origin = sourceOrigin(nest.label, at, subject, validated || nest.typed);
  const typeName = nest.typed ? parameterTypeName(raw) : undefined;
  const safe = typeName ? dtoSafeFields(context.index, context.module, typeName) : undefined;
  return safe?.size ? { taint: [origin], fields: new Map([...safe].map((field) => [field, []])) } : { taint: [origin] };
}

/** Each parameter stands for itself; `({ limit, offset })` binds each name to the parameter's field. */
function bindSymbolic(frame: Frame, param: Node, index: number, at: (node: Node) => Place): void {
  const target = param.type === 'AssignmentPattern' ? param.left : param;
  if (target.type !== 'ObjectPattern') {
    bindPattern(frame, target, { taint: [paramOrigin(index)] }, at);
    return;
  }
  for (const property of target.properties) {
    if (property.type === 'RestElement') bindPattern(frame, property.argument, { taint: [paramOrigin(index)] }, at);
    else {
      const key = propertyName(property.key, property.computed);
      bindPattern(frame, property.value, { taint: [paramOrigin(index, key === undefined ? [] : [key])] }, at);
    }
  }
}

const nameOf = (param: Node): string | undefined => {
  const target = param.type === 'AssignmentPattern' ? param.left : param;
  return target.type === 'Identifier' ? target.name : undefined;
};
