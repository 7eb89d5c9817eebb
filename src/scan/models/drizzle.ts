/**
 * Drizzle tables → models (`kind: 'drizzle'`): `const users = pgTable('users', { … }, (t) => […])`
 * and `mysqlTable`, `sqliteTable`, `singlestoreTable`, `<pgSchema>.table`. The model is named after
 * the variable (what the code and `.references(() => users.id)` use), fields after the object keys,
 * with the column name (first builder argument) in `columns`. The third argument may return an
 * array (current API) or an object (older API) of `index`, `uniqueIndex`, `unique`, `primaryKey`
 * and `foreignKey` declarations. `relations()` are application-side only and add no foreign key.
 */
import type { Argument } from 'oxc-parser';
import type { Model, ModelIndex } from '../../registry/schema.js';
import type { ParsedModule } from '../parse.js';
import type { SourceFile } from '../types.js';
import { type ColumnContext as Context, type PendingReference, readColumn } from './drizzle-columns.js';
import { type ChainCall, asObject, callChain, dottedName, importedAs, importedName, lastName, libraryName, parseAll, properties, returned, sourceText, stringValue, unwrap, walk } from './js-ast.js';
import type { ColumnNames, OrmResult } from './types.js';

const TABLE_FUNCTIONS = new Set(['pgTable', 'mysqlTable', 'sqliteTable', 'singlestoreTable']);
const SCHEMA_FUNCTIONS = new Set(['pgSchema', 'mysqlSchema']);
const isDrizzle = (specifier: string) => specifier === 'drizzle-orm' || specifier.startsWith('drizzle-orm/');


export function extractDrizzle(files: readonly SourceFile[]): OrmResult {
  const { modules, problems } = parseAll(files);
  const result = drizzleModels(modules);
  return { ...result, problems: [...problems, ...result.problems] };
}

export function drizzleModels(modules: readonly ParsedModule[]): OrmResult {
  const models: Model[] = [];
  const columns: ColumnNames = new Map();
  const references: PendingReference[] = [];
  const byVariable = new Map<string, Model>();
  for (const module of modules) {
    const locals = importedAs(module, isDrizzle);
    const context: Context = { module, locals, enums: new Map(), references };
    const schemas = new Map<string, string>();
    walk(module.program, (node) => {
      if (node.type !== 'VariableDeclarator' || node.id.type !== 'Identifier') return;
      const init = unwrap(node.init);
      if (init?.type !== 'CallExpression') return;
      const callee = libraryName(init.callee, locals) ?? '';
      const object = unwrap(init.callee)?.type === 'MemberExpression' ? dottedName(init.callee)?.split('.') : undefined;
      if (callee === 'pgEnum') context.enums.set(node.id.name, stringValue(init.arguments[0]) ?? node.id.name);
      else if (SCHEMA_FUNCTIONS.has(callee)) schemas.set(node.id.name, stringValue(init.arguments[0]) ?? '');
      else if (TABLE_FUNCTIONS.has(callee) || (object?.length === 2 && object[1] === 'table' && schemas.has(object[0] as string))) {
        const schema = object ? schemas.get(object[0] as string) : undefined;
        const name = stringValue(init.arguments[0]) ?? node.id.name;
        const table = schema && schema !== 'public' ? `${schema}.${name}` : name;
        byVariable.set(`${module.file.path}#${node.id.name}`, buildTable(node.id.name, table, init.arguments, context, columns, models, node.start));
      }
    });
  }
  for (const reference of references) resolveReference(reference, byVariable);
  return { models, problems: [], columns };
}

function buildTable(variable: string, table: string, args: Argument[], context: Context, columns: ColumnNames, models: Model[], at: number): Model {
  const line = context.module.lines.line(at);
  const model: Model = { name: variable, kind: 'drizzle', table, fields: [], indexes: [], source: { file: context.module.file.path, line } };
  models.push(model);
  const columnNames = new Map<string, string>();
  const definitions = asObject(args[1]) ?? asObject(returned(args[1]));
  for (const [key, value] of properties(definitions)) {
    const chain = callChain(value);
    if (chain.length === 0) continue;
    const { field, column } = readColumn(key, chain, context, model);
    model.fields.push(field);
    columnNames.set(key, column);
  }
  const extra = unwrap(args[2]);
  const declared = extra?.type === 'ArrowFunctionExpression' || extra?.type === 'FunctionExpression' ? returned(extra) : extra;
  const entries = declared?.type === 'ArrayExpression' ? declared.elements : declared?.type === 'ObjectExpression' ? [...properties(declared).values()] : [];
  for (const entry of entries) if (entry && entry.type !== 'SpreadElement') readExtra(callChain(entry), model, context, columnNames);
  const mapped = [...columnNames].filter(([field, column]) => field !== column);
  if (mapped.length > 0) columns.set(model, new Map(mapped));
  return model;
}

/**
 * The field (object key) a `t.email` / `table.email` argument names; for an expression
 * (`sql\`lower(${t.email})\``) its SQL, columns spelled as columns, which no field matches.
 */
function fieldOf(arg: Argument | null, module: ParsedModule, columnNames: Map<string, string>): string {
  const node = unwrap(arg);
  if (node?.type === 'MemberExpression') return lastName(node) ?? sourceText(module, node);
  if (node?.type === 'TaggedTemplateExpression') {
    const { quasis, expressions } = node.quasi;
    return quasis.map((q, i) => {
      const field = lastName(expressions[i]);
      return q.value.raw + (i < expressions.length ? (columnNames.get(field ?? '') ?? field ?? '?') : '');
    }).join('');
  }
  return node ? sourceText(module, node) : '?';
}

function readExtra(chain: ChainCall[], model: Model, context: Context, columnNames: Map<string, string>): void {
  const head = chain[0];
  if (!head) return;
  const kind = importedName(head.name.split('.').pop() ?? '', context.locals) ?? head.name;
  const options = properties(head.args.find((a) => asObject(a)));
  const listed = (key: string) => {
    const list = unwrap(options.get(key));
    return list?.type === 'ArrayExpression' ? list.elements.map((e) => fieldOf(e, context.module, columnNames)) : [];
  };
  const on = chain.find((c) => c.name === 'on' || c.name === 'using');
  const onFields = (on?.name === 'using' ? on.args.slice(1) : (on?.args ?? [])).map((a) => fieldOf(a, context.module, columnNames));
  const columnsOf = (fields: string[]) => fields.map((f) => columnNames.get(f) ?? f).join('_');
  if (kind === 'index' || kind === 'uniqueIndex') {
    const index: ModelIndex = { fields: onFields, unique: kind === 'uniqueIndex' };
    const name = stringValue(head.args[0]);
    if (name) index.name = name;
    model.indexes.push(index);
  } else if (kind === 'unique') {
    model.indexes.push({ name: stringValue(head.args[0]) ?? `${model.table}_${columnsOf(onFields)}_unique`, fields: onFields, unique: true });
  } else if (kind === 'primaryKey') {
    const fields = options.size > 0 ? listed('columns') : head.args.map((a) => fieldOf(a, context.module, columnNames));
    for (const field of model.fields) if (fields.includes(field.name)) Object.assign(field, { primaryKey: true, nullable: false });
    if (fields.length > 1) model.indexes.push({ name: stringValue(options.get('name')) ?? `${model.table}_${columnsOf(fields)}_pk`, fields, unique: true });
  } else if (kind === 'foreignKey') {
    const own = listed('columns');
    const foreign = unwrap(options.get('foreignColumns'));
    const targets = foreign?.type === 'ArrayExpression' ? foreign.elements.map((e) => dottedName(e)) : [];
    own.forEach((name, i) => {
      const field = model.fields.find((f) => f.name === name);
      const target = targets[i];
      if (field && target) context.references.push({ field, target, module: context.module });
    });
  }
}

/** `users.id` → the `users` table's model and its `id` field, through imports when in another file. */
function resolveReference(reference: PendingReference, byVariable: Map<string, Model>): void {
  const [variable = '', property = 'id'] = reference.target.split('.');
  const binding = reference.module.imports.find((b) => b.local === variable);
  const candidates = [...byVariable].filter(([key]) => key === `${reference.module.file.path}#${variable}` || key.endsWith(`#${binding?.imported ?? variable}`));
  const model = (candidates.find(([key]) => key.startsWith(`${reference.module.file.path}#`)) ?? candidates[0])?.[1];
  reference.field.references = { model: model?.name ?? variable, field: property };
}
