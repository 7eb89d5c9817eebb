/**
 * Reading an object literal as a response body: does it say "this is an error" beyond doubt
 * (`{ error: 'Not found' }`, `{ success: false }`), and which error shape family is it
 * (problem details, `{ error }`, `{ message }`, `{ errors: [] }`…)? Values that may be null at
 * run time (`{ error: job.error }`) do not count as error markers.
 */
import type { Node, ObjectExpression } from 'oxc-parser';
import { propertyName, unwrap } from '../../../scan/code/ast.js';

interface Entry {
  key: string;
  value: Node;
}

function entries(object: ObjectExpression): { list: Entry[]; spread: boolean } {
  const list: Entry[] = [];
  let spread = false;
  for (const property of object.properties as Node[]) {
    if (property.type !== 'Property') {
      spread = true;
      continue;
    }
    const key = propertyName(property.key, property.computed);
    if (key !== undefined) list.push({ key, value: unwrap(property.value as Node) });
  }
  return { list, spread };
}

const literal = (node: Node): unknown => (node.type === 'Literal' ? node.value : undefined);

/** An expression that certainly holds an error description. */
function isErrorValue(value: Node, errorNames: ReadonlySet<string>): boolean {
  if (value.type === 'Literal') return (typeof value.value === 'string' && value.value !== '') || value.value === true;
  if (value.type === 'TemplateLiteral' || value.type === 'ObjectExpression') return true;
  if (value.type === 'Identifier') return errorNames.has(value.name);
  if (value.type === 'MemberExpression' && !value.computed) return value.property.name === 'message';
  return false;
}

/** What in the body says it is an error (`success: false`, `error: 'Not found'`), or undefined. */
export function errorMarker(object: ObjectExpression, errorNames: ReadonlySet<string>): string | undefined {
  for (const { key, value } of entries(object).list) {
    if ((key === 'success' || key === 'ok') && literal(value) === false) return `${key}: false`;
    if (key === 'status' && (literal(value) === 'error' || literal(value) === 'fail')) return `status: '${String(literal(value))}'`;
    if ((key === 'error' || key === 'errorMessage' || key === 'error_message') && isErrorValue(value, errorNames)) return `${key}: …`;
  }
  return undefined;
}

/**
 * The family an error body belongs to, by its defining keys: bodies of one family differ only in
 * optional extras. Undefined when the shape cannot be read (spreads, no keys).
 */
export function errorShape(object: ObjectExpression): string | undefined {
  const { list, spread } = entries(object);
  if (spread || !list.length) return undefined;
  const keys = new Set(list.map((e) => e.key));
  if (keys.has('title') && (keys.has('type') || keys.has('detail'))) return 'problem details {type, title, status, detail}';
  if (keys.has('success')) return '{success: false, …}';
  if (keys.has('status') && keys.has('message') && list.some((e) => e.key === 'status' && typeof literal(e.value) === 'string')) return "{status: 'error', message}";
  if (keys.has('error')) return '{error, …}';
  if (keys.has('message')) return '{message, …}';
  if (keys.has('errors')) return '{errors: […]}';
  if (keys.has('msg')) return '{msg}';
  return `{${[...keys].sort().join(', ')}}`;
}
