import type { Node } from 'oxc-parser';
import { forEachChild, propertyName, unwrap } from '../../scan/code/ast.js';
import { defineRule } from '../define.js';
import type { Reporter } from '../types.js';
import { errorMarker, errorShape } from './support/error-body.js';
import { DEV_TEST } from './support/response-frames.js';
import { responseSends, type ResponseSend } from './support/responses.js';

const PROBLEM_HINT = 'RFC 9457 problem details (application/problem+json: {type, title, status, detail, instance}) are the recommended shape.';

const ERROR_NAME = /^(?:e|ex|err|error|exception|cause)$|(?:Error|Exception|Err)$/;

/** The name an error is held by: `err`, `this.lastError`, `httpError`. */
function errorHolder(node: Node): boolean {
  const inner = unwrap(node);
  if (inner.type === 'Identifier') return ERROR_NAME.test(inner.name);
  return inner.type === 'MemberExpression' && !inner.computed && ERROR_NAME.test(inner.property.name);
}

/**
 * The payload carries a stack trace: `err.stack` (of something that holds an error), or `{ stack }`
 * in an error body; a branch taken only in development (`NODE_ENV === 'development' ? err.stack : undefined`) does not count.
 */
function carriesStack(payload: Node, errorBody: boolean, text: string): boolean {
  let found = false;
  const walk = (node: Node): void => {
    if (found) return;
    const test = node.type === 'ConditionalExpression' ? node.test : node.type === 'LogicalExpression' && node.operator === '&&' ? node.left : undefined;
    if (test && DEV_TEST.test(text.slice(test.start, test.end))) return;
    if (node.type === 'MemberExpression' && !node.computed && node.property.name === 'stack' && errorHolder(node.object)) found = true;
    if (errorBody && node.type === 'Property' && node.shorthand && propertyName(node.key, node.computed) === 'stack') found = true;
    forEachChild(node, walk);
  };
  walk(payload);
  return found;
}

/** The send answers an error: an error status, an error handler or catch block, or a body that says so. */
function isErrorSend(send: ResponseSend): boolean {
  if (typeof send.status === 'number') return send.status >= 400;
  if (send.errorHandler || send.inCatch) return true;
  return send.object !== undefined && errorMarker(send.object, send.errorNames) !== undefined;
}

function reportLeaks(sends: readonly ResponseSend[], reporter: Reporter): void {
  for (const send of sends) {
    if (!send.payload || send.devOnly) continue;
    const file = send.module.file.path;
    const payload = unwrap(send.payload);
    if (carriesStack(payload, isErrorSend(send), send.module.file.text)) {
      reporter.report({
        file,
        line: send.line,
        column: send.column,
        message: `a stack trace is sent to the client (${send.root}.${send.method === 'body' ? 'body =' : `${send.method}(…)`})`,
        hint: `Log the stack on the server and answer with a generic message and a correlation id; if the stack helps in development, send it only behind a NODE_ENV check. ${PROBLEM_HINT}`,
      });
    } else if (payload.type === 'Identifier' && send.errorNames.has(payload.name) && !/^(?:reply|rep)$/.test(send.root)) {
      reporter.report({
        file,
        line: send.line,
        column: send.column,
        severity: 'warning',
        message: `the raw error object '${payload.name}' is sent to the client: its fields (driver codes, SQL, paths) leak internals`,
        hint: `Map the error to a response body you control (status, title, a safe message). ${PROBLEM_HINT}`,
      });
    }
  }
}

/** Error bodies in more than one family: those of a family used less than the main one (used twice or more) are reported. */
function reportMixedShapes(sends: readonly ResponseSend[], reporter: Reporter): void {
  const families = new Map<string, ResponseSend[]>();
  for (const send of sends) {
    const shape = send.object && !send.devOnly && isErrorSend(send) ? errorShape(send.object) : undefined;
    if (!shape) continue;
    families.set(shape, [...(families.get(shape) ?? []), send]);
  }
  if (families.size < 2) return;
  const [main, uses] = [...families.entries()].reduce((best, entry) => (entry[1].length > best[1].length ? entry : best));
  if (uses.length < 2) return;
  const example = uses[0] as ResponseSend;
  for (const [shape, others] of families) {
    if (shape === main || others.length >= uses.length) continue;
    for (const send of others) {
      reporter.report({
        file: send.module.file.path,
        line: send.line,
        column: send.column,
        severity: 'warning',
        message: `this error body is ${shape}, but the API's errors are mostly ${main} (${uses.length} places)`,
        hint: `Send every error in one shape, ideally from one helper or the error handler. ${PROBLEM_HINT}`,
        related: [{ file: example.module.file.path, line: example.line, message: `the usual shape, ${main}` }],
      });
    }
  }
}

export default defineRule({
  id: 'api/error-format',
  area: 'api',
  checklist: 'API requirements',
  severity: 'error',
  docs: {
    description:
      'Errors have one shape across the API (RFC 9457 problem details recommended) and never carry stack traces or raw error objects. A stack trace tells an attacker the framework, file layout and libraries; two error shapes make every client handle both. Stack traces sent only behind a development check (`NODE_ENV`) pass.',
    failing: "app.use((err, req, res, next) => {\n  res.status(500).json({ message: err.message, stack: err.stack });\n});",
    passing: "app.use((err, req, res, next) => {\n  logger.error(err);\n  res.status(500).type('application/problem+json').json({ type: 'about:blank', title: 'Internal Server Error', status: 500 });\n});",
  },
  check(context, reporter) {
    const sends = responseSends(context, reporter);
    if (!sends.length) return { status: 'not-applicable', reason: 'no responses with a body found in code' };
    reportLeaks(sends, reporter);
    reportMixedShapes(sends, reporter);
  },
});
