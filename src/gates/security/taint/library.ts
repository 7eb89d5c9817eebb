/**
 * What well-known functions do to tainted data: numbers and booleans end it (`Number(x)`,
 * `parseInt`, `x.length`), string methods carry it on as a string (`trim`, `toLowerCase`,
 * `split`, `join`), escapers clear it for one kind of sink only (`mysql.escape` for SQL,
 * `path.basename` for paths, mongo-sanitize for Mongo filters), and schema parsing marks it as
 * validated: its type is known, its content is not (a validated string still injects).
 */
import type { Node } from 'oxc-parser';
import { memberPath as dottedPath, stringLiteral, unwrap } from '../../../scan/code/ast.js';
import { VALIDATION_PACKAGES } from '../../../scan/code/facts/validation.js';
import { calleeOrigin } from './packages.js';
import { schemaResult } from './schemas.js';
import type { SinkContext } from './sinks.js';
import { CLEARED, type Place, type Splice, type Value } from './types.js';
import { CLEAN, clear, flatten, fromTaint, isTainted, join, keysOf, markValidated, spliced, stringify } from './values.js';

const NUMERIC = new Set(['Number', 'parseInt', 'parseFloat', 'Boolean', 'BigInt', 'isNaN', 'isFinite']);
const NUMERIC_STATICS = new Set(['Math', 'Number', 'Date', 'Array.isArray']);
const TO_STRING = new Set(['String', 'encodeURIComponent', 'encodeURI', 'decodeURIComponent', 'decodeURI', 'unescape']);
const SAME_VALUE_STATICS = new Set(['Object.keys', 'Object.values', 'Object.entries', 'Object.assign', 'Object.fromEntries', 'Object.freeze', 'Array.from', 'Array.of', 'Promise.resolve', 'structuredClone', 'Buffer.from']);

const STRING_METHODS = new Set([
  'trim', 'trimStart', 'trimEnd', 'trimLeft', 'trimRight', 'toLowerCase', 'toUpperCase', 'toLocaleLowerCase', 'toLocaleUpperCase',
  'substring', 'substr', 'padStart', 'padEnd', 'normalize', 'repeat', 'charAt', 'toString', 'split', 'join', 'toWellFormed',
]);
const ELEMENT_METHODS = new Set(['at', 'pop', 'shift', 'find', 'findLast', 'filter', 'slice', 'flat', 'reverse', 'toReversed', 'sort', 'toSorted', 'values', 'get', 'getAll', 'valueOf', 'toJSON', 'map', 'flatMap', 'reduce']);
const PARSE_METHODS = new Set(['parse', 'safeParse', 'parseAsync', 'safeParseAsync', 'validate', 'validateAsync', 'validateSync', 'cast', 'decode']);
const SQL_ESCAPERS = new Set(['escape', 'escapeLiteral', 'escapeIdentifier', 'escapeId', 'quote', 'quoteIdent', 'quoteIdentifier', 'quoteLiteral', 'escapeString']);
const PATH_JOINERS = new Set(['join', 'resolve', 'normalize', 'dirname', 'relative', 'format', 'toNamespacedPath']);

export interface CallShape {
  call: Extract<Node, { type: 'CallExpression' }>;
  callee: Node;
  method: string;
  bare: boolean;
  receiver: Value;
  args: Value[];
  /** Where each argument is, for splices (`util.format('… %s', x)`). */
  place(node: Node): Place;
  text(node: Node): string;
}

/**
 * The value a library call returns, or undefined when the call is not a known one (the caller then
 * tries project functions; an unknown call gives a clean value).
 */
export function libraryResult(shape: CallShape, context: SinkContext): Value | undefined {
  const { method, bare, receiver, args, callee } = shape;
  const all = () => join(...args);
  if (bare) {
    if (NUMERIC.has(method)) return CLEAN;
    if (TO_STRING.has(method)) return stringify(all());
    if (method === 'structuredClone') return all();
  }
  const path = bare ? method : dottedPath(callee);
  if (path !== undefined) {
    const owner = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '';
    if (NUMERIC_STATICS.has(owner) || NUMERIC_STATICS.has(path)) return CLEAN;
    if (path === 'JSON.stringify') return stringify(all());
    if (path === 'JSON.parse') return fromTaint(flatten(args[0] ?? CLEAN).map((o) => ({ ...o, stringy: false })));
    if (path === 'Object.keys') return keysOf(args[0] ?? CLEAN);
    if (SAME_VALUE_STATICS.has(path)) return all();
  }
  if (!args.some(isTainted) && !isTainted(receiver)) return undefined;
  if (!bare && method === 'concat') return concatResult(shape);
  const escaped = escaperResult(shape, context);
  if (escaped) return escaped;
  if (!bare && PARSE_METHODS.has(method) && args[0] && isTainted(args[0])) return parsed(shape, args[0], context);
  if (!isTainted(receiver)) return undefined;
  return methodOnTainted(shape);
}

/**
 * `schema.parse(x)`: validated (or clean, for numeric schemas). `qs.parse(x)`, `yaml.parse(x)`
 * and other parsers from packages that are not validators make objects out of the client's text.
 */
function parsed(shape: CallShape, input: Value, context: SinkContext): Value {
  const origin = calleeOrigin(context.index, context.module, shape.callee);
  if (origin && !VALIDATION_PACKAGES[origin.pkg]) return fromTaint(flatten(input).map((o) => ({ ...o, stringy: false })));
  return schemaResult(shape, context) ?? markValidated(input);
}

/** Escapers and formatters, told apart by the package they come from. */
function escaperResult(shape: CallShape, context: SinkContext): Value | undefined {
  const { method, args, callee } = shape;
  const interesting = SQL_ESCAPERS.has(method) || method === 'format' || method === 'sanitize' || method === 'basename' || method === 'extname' || PATH_JOINERS.has(method) || method === 'quote';
  if (!interesting) return undefined;
  const origin = calleeOrigin(context.index, context.module, callee);
  const pkg = origin?.pkg;
  const first = args[0] ?? CLEAN;
  if (pkg === 'path') {
    if (method === 'basename') return clear(stringify(first), CLEARED.path);
    if (method === 'extname') return CLEAN;
    if (PATH_JOINERS.has(method)) return stringify(join(...args));
    return undefined;
  }
  if (pkg === 'mongo-sanitize' || pkg === 'express-mongo-sanitize') return clear(first, CLEARED.nosql);
  if (pkg === 'sanitize-filename') return clear(stringify(first), CLEARED.path);
  if (pkg === 'shell-quote' || pkg === 'shescape' || pkg === 'shell-escape') return clear(stringify(join(...args)), CLEARED.shell);
  if (method === 'format') return formatResult(shape, pkg);
  if (SQL_ESCAPERS.has(method)) return clear(stringify(join(...args)), CLEARED.sql);
  return undefined;
}

/** pg-format `%L`/`%I` and sqlstring/mysql `?` escape; `%s` and util.format splice as they are. */
function formatResult(shape: CallShape, pkg: string | undefined): Value | undefined {
  const { args, call } = shape;
  const template = call.arguments[0] ? stringLiteral(call.arguments[0] as Node) : undefined;
  if (pkg === 'sqlstring' || pkg === 'mysql' || pkg === 'mysql2') return clear(stringify(join(...args)), CLEARED.sql);
  if (pkg === 'pg-format' && template !== undefined && !template.includes('%s')) return clear(stringify(join(...args)), CLEARED.sql);
  if (template === undefined) return undefined;
  const text = template.replace(/%[sdifjoOLI]/g, '?');
  let out = stringify(args[0] ?? CLEAN);
  for (const [i, arg] of args.entries()) {
    if (i === 0 || !isTainted(arg)) continue;
    const node = call.arguments[i] as Node;
    const splice: Splice = { ...shape.place(node), text, expression: shape.text(node) };
    out = join(out, fromTaint(spliced(arg, splice)));
  }
  return out;
}

/** `x.trim()`, `ids.join(',')`, `s.replace(/[^a-z]/g, '')`, `list.filter(…)`. */
function methodOnTainted(shape: CallShape): Value | undefined {
  const { method, receiver, args, call } = shape;
  if (method === 'replace' || method === 'replaceAll') {
    const pattern = call.arguments[0] && unwrap(call.arguments[0] as Node);
    const regex = pattern?.type === 'Literal' && 'regex' in pattern && pattern.regex ? (pattern.regex as { pattern: string }).pattern : undefined;
    // A whitelist (`[^a-z0-9]` removed) leaves nothing to inject; doubling quotes escapes SQL strings.
    if (regex !== undefined && regex.startsWith('[^') && !isTainted(args[1] ?? CLEAN)) return CLEAN;
    const quoted = regex ?? (pattern ? stringLiteral(pattern) : undefined);
    const result = stringify(join(receiver, args[1]));
    return quoted !== undefined && quoted.includes("'") ? clear(result, CLEARED.sql) : result;
  }
  if (STRING_METHODS.has(method)) return stringify(receiver);
  if (ELEMENT_METHODS.has(method)) return receiver;
  return undefined;
}

/** `'SELECT … ' .concat(x)`: a string receiver splices its arguments; an array's concat just joins. */
function concatResult(shape: CallShape): Value {
  const { call, receiver, args } = shape;
  const callee = unwrap(call.callee);
  const object = callee.type === 'MemberExpression' ? unwrap(callee.object) : undefined;
  const text = object ? (stringLiteral(object) ?? (object.type === 'TemplateLiteral' ? object.quasis.map((q) => q.value.cooked ?? '').join('?') : undefined)) : undefined;
  if (text === undefined) return join(receiver, ...args);
  let out = receiver;
  for (const [i, arg] of args.entries()) {
    if (!isTainted(arg)) continue;
    const node = call.arguments[i] as Node;
    out = join(out, fromTaint(spliced(arg, { ...shape.place(node), text: `${text}?`, expression: shape.text(node) })));
  }
  return out;
}

