/**
 * Strings built from values: template literals, `+` chains and `+=`. Each tainted part is spliced
 * into the string, with the string's constant text around it (`SELECT … WHERE name = '?'`), which
 * is how a sink later tells SQL text from a log line. Tagged templates (`sql\`…${x}\``, Prisma
 * `$queryRaw\`…\``, slonik, postgres.js, drizzle) bind their values instead: they give a clean value.
 */
import type { Node } from 'oxc-parser';
import { memberPath as dottedPath, unwrap } from '../../../scan/code/ast.js';
import type { Evaluator } from './evaluator.js';
import type { Frame } from './frames.js';
import type { Origin, Value } from './types.js';
import { CLEAN, flatten, fromTaint, joinTaint, spliced } from './values.js';

const hasTaint = (value: Value) => value.taint.length > 0 || value.fields !== undefined;

export function template(ev: Evaluator, node: Extract<Node, { type: 'TemplateLiteral' }>, frame: Frame): Value {
  if (node.expressions.length === 0) return CLEAN;
  const text = node.quasis.map((q) => q.value.cooked ?? q.value.raw).join('?');
  const parts: (readonly Origin[])[] = [];
  for (const expression of node.expressions) {
    const value = ev.visit(expression, frame);
    if (hasTaint(value)) parts.push(spliced(value, { ...ev.place(expression), text, expression: ev.text(expression) }));
  }
  return fromTaint(joinTaint(...parts));
}

/** `String.raw` is an ordinary string; any other tag builds a parameterised query (or something not a string). */
export function tagged(ev: Evaluator, node: Extract<Node, { type: 'TaggedTemplateExpression' }>, frame: Frame): Value {
  if (dottedPath(node.tag) === 'String.raw') return template(ev, node.quasi, frame);
  ev.visit(node.tag, frame);
  for (const expression of node.quasi.expressions) ev.visit(expression, frame);
  return CLEAN;
}

/** `'SELECT … ' + a + ' AND ' + b`: each tainted operand is spliced into the whole string's text. */
export function concatenation(ev: Evaluator, node: Extract<Node, { type: 'BinaryExpression' }>, frame: Frame): Value {
  const operands: Node[] = [];
  const gather = (n: Node) => {
    const inner = unwrap(n);
    if (inner.type === 'BinaryExpression' && inner.operator === '+') {
      gather(inner.left);
      gather(inner.right);
    } else operands.push(n);
  };
  gather(node);
  const values = operands.map((operand) => ev.visit(operand, frame));
  if (!values.some(hasTaint)) return CLEAN;
  const text = operands.map((operand) => constantText(operand) ?? '?').join('');
  const parts = values.map((value, i) => spliced(value, { ...ev.place(operands[i] as Node), text, expression: ev.text(operands[i] as Node) }));
  return fromTaint(joinTaint(...parts));
}

/** `sql += right`: what the variable held, with `right` spliced onto its end. */
export function appended(ev: Evaluator, current: Value, right: Node, value: Value): Value {
  const added = spliced(value, { ...ev.place(right), text: `?${constantText(right) ?? '?'}`, expression: ev.text(right) });
  return fromTaint(joinTaint(flatten(current), added));
}

/** The constant text of a string operand (`'SELECT '`, `` `… ${x} …` `` with `?`), if it is one. */
function constantText(node: Node): string | undefined {
  const inner = unwrap(node);
  if (inner.type === 'Literal') return typeof inner.value === 'string' ? inner.value : undefined;
  if (inner.type === 'TemplateLiteral') return inner.quasis.map((q) => q.value.cooked ?? q.value.raw).join('?');
  return undefined;
}
