/**
 * Sequelize models → models (`kind: 'sequelize'`): `sequelize.define('User', attributes, options)`
 * and `User.init(attributes, { sequelize, … })` on a class, including the sequelize-cli form
 * (`module.exports = (sequelize, DataTypes) => …`). What Sequelize adds on its own is added too:
 * an `id` primary key when none is declared, `createdAt` / `updatedAt` (and `deletedAt` when
 * paranoid), a pluralised table name unless `tableName` / `freezeTableName`, snake_case columns
 * with `underscored`. Foreign keys come from `references: { model, key }` and from associations
 * (`belongsTo`, `hasOne`, `hasMany` with their `foreignKey`, or Sequelize's default `UserId`).
 */
import type { Argument, CallExpression, Expression } from 'oxc-parser';
import type { Model } from '../../registry/schema.js';
import type { ParsedModule } from '../parse.js';
import type { SourceFile } from '../types.js';
import { asObject, booleanValue, dottedName, lastName, literalValue, parseAll, properties, stringValue, unwrap, walk } from './js-ast.js';
import { type Defined, readAttribute, readIndex, snakeCase } from './sequelize-attributes.js';
import { AUTOINCREMENT } from './sql-types.js';
import type { ColumnNames, OrmResult } from './types.js';

const ASSOCIATIONS = new Set(['belongsTo', 'hasOne', 'hasMany']);
const isAssociation = (call: CallExpression) => ASSOCIATIONS.has(lastName(call.callee) ?? '') && call.arguments.length > 0;

export function extractSequelize(files: readonly SourceFile[]): OrmResult {
  const { modules, problems } = parseAll(files);
  const result = sequelizeModels(modules);
  return { ...result, problems: [...problems, ...result.problems] };
}

export function sequelizeModels(modules: readonly ParsedModule[]): OrmResult {
  const defined: Defined[] = [];
  const associations: { call: CallExpression; self?: string | undefined }[] = [];
  for (const module of modules) {
    const modelClasses = new Set<string>();
    const bindings = new Map<CallExpression, string>();
    walk(module.program, (node) => {
      if ((node.type === 'ClassDeclaration' || node.type === 'ClassExpression') && node.id && lastName(node.superClass) === 'Model') {
        modelClasses.add(node.id.name);
        // `this.belongsTo(...)` inside `static associate(models)` is the class's own association.
        walk(node.body, (inner) => {
          if (inner.type === 'CallExpression' && isAssociation(inner) && dottedName(inner.callee)?.startsWith('this.')) associations.push({ call: inner, self: node.id?.name });
        });
      } else if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && unwrap(node.init)?.type === 'CallExpression') {
        bindings.set(unwrap(node.init) as CallExpression, node.id.name);
      } else if (node.type === 'CallExpression') {
        const model = fromCall(node, module, modelClasses, bindings.get(node));
        if (model) defined.push(model);
        else if (isAssociation(node) && !dottedName(node.callee)?.startsWith('this.')) associations.push({ call: node });
      }
    });
  }
  for (const { call, self } of associations) applyAssociation(call, self, defined);
  for (const entry of defined) for (const reference of entry.references) resolveReference(reference, defined);
  const columns: ColumnNames = new Map();
  for (const entry of defined) {
    const mapped = [...entry.columns].filter(([field, column]) => field !== column);
    if (mapped.length > 0) columns.set(entry.model, new Map(mapped));
  }
  return { models: defined.map((d) => d.model), problems: [], columns };
}

/** `x.define('User', {…}, {…})` or `User.init({…}, { sequelize, … })`. */
function fromCall(call: CallExpression, module: ParsedModule, modelClasses: Set<string>, variable?: string): Defined | undefined {
  const callee = unwrap(call.callee);
  if (callee?.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return undefined;
  const method = callee.property.name;
  const [first, second, third] = call.arguments;
  if (method === 'define' && stringValue(first) !== undefined && asObject(second)) {
    const name = stringValue(first) as string;
    return buildModel(name, variable ?? name, second as Expression, third, module, call);
  }
  const receiver = dottedName(callee.object);
  const options = properties(second);
  if (method === 'init' && receiver && asObject(first) && (modelClasses.has(receiver) || options.has('sequelize'))) {
    return buildModel(stringValue(options.get('modelName')) ?? receiver, receiver, first as Expression, second, module, call);
  }
  return undefined;
}

/** inflection's `underscore`, which Sequelize uses for `underscored` columns and index names. */
/** Sequelize pluralises with `inflection`; these rules cover ordinary English model names. */
export function pluralize(name: string): string {
  if (/[^aeiou]y$/i.test(name)) return `${name.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/i.test(name)) return `${name}es`;
  return `${name}s`;
}

function buildModel(name: string, binding: string, attributes: Expression, optionsNode: Argument | undefined, module: ParsedModule, call: CallExpression): Defined {
  const options = properties(optionsNode);
  const flag = (key: string) => booleanValue(options.get(key)) === true;
  const underscored = flag('underscored');
  const table = stringValue(options.get('tableName')) ?? (flag('freezeTableName') ? name : pluralize(name));
  const model: Model = { name, kind: 'sequelize', table, fields: [], indexes: [], source: { file: module.file.path, line: module.lines.line(call.start) } };
  const entry: Defined = { model, binding, columns: new Map(), underscored, references: [] };
  const uniqueGroups = new Map<string, string[]>();
  for (const [key, value] of properties(attributes)) {
    const field = readAttribute(key, value, entry, module);
    const unique = properties(value).get('unique');
    if (typeof literalValue(unique) === 'string') uniqueGroups.set(literalValue(unique) as string, [...(uniqueGroups.get(literalValue(unique) as string) ?? []), key]);
    else if (field.unique) model.indexes.push({ name: `${table}_${entry.columns.get(key) ?? key}_key`, fields: [key], unique: true });
    model.fields.push(field);
  }
  if (!model.fields.some((f) => f.primaryKey)) {
    model.fields.unshift({ name: 'id', type: 'integer', nullable: false, primaryKey: true, unique: false, default: AUTOINCREMENT });
  }
  if (options.get('timestamps') === undefined || booleanValue(options.get('timestamps')) !== false) {
    const paranoid = flag('paranoid');
    for (const [key, nullable] of [['createdAt', false], ['updatedAt', false], ['deletedAt', true]] as const) {
      if (key === 'deletedAt' && !paranoid) continue;
      const setting = options.get(key);
      if (booleanValue(setting) === false || model.fields.some((f) => f.name === key)) continue;
      const column = stringValue(setting) ?? (underscored ? snakeCase(key) : key);
      model.fields.push({ name: key, type: 'timestamptz', nullable, primaryKey: false, unique: false });
      entry.columns.set(key, column);
    }
  }
  for (const [group, fields] of uniqueGroups) model.indexes.push({ name: group, fields, unique: true });
  const indexes = unwrap(options.get('indexes'));
  for (const index of indexes?.type === 'ArrayExpression' ? indexes.elements : []) {
    const read = readIndex(index, entry);
    if (read) model.indexes.push(read);
  }
  for (const index of model.indexes) {
    const only = index.unique && index.fields.length === 1 ? model.fields.find((f) => f.name === index.fields[0]) : undefined;
    if (only) only.unique = true;
  }
  return entry;
}

/** `Post.belongsTo(User, { foreignKey: 'authorId' })`, `User.hasMany(Post, { foreignKey: … })`. */
function applyAssociation(call: CallExpression, self: string | undefined, defined: Defined[]): void {
  const kind = lastName(call.callee) as string;
  const path = dottedName(call.callee)?.split('.') ?? [];
  const receiverName = path.length >= 2 ? path[path.length - 2] : undefined;
  const receiver = find(receiverName === 'this' ? self : receiverName, defined);
  const other = find(lastName(call.arguments[0]), defined);
  if (!receiver || !other) return;
  const [owner, target] = kind === 'belongsTo' ? [receiver, other] : [other, receiver];
  const options = properties(call.arguments[1]);
  const foreignKey = options.get('foreignKey');
  const targetKey = target.model.fields.find((f) => f.primaryKey);
  const as = stringValue(options.get('as'));
  const fallbackName = `${kind === 'belongsTo' ? (as ?? target.model.name) : target.model.name}${(targetKey?.name ?? 'id').replace(/^./, (c) => c.toUpperCase())}`;
  const name = stringValue(foreignKey) ?? stringValue(properties(foreignKey).get('name')) ?? fallbackName;
  let field = owner.model.fields.find((f) => f.name === name || owner.columns.get(f.name) === name);
  if (!field) {
    const allowNull = booleanValue(properties(foreignKey).get('allowNull'));
    field = { name, type: targetKey?.type ?? 'integer', nullable: allowNull !== false, primaryKey: false, unique: false };
    owner.model.fields.push(field);
    owner.columns.set(name, stringValue(properties(foreignKey).get('field')) ?? (owner.underscored ? snakeCase(name) : name));
  }
  field.references ??= { model: target.model.name, field: targetKey?.name ?? 'id' };
}

/** A model by the name the code uses for it (variable, class, `models.User`) or its table. */
function find(name: string | undefined, defined: Defined[]): Defined | undefined {
  if (!name) return undefined;
  return defined.find((d) => d.binding === name || d.model.name === name) ?? defined.find((d) => d.model.table === name);
}

function resolveReference(reference: Defined['references'][number], defined: Defined[]): void {
  const target = find(reference.model, defined);
  const field = target ? ([...target.columns].find(([, column]) => column === reference.key)?.[0] ?? reference.key) : reference.key;
  reference.field.references = { model: target?.model.name ?? reference.model, field };
}
