/**
 * One TypeORM property decorator → one field: `@PrimaryGeneratedColumn`, `@PrimaryColumn`,
 * `@Column`, `@CreateDateColumn` / `@UpdateDateColumn` / `@DeleteDateColumn`, `@VersionColumn`,
 * `@ObjectIdColumn`. Types are the explicit `type` (with `length` / `precision` / `scale`) or what
 * TypeORM infers from the TypeScript type (string → varchar, number → integer, Date → timestamp).
 */
import type { Argument, Expression, PropertyDefinition, TSType } from 'oxc-parser';
import type { ModelField } from '../../registry/schema.js';
import type { ParsedModule } from '../parse.js';
import { asObject, booleanValue, dottedName, literalValue, numberValue, properties, returned, sourceText, stringValue, unwrap, walk } from './js-ast.js';
import { AUTOINCREMENT, normalizeSqlType } from './sql-types.js';

export const COLUMN_DECORATORS = new Set([
  'Column', 'PrimaryColumn', 'PrimaryGeneratedColumn', 'CreateDateColumn', 'UpdateDateColumn', 'DeleteDateColumn', 'VersionColumn', 'ObjectIdColumn',
]);

export interface ColumnRead {
  field: ModelField;
  column: string;
}

/** TypeScript enum members with a literal value (`UserRole.Customer` → `'customer'`), by dotted name. */
export type EnumValues = Map<string, string | number>;

export function readColumn(kind: string, args: Argument[], property: PropertyDefinition, name: string, module: ParsedModule, enums: EnumValues): ColumnRead {
  const first = args[0];
  const typeArg = kind === 'PrimaryGeneratedColumn' ? undefined : stringValue(first);
  const strategy = kind === 'PrimaryGeneratedColumn' ? (stringValue(first) ?? 'increment') : undefined;
  const options = properties(args.find((arg) => asObject(arg) !== undefined));
  const explicit = typeArg ?? stringValue(options.get('type'));
  const generated = strategy !== undefined;
  const field: ModelField = {
    name,
    type: sqlType(explicit ?? (strategy === 'uuid' ? 'uuid' : generated ? 'integer' : implicitType(kind, property)), options),
    nullable: kind === 'DeleteDateColumn' || (!kind.startsWith('Primary') && booleanValue(options.get('nullable')) === true),
    primaryKey: kind.startsWith('Primary') || kind === 'ObjectIdColumn' || booleanValue(options.get('primary')) === true,
    unique: booleanValue(options.get('unique')) === true,
  };
  const fallback = generated ? (strategy === 'uuid' ? 'uuid()' : AUTOINCREMENT) : kind === 'CreateDateColumn' || kind === 'UpdateDateColumn' ? 'now()' : undefined;
  const value = options.has('default') ? defaultText(options.get('default') as Expression, module, enums) : fallback;
  if (value !== undefined && value !== null) field.default = value;
  return { field, column: stringValue(options.get('name')) ?? name };
}

/** `varchar` + `length: 100` → `varchar(100)`; `decimal` + `precision`/`scale` → `numeric(10,2)`. */
function sqlType(type: string, options: Map<string, Expression>): string {
  if (type === 'enum') return stringValue(options.get('enumName')) ?? 'enum';
  const length = numberValue(options.get('length')) ?? stringValue(options.get('length'));
  const precision = numberValue(options.get('precision'));
  const scale = numberValue(options.get('scale'));
  const params = length !== undefined ? `(${length})` : precision !== undefined ? `(${precision}${scale !== undefined ? `,${scale}` : ''})` : '';
  const array = booleanValue(options.get('array')) === true ? '[]' : '';
  return normalizeSqlType(`${type}${params}`) + array;
}

function implicitType(kind: string, property: PropertyDefinition): string {
  if (kind === 'CreateDateColumn' || kind === 'UpdateDateColumn' || kind === 'DeleteDateColumn') return 'timestamp';
  if (kind === 'VersionColumn') return 'integer';
  if (kind === 'ObjectIdColumn') return 'objectid';
  return tsType(property.typeAnnotation?.typeAnnotation);
}

/** What TypeORM's reflected design type becomes; a type it cannot map is named as written. */
function tsType(type: TSType | undefined): string {
  if (!type) return 'unknown';
  switch (type.type) {
    case 'TSStringKeyword':
      return 'varchar';
    case 'TSNumberKeyword':
      return 'integer';
    case 'TSBooleanKeyword':
      return 'boolean';
    case 'TSBigIntKeyword':
      return 'bigint';
    case 'TSUnionType': {
      const present = type.types.filter((t) => t.type !== 'TSNullKeyword' && t.type !== 'TSUndefinedKeyword');
      return present.length === 1 ? tsType(present[0]) : 'unknown';
    }
    case 'TSTypeReference': {
      const name = type.typeName.type === 'Identifier' ? type.typeName.name : undefined;
      return name === 'Date' ? 'timestamp' : (name ?? 'unknown');
    }
    default:
      return 'unknown';
  }
}

/** `'active'` → `'active'`, `0` → `0`, `() => 'now()'` → `now()` (raw SQL), anything else as written. */
export function defaultText(node: Expression, module: ParsedModule, enums?: EnumValues): string | null {
  const member = dottedName(node);
  const value = (member !== undefined ? enums?.get(member) : undefined) ?? literalValue(node);
  if (value === null) return null;
  if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`;
  if (value !== undefined) return String(value);
  const raw = stringValue(returned(node));
  if (raw !== undefined) return raw;
  const expression = unwrap(node);
  return expression ? sourceText(module, expression) : null;
}

export function enumValues(modules: readonly ParsedModule[]): EnumValues {
  const values: EnumValues = new Map();
  for (const module of modules) {
    walk(module.program, (node) => {
      if (node.type !== 'TSEnumDeclaration') return;
      for (const member of node.body.members) {
        const key = member.id.type === 'Identifier' ? member.id.name : stringValue(member.id);
        const value = literalValue(member.initializer);
        if (key !== undefined && (typeof value === 'string' || typeof value === 'number')) values.set(`${node.id.name}.${key}`, value);
      }
    });
  }
  return values;
}
