/**
 * Object literals that Nest and Fastify handlers return: both frameworks send a returned value as
 * the body, with the route's success status unless the handler sets another. Read once per run
 * for the rules that judge bodies (errors-not-200).
 */
import type { Node, ObjectExpression } from 'oxc-parser';
import { forEachChild, isFunction, paramName, unwrap, type FunctionLike } from '../../../scan/code/ast.js';
import { decoratorsOf, findDecorator } from '../../../scan/code/nest/decorators.js';
import { endpointSite, type EndpointSite } from '../../../scan/code/sites.js';
import type { CheckContext, Reporter } from '../../types.js';
import { isServiceFile } from './files.js';
import { routesInCode } from './routes.js';

export interface ReturnedObject {
  endpoint: string;
  framework: 'nestjs' | 'fastify';
  file: string;
  line: number;
  column: number;
  object: ObjectExpression;
  /** Caught errors in scope of the return (`catch (err)`). */
  errorNames: string[];
}

const SETS_STATUS = /\.\s*(?:code|status|statusCode)\s*(?:\(|=[^=])/;

/** The handler answers with its own status: Nest `@Res()`, `@HttpCode(4xx)`; a Fastify reply whose code is set. */
function setsOwnStatus(site: EndpointSite, fn: FunctionLike, text: string, framework: string): boolean {
  if (framework === 'nestjs') {
    if ((fn.params as Node[]).some((p) => decoratorsOf(p).some((d) => d.name === 'Res' || d.name === 'Response'))) return true;
    return findDecorator(decoratorsOf(site.node), 'HttpCode') !== undefined;
  }
  const reply = fn.params[1] ? paramName(fn.params[1] as Node) : undefined;
  return reply !== undefined && SETS_STATUS.test(text.slice(fn.start, fn.end));
}

function collect(fn: FunctionLike, visit: (object: ObjectExpression, at: number, errorNames: string[]) => void): void {
  const caught: string[] = [];
  const walk = (node: Node): void => {
    if (isFunction(node) && node !== fn) return;
    if (node.type === 'CatchClause' && node.param?.type === 'Identifier') caught.push(node.param.name);
    if (node.type === 'ReturnStatement' && node.argument) {
      const value = unwrap(node.argument as Node);
      if (value.type === 'ObjectExpression') visit(value, value.start, [...caught]);
    }
    forEachChild(node, walk);
    if (node.type === 'CatchClause' && node.param?.type === 'Identifier') caught.pop();
  };
  const body = fn.body as Node | null;
  if (!body) return;
  const expression = body.type === 'BlockStatement' ? undefined : unwrap(body);
  if (expression?.type === 'ObjectExpression') visit(expression, expression.start, []);
  else walk(body);
}

export function handlerReturns(context: CheckContext, reporter: Reporter): ReturnedObject[] {
  const result = context.memo('api:handler-returns', () => {
    const found: ReturnedObject[] = [];
    const failures: { file: string; error: unknown }[] = [];
    const seen = new Set<Node>();
    for (const { endpoint, file } of routesInCode(context)) {
      const framework = endpoint.framework;
      if ((framework !== 'nestjs' && framework !== 'fastify') || !isServiceFile(file)) continue;
      try {
        const site = endpointSite(context.index, endpoint);
        if (!site) continue;
        for (const handler of site.handlers()) {
          if (seen.has(handler.node) || !isFunction(handler.node)) continue;
          seen.add(handler.node);
          const fn = handler.node;
          if (setsOwnStatus(site, fn, handler.module.file.text, framework)) continue;
          collect(fn, (object, at, errorNames) => {
            const position = handler.module.lines.position(at);
            found.push({ endpoint: endpoint.id, framework, file: handler.module.file.path, ...position, object, errorNames });
          });
        }
      } catch (error) {
        failures.push({ file, error });
      }
    }
    return { found, failures };
  });
  for (const failure of result.failures) reporter.internalError(failure.file, failure.error);
  return result.found;
}
