/**
 * One Drizzle column builder chain → one field: `varchar('email', { length: 320 }).notNull()
 * .unique()`, `integer('author_id').references(() => users.id)`, `roleEnum('role').default(…)`.
 * The builder gives the type, the chain the key, nullability, default and reference.
 */
import type { Argument, Expression } from 'oxc-parser';
import type { Model, ModelField } from '../../registry/schema.js';
import type { ParsedModule } from '../parse.js';
import { type ChainCall, asObject, booleanValue, dottedName, importedName, numberValue, properties, returned, sourceText, stringValue, unwrap } from './js-ast.js';
import { AUTOINCREMENT, normalizeSqlType } from './sql-types.js';
import { defaultText } from './typeorm-columns.js';

export interface PendingReference {
  field: ModelField;
  /** `users.id` as written, and the module it is written in (for import aliases). */
  target: string;
  module: ParsedModule;
}

export interface ColumnContext {
  module: ParsedModule;
  locals: Map<string, string>;
  /** `pgEnum` variables → the enum type's name. */
  enums: Map<string, string>;
  references: PendingReference[];
}

export function readColumn(key: string, chain: ChainCall[], context: ColumnContext, model: Model): { field: ModelField; column: string } {
  const [builder, ...methods] = chain as [ChainCall, ...ChainCall[]];
  // `t.integer()` in the callback form of the columns argument is the builder `integer`.
  const builderName = importedName(builder.name.split('.').pop() ?? '', context.locals) ?? builder.name;
  const column = stringValue(builder.args[0]) ?? key;
  const config = properties(builder.args.find((a) => asObject(a)));
  const field: ModelField = { name: key, type: columnType(builderName, builder.args, config, context), nullable: true, primaryKey: false, unique: false };
  let notNull = /serial$/i.test(builderName);
  if (notNull) field.default = AUTOINCREMENT;
  for (const method of methods) {
    switch (method.name) {
      case 'primaryKey':
        field.primaryKey = true;
        // SQLite: `integer('id').primaryKey({ autoIncrement: true })`
        if (booleanValue(properties(method.args[0]).get('autoIncrement')) === true) field.default = AUTOINCREMENT;
        break;
      case 'notNull':
        notNull = true;
        break;
      case 'unique':
        field.unique = true;
        model.indexes.push({ name: stringValue(method.args[0]) ?? `${model.table}_${column}_unique`, fields: [key], unique: true });
        break;
      case 'default': {
        const value = method.args[0];
        const text = value && value.type !== 'SpreadElement' ? sqlText(value, context.module) : null;
        if (text !== null) field.default = text;
        break;
      }
      case 'defaultNow':
        field.default = 'now()';
        break;
      case 'defaultRandom':
        field.default = 'gen_random_uuid()';
        break;
      case 'autoincrement':
      case 'generatedAlwaysAsIdentity':
      case 'generatedByDefaultAsIdentity':
        field.default = AUTOINCREMENT;
        break;
      case 'array':
        field.type += '[]';
        break;
      case 'references': {
        const target = dottedName(returned(method.args[0]));
        if (target) context.references.push({ field, target, module: context.module });
        break;
      }
    }
  }
  field.nullable = !notNull && !field.primaryKey;
  return { field, column };
}

/** `varchar('x', { length: 255 })` → `varchar(255)`, `doublePrecision` → `double precision`, an enum → its type name. */
function columnType(builder: string, args: Argument[], config: Map<string, Expression>, context: ColumnContext): string {
  const enumName = context.enums.get(builder);
  if (enumName) return enumName;
  if (builder === 'mysqlEnum') {
    const values = unwrap(args[1]);
    return values?.type === 'ArrayExpression' ? `enum(${values.elements.map((v) => `'${stringValue(v) ?? ''}'`).join(',')})` : 'enum';
  }
  const words = builder.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  const length = numberValue(config.get('length')) ?? numberValue(config.get('dimensions')) ?? numberValue(config.get('fsp'));
  const precision = numberValue(config.get('precision'));
  const scale = numberValue(config.get('scale'));
  const params = length !== undefined ? `(${length})` : precision !== undefined ? `(${precision}${scale !== undefined ? `,${scale}` : ''})` : '';
  const zone = booleanValue(config.get('withTimezone')) === true ? ' with time zone' : '';
  return normalizeSqlType(`${words}${params}${zone}`);
}

/** A default as SQL: literals quoted, `sql\`now()\`` as its text. */
function sqlText(value: Expression, module: ParsedModule): string | null {
  const node = unwrap(value);
  if (node?.type === 'TaggedTemplateExpression' && dottedName(node.tag) === 'sql') return sourceText(module, node.quasi).slice(1, -1);
  return defaultText(value, module);
}
