/**
 * TypeORM entities → models (`kind: 'typeorm'`). A model per `@Entity` class (table: the name given,
 * or TypeORM's default, the class name in snake_case), with the columns of the classes it extends
 * (a `BaseEntity`-style class with `id` and timestamps is the common case). `@ManyToOne` and owning
 * `@OneToOne` (with `@JoinColumn`) give the foreign key: on the property mapped to the join column
 * when there is one, otherwise on a field named after the column (`authorId` by default).
 * `@Index` / `@Unique` on the class or a property, and `unique: true`, give the indexes; field names
 * in them are property names, a relation's name standing for its join column.
 */
import type { Argument, Class, Decorator } from 'oxc-parser';
import type { Model, ModelIndex } from '../../registry/schema.js';
import type { ParsedModule } from '../parse.js';
import type { SourceFile } from '../types.js';
import { asObject, booleanValue, importedAs, lastName, libraryName, parseAll, properties, returned, stringValue, unwrap, walk } from './js-ast.js';
import { COLUMN_DECORATORS, type ColumnRead, type EnumValues, enumValues, readColumn } from './typeorm-columns.js';
import type { ColumnNames, OrmResult } from './types.js';

interface DecoratorCall {
  name: string;
  args: Argument[];
}

interface Relation {
  property: string;
  target: string;
  joinColumn?: string;
  referenced?: string;
  nullable: boolean;
  oneToOne: boolean;
}

interface Entity {
  model: Model;
  columns: Map<string, string>;
  relations: Relation[];
  /** Index declarations still naming properties, relations included. */
  pendingIndexes: ModelIndex[];
}

interface ClassInfo {
  node: Class;
  module: ParsedModule;
  decorators: DecoratorCall[];
}

const isTypeorm = (specifier: string) => specifier === 'typeorm' || specifier.startsWith('typeorm/');

export function extractTypeorm(files: readonly SourceFile[]): OrmResult {
  const { modules, problems } = parseAll(files);
  const result = typeormModels(modules);
  return { ...result, problems: [...problems, ...result.problems] };
}

export function typeormModels(modules: readonly ParsedModule[]): OrmResult {
  const classes = new Map<string, ClassInfo>();
  for (const module of modules) {
    const locals = importedAs(module, isTypeorm);
    walk(module.program, (node) => {
      if ((node.type === 'ClassDeclaration' || node.type === 'ClassExpression') && node.id) {
        classes.set(node.id.name, { node, module, decorators: node.decorators.map((d) => decoratorCall(d, locals)) });
      }
    });
  }
  const enums = enumValues(modules);
  const entities: Entity[] = [];
  for (const [name, info] of classes) {
    const entity = info.decorators.find((d) => d.name === 'Entity');
    if (entity) entities.push(buildEntity(name, info, entity, classes, enums));
  }
  const byClass = new Map(entities.map((e) => [e.model.name, e]));
  for (const entity of entities) resolveRelations(entity, byClass);
  const columns: ColumnNames = new Map();
  for (const { model, columns: names } of entities) {
    const mapped = [...names].filter(([field, column]) => field !== column);
    if (mapped.length > 0) columns.set(model, new Map(mapped));
  }
  return { models: entities.map((e) => e.model), problems: [], columns };
}

function decoratorCall(decorator: Decorator, locals: Map<string, string>): DecoratorCall {
  const expression = unwrap(decorator.expression);
  if (expression?.type === 'CallExpression') return { name: libraryName(expression.callee, locals) ?? '', args: expression.arguments };
  return { name: libraryName(expression, locals) ?? '', args: [] };
}

const snakeCase = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toLowerCase();

function buildEntity(name: string, info: ClassInfo, entity: DecoratorCall, classes: Map<string, ClassInfo>, enums: EnumValues): Entity {
  const options = properties(entity.args.find((a) => asObject(a)));
  const table = stringValue(entity.args[0]) ?? stringValue(options.get('name')) ?? snakeCase(name);
  const line = info.module.lines.line(info.node.id?.start ?? info.node.start);
  const model: Model = { name, kind: 'typeorm', table, fields: [], indexes: [], source: { file: info.module.file.path, line } };
  const result: Entity = { model, columns: new Map(), relations: [], pendingIndexes: [] };
  // Base classes first: their columns come first in the table, as TypeORM orders them.
  const chain: ClassInfo[] = [];
  for (let current: ClassInfo | undefined = info; current && !chain.includes(current); current = classes.get(lastName(current.node.superClass) ?? '')) chain.unshift(current);
  for (const link of chain) readMembers(link, result, enums);
  for (const decorator of info.decorators) {
    const index = classIndex(decorator);
    if (index) result.pendingIndexes.push(index);
  }
  return result;
}

function readMembers(info: ClassInfo, entity: Entity, enums: EnumValues): void {
  const locals = importedAs(info.module, isTypeorm);
  for (const member of info.node.body.body) {
    if (member.type !== 'PropertyDefinition' || member.key.type !== 'Identifier') continue;
    const name = member.key.name;
    const decorators = member.decorators.map((d) => decoratorCall(d, locals));
    const column = decorators.find((d) => COLUMN_DECORATORS.has(d.name));
    if (column) addColumn(entity, readColumn(column.name, column.args, member, name, info.module, enums));
    const relation = decorators.find((d) => d.name === 'ManyToOne' || d.name === 'OneToOne');
    const join = decorators.find((d) => d.name === 'JoinColumn');
    if (relation && (relation.name === 'ManyToOne' || join)) entity.relations.push(readRelation(relation, join, name));
    for (const decorator of decorators) {
      if (decorator.name !== 'Index') continue;
      const indexOptions = properties(decorator.args.find((a) => asObject(a)));
      const index: ModelIndex = { fields: [name], unique: booleanValue(indexOptions.get('unique')) === true };
      const indexName = stringValue(decorator.args[0]);
      if (indexName) index.name = indexName;
      entity.pendingIndexes.push(index);
    }
  }
}

function addColumn(entity: Entity, { field, column }: ColumnRead): void {
  entity.model.fields = entity.model.fields.filter((f) => f.name !== field.name); // a subclass may redeclare
  entity.model.fields.push(field);
  entity.columns.set(field.name, column);
  if (field.unique) entity.pendingIndexes.push({ fields: [field.name], unique: true });
}

function readRelation(relation: DecoratorCall, join: DecoratorCall | undefined, property: string): Relation {
  const first = relation.args[0];
  const target = lastName(returned(first)) ?? stringValue(first) ?? '';
  const options = properties(relation.args.find((a) => asObject(a)));
  const joinFirst = join?.args[0];
  const joinOptions = properties(unwrap(joinFirst)?.type === 'ArrayExpression' ? (unwrap(joinFirst) as { elements: Argument[] }).elements[0] : joinFirst);
  const result: Relation = { property, target, nullable: booleanValue(options.get('nullable')) !== false, oneToOne: relation.name === 'OneToOne' };
  const joinColumn = stringValue(joinOptions.get('name'));
  const referenced = stringValue(joinOptions.get('referencedColumnName'));
  if (joinColumn) result.joinColumn = joinColumn;
  if (referenced) result.referenced = referenced;
  return result;
}

/** `@Index(['a', 'b'])`, `@Index('name', ['a'], { unique: true })`, `@Index((u) => [u.a])`, `@Unique('name', ['a'])`. */
function classIndex(decorator: DecoratorCall): ModelIndex | undefined {
  if (decorator.name !== 'Index' && decorator.name !== 'Unique') return undefined;
  const name = stringValue(decorator.args[0]);
  const fieldsArg = decorator.args.find((a) => unwrap(a)?.type === 'ArrayExpression' || unwrap(a)?.type === 'ArrowFunctionExpression');
  const list = unwrap(fieldsArg)?.type === 'ArrowFunctionExpression' ? returned(fieldsArg) : unwrap(fieldsArg);
  if (list?.type !== 'ArrayExpression') return undefined;
  const fields = list.elements.map((e) => stringValue(e) ?? lastName(e)).filter((f): f is string => f !== undefined);
  const options = properties(decorator.args.find((a) => asObject(a)));
  const index: ModelIndex = { fields, unique: decorator.name === 'Unique' || booleanValue(options.get('unique')) === true };
  if (name) index.name = name;
  return index;
}

/** Join columns need the target's primary key, so relations are read once every entity is known. */
function resolveRelations(entity: Entity, byClass: Map<string, Entity>): void {
  const { model } = entity;
  const relationField = new Map<string, string>();
  for (const relation of entity.relations) {
    const target = byClass.get(relation.target);
    const targetKey = target?.model.fields.find((f) => f.name === relation.referenced) ?? target?.model.fields.find((f) => f.primaryKey);
    const referencedName = relation.referenced ?? targetKey?.name ?? 'id';
    const column = relation.joinColumn ?? `${relation.property}${referencedName[0]?.toUpperCase() ?? ''}${referencedName.slice(1)}`;
    let field = model.fields.find((f) => (entity.columns.get(f.name) ?? f.name) === column);
    if (!field) {
      field = { name: column, type: targetKey?.type.replace(/\[\]$/, '') ?? 'unknown', nullable: relation.nullable, primaryKey: false, unique: relation.oneToOne };
      model.fields.push(field);
      entity.columns.set(column, column);
    }
    // The relation's target as the registry names it: the class, and the referenced property.
    field.references = { model: relation.target, field: referencedName };
    if (relation.oneToOne) {
      field.unique = true;
      entity.pendingIndexes.push({ fields: [field.name], unique: true });
    }
    relationField.set(relation.property, field.name);
  }
  // A composite key's column order decides which foreign keys it serves: listed first, unnamed
  // (TypeORM names it with a hash).
  const keys = model.fields.filter((f) => f.primaryKey).map((f) => f.name);
  if (keys.length > 1) model.indexes.push({ fields: keys, unique: true });
  const seen = new Set<string>();
  for (const index of entity.pendingIndexes) {
    const fields = index.fields.map((f) => relationField.get(f) ?? f);
    const signature = `${index.name ?? ''}|${fields.join(',')}|${index.unique}`;
    if (seen.has(signature)) continue;
    seen.add(signature);
    model.indexes.push({ ...index, fields });
    const only = fields.length === 1 ? model.fields.find((f) => f.name === fields[0]) : undefined;
    if (index.unique && only) only.unique = true;
  }
}
