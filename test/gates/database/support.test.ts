import { describe, expect, it } from 'vitest';
import { sqlType, typeKey } from '../../../src/gates/database/support/column-types.js';
import { columnItem, constraintItem, tableItems } from '../../../src/gates/database/support/table-items.js';

describe('tableItems', () => {
  const sql = `CREATE TABLE \`orders\` (
  -- the key, (not a column)
  \`id\` INT NOT NULL AUTO_INCREMENT,
  \`note\` VARCHAR(20) DEFAULT 'a, (b)',
  "user_id" INT REFERENCES users (id),
  total DECIMAL(10, 2),
  PRIMARY KEY (\`id\`),
  CONSTRAINT orders_total_key UNIQUE (total),
  KEY orders_user_idx (user_id, total)
)`;
  const items = tableItems(sql);
  const lineOf = (offset: number | undefined) => sql.slice(0, offset).split('\n').length;

  it('cuts the list at top-level commas only, past comments, literals and parentheses', () => {
    expect(items.map((i) => i.column ?? i.text.split(/\s/)[0])).toEqual(['id', 'note', 'user_id', 'total', 'PRIMARY', 'CONSTRAINT', 'KEY']);
    expect(lineOf(columnItem(items, 'USER_ID')?.offset)).toBe(5);
  });

  it('finds constraints by name, by kind and leading column, or inline', () => {
    expect(lineOf(constraintItem(items, 'primaryKey', 'orders_pkey', ['id'])?.offset)).toBe(7);
    expect(lineOf(constraintItem(items, 'unique', 'orders_total_key', ['total'])?.offset)).toBe(8);
    expect(lineOf(constraintItem(items, 'index', 'x', ['user_id', 'total'])?.offset)).toBe(9);
    expect(lineOf(constraintItem(items, 'foreignKey', 'orders_user_id_fkey', ['user_id'])?.offset)).toBe(5);
    expect(constraintItem(items, 'foreignKey', undefined, ['total'])).toBeUndefined();
  });
});

describe('column types', () => {
  it('spells Prisma types as the SQL they create', () => {
    expect(sqlType({ kind: 'prisma' }, 'String @db.Uuid')).toBe('uuid');
    expect(sqlType({ kind: 'prisma' }, 'BigInt')).toBe('bigint');
    expect(sqlType({ kind: 'prisma' }, 'Decimal @db.Decimal(10, 2)')).toBe('numeric(10,2)');
    expect(sqlType({ kind: 'prisma' }, 'String[]')).toBe('text[]');
    expect(sqlType({ kind: 'prisma' }, 'UserRole')).toBeUndefined();
    expect(sqlType({ kind: 'sql' }, 'unknown')).toBeUndefined();
  });

  it('compares types without lengths, string types as one', () => {
    expect(typeKey('varchar(36)')).toBe(typeKey('text'));
    expect(typeKey('numeric(10,2)')).toBe('numeric');
    expect(typeKey('integer unsigned')).not.toBe(typeKey('integer'));
    expect(typeKey('uuid')).not.toBe(typeKey('text'));
  });
});
