/**
 * Every response the service writes, found in one walk per module and shared by the rules that
 * judge response bodies (errors-not-200, error-format). Responses are the parameters named or
 * typed like one (`res`, `reply`, `ctx`, Hono's `c`, `res: Response`) and Nest's
 * `host.switchToHttp().getResponse()`. Each send knows its function, whether that function sets a
 * status elsewhere, and whether it runs on an error path or behind a development-only guard.
 */
import type { Node, ObjectExpression } from 'oxc-parser';
import { forEachChild, isFunction, paramName, propertyName, unwrap, type FunctionLike } from '../../../scan/code/ast.js';
import type { ParsedModule } from '../../../scan/parse.js';
import type { CheckContext, Reporter } from '../../types.js';
import { serviceModules } from './files.js';
import { DEV_TEST, frameOf, standaloneStatus, type Frame } from './response-frames.js';
import { readSend, type SendCall } from './send.js';

export interface ResponseSend extends SendCall {
  module: ParsedModule;
  line: number;
  column: number;
  /** The function that binds the response. */
  fn: FunctionLike;
  /** That function sets a status outside this send's chain (`res.status(400);`, `ctx.status = 404`). */
  statusElsewhere: boolean;
  /** Inside a `catch` block or a `.catch()` callback. */
  inCatch: boolean;
  /** The function is an error handler: Express `(err, req, res, next)`, `setErrorHandler`, `onError`, a Nest filter's `catch`. */
  errorHandler: boolean;
  /** An enclosing condition mentions the environment or debugging (`NODE_ENV !== 'production'`). */
  devOnly: boolean;
  /** The payload as an object literal: written inline or a local `const body = {…}`. */
  object: ObjectExpression | undefined;
  /** Names bound to a caught error where the send is: `catch (err)`, `.catch((e) => …)`, an error handler's first parameter. */
  errorNames: Set<string>;
}

/** Subtrees that hold types, imports or plain text: no response is written there. */
const TYPES_ONLY = new Set(['ImportDeclaration', 'TSTypeAnnotation', 'TSInterfaceDeclaration', 'TSTypeAliasDeclaration', 'TSTypeParameterInstantiation', 'TSTypeParameterDeclaration', 'Literal', 'TemplateElement']);

function walkModule(module: ParsedModule): ResponseSend[] {
  const honoC = module.imports.some((i) => i.specifier === 'hono' || i.specifier.startsWith('hono/'));
  const frames: Frame[] = [];
  const ancestors: Node[] = [];
  const out: ResponseSend[] = [];
  const binding = (name: string): Frame | undefined => {
    for (let i = frames.length - 1; i >= 0; i--) if (frames[i]?.roots.has(name)) return frames[i];
    return undefined;
  };
  const visit = (node: Node, parent: Node | undefined): void => {
    if (TYPES_ONLY.has(node.type)) return;
    const frame = isFunction(node) ? frameOf(node, parent, honoC) : undefined;
    if (frame) frames.push(frame);
    ancestors.push(node);
    const current = frames[frames.length - 1];
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init && current) {
      const init = unwrap(node.init);
      if (init.type === 'ObjectExpression') current.objects.set(node.id.name, init);
      if (init.type === 'CallExpression') {
        const callee = unwrap(init.callee);
        if (callee.type === 'MemberExpression' && propertyName(callee.property, callee.computed) === 'getResponse') current.roots.add(node.id.name);
      }
    }
    const statusRoot = standaloneStatus(node, parent);
    if (statusRoot) binding(statusRoot)?.setsStatus.add(statusRoot);
    const send = readSend(node, (name) => binding(name) !== undefined);
    if (send) {
      const owner = binding(send.root) as Frame;
      owner.sends.push({ ...send, module, ...module.lines.position(node.start), fn: owner.fn, ...placeOf(owner, ancestors, frames, module), object: objectOf(send.payload, frames) });
    }
    forEachChild(node, (child) => visit(child, node));
    ancestors.pop();
    if (frame) {
      frames.pop();
      for (const s of frame.sends) out.push({ ...s, statusElsewhere: frame.setsStatus.has(s.root) });
    }
  };
  visit(module.program as unknown as Node, undefined);
  return out;
}

/** Where a send sits: on an error path, in an error handler, behind a development-only condition. */
function placeOf(owner: Frame, ancestors: readonly Node[], frames: readonly Frame[], module: ParsedModule) {
  let inCatch = false;
  let devOnly = false;
  const errorNames = new Set<string>();
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const node = ancestors[i] as Node;
    if (node === owner.fn) break;
    const child = ancestors[i + 1];
    if (node.type === 'CatchClause') {
      inCatch = true;
      if (node.param?.type === 'Identifier') errorNames.add(node.param.name);
    }
    const test = node.type === 'IfStatement' || node.type === 'ConditionalExpression' ? node.test : node.type === 'LogicalExpression' && node.operator === '&&' ? node.left : undefined;
    if (test && child !== test && DEV_TEST.test(module.file.text.slice(test.start, test.end))) devOnly = true;
  }
  for (const frame of frames.slice(frames.indexOf(owner))) {
    if (!frame.catchCallback && !frame.errorHandler) continue;
    if (frame.catchCallback) inCatch = true;
    const first = frame.fn.params[0] && paramName(frame.fn.params[0] as Node);
    if (first) errorNames.add(first);
  }
  return { inCatch, devOnly, errorHandler: owner.errorHandler, errorNames };
}

function objectOf(payload: Node | undefined, frames: readonly Frame[]): ObjectExpression | undefined {
  if (!payload) return undefined;
  const node = unwrap(payload);
  if (node.type === 'ObjectExpression') return node;
  if (node.type !== 'Identifier') return undefined;
  for (let i = frames.length - 1; i >= 0; i--) {
    const found = frames[i]?.objects.get(node.name);
    if (found) return found;
  }
  return undefined;
}

const MARKERS = ['.json(', '.send(', '.body', '.end(', '.text('];

/** Every response send in the service's modules (memoised per run); a module that breaks the walk is reported and skipped. */
export function responseSends(context: CheckContext, reporter: Reporter): ResponseSend[] {
  const result = context.memo('api:response-sends', () => {
    const sends: ResponseSend[] = [];
    const failures: { file: string; error: unknown }[] = [];
    for (const module of serviceModules(context, (text) => MARKERS.some((m) => text.includes(m)))) {
      try {
        sends.push(...walkModule(module));
      } catch (error) {
        failures.push({ file: module.file.path, error });
      }
    }
    return { sends, failures };
  });
  for (const failure of result.failures) reporter.internalError(failure.file, failure.error);
  return result.sends;
}
