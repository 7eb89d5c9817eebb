/**
 * The status codes a Nest handler answers with: the success code (201 for POST and 200 otherwise,
 * unless `@HttpCode(...)` or `@Redirect(url, code)` says), exceptions thrown in the handler
 * (`throw new NotFoundException()`, `new HttpException(msg, HttpStatus.FORBIDDEN)`), statuses set
 * on an injected `@Res()` response, and `@ApiResponse({ status })` / `@ApiNotFoundResponse()`.
 */
import type { Node } from 'oxc-parser';
import type { ParsedModule } from '../../parse.js';
import { objectProperty, paramName } from '../ast.js';
import { evaluateString } from '../evaluate.js';
import { statusByName, statusOfCall, statusValue as literalStatus } from '../facts.js';
import { walk, type ProjectIndex } from '../graph.js';
import type { NestRoute } from './controllers.js';
import { decoratorsOf, findDecorator } from './decorators.js';

/** `204`, `HttpStatus.NO_CONTENT`, or a constant holding either. */
export function statusValue(index: ProjectIndex, module: ParsedModule, node: Node | undefined): number | undefined {
  if (!node) return undefined;
  const direct = literalStatus(node);
  if (direct !== undefined) return direct;
  const value = Number(evaluateString(index, module, node));
  return Number.isInteger(value) && value >= 100 && value < 600 ? value : undefined;
}

/** Names of the handler's `@Res()` / `@Response()` parameters. */
function responseParams(route: NestRoute): Set<string> {
  const names = new Set<string>();
  for (const param of route.node.value.params) {
    const name = paramName(param as Node);
    if (name && decoratorsOf(param as Node).some((d) => d.name === 'Res' || d.name === 'Response')) names.add(name);
  }
  return names;
}

/** `@ApiNotFoundResponse()` → 404, `@ApiResponse({ status: 409 })` → 409. */
function documentedStatus(index: ProjectIndex, module: ParsedModule, name: string, args: readonly Node[]): number | undefined {
  if (name === 'ApiResponse') return args[0]?.type === 'ObjectExpression' ? statusValue(index, module, objectProperty(args[0], 'status')) : undefined;
  const phrase = /^Api(\w+)Response$/.exec(name)?.[1];
  return phrase ? statusByName(phrase) : undefined;
}

export function routeResponses(index: ProjectIndex, route: NestRoute): string[] {
  const codes = new Set<number>();
  const { decorators, module } = route;
  const httpCode = findDecorator(decorators, 'HttpCode');
  const redirect = findDecorator(decorators, 'Redirect');
  const success = httpCode
    ? statusValue(index, module, httpCode.args[0] as Node)
    : redirect
      ? (statusValue(index, module, redirect.args[1] as Node) ?? 302)
      : route.method === 'POST'
        ? 201
        : 200;
  if (success !== undefined) codes.add(success);
  for (const use of decorators) {
    const documented = documentedStatus(index, module, use.name, use.args as Node[]);
    if (documented !== undefined) codes.add(documented);
  }
  const body = route.node.value.body;
  const responses = responseParams(route);
  if (body) {
    walk(body as Node, (node) => {
      const status = statusOfCall(node, responses);
      if (typeof status === 'number') codes.add(status);
    });
  }
  return [...codes].sort((a, b) => a - b).map(String);
}
