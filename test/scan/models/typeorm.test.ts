import { describe, expect, it } from 'vitest';
import { extractTypeorm } from '../../../src/scan/models/typeorm.js';
import { field, loadFixture, sourceFile, uncoveredForeignKeys } from './helpers.js';

const source = (name: string, line: number) => ({ file: `src/entities/${name}.entity.ts`, line });

describe('TypeORM entities', () => {
  const result = extractTypeorm(loadFixture('typeorm', ['**/*.ts']));

  it('reads entities with inherited columns, column options, relations and indexes', () => {
    expect(result.problems).toEqual([]);
    expect(result.models).toEqual([
      {
        name: 'OrderItem',
        kind: 'typeorm',
        table: 'order_item',
        fields: [
          field('orderId', 'integer', { primaryKey: true, references: { model: 'Order', field: 'id' } }),
          field('lineNo', 'integer', { primaryKey: true }),
          field('quantity', 'integer'),
          field('productId', 'bigint', { nullable: true, references: { model: 'Product', field: 'id' } }),
        ],
        indexes: [{ fields: ['orderId', 'lineNo'], unique: true }],
        source: source('order-item', 6),
      },
      {
        name: 'Order',
        kind: 'typeorm',
        table: 'orders',
        fields: [
          field('id', 'integer', { primaryKey: true, default: 'autoincrement()' }),
          field('createdAt', 'timestamptz', { default: 'now()' }),
          field('updatedAt', 'timestamptz', { default: 'now()' }),
          field('reference', 'varchar(32)', { unique: true }),
          field('status', 'varchar(16)', { default: "'pending'" }),
          field('total', 'numeric(12,2)', { default: '0' }),
          field('customerId', 'integer', { references: { model: 'User', field: 'id' } }),
        ],
        indexes: [
          { name: 'orders_customer_idx', fields: ['customerId'], unique: false },
          { fields: ['status', 'createdAt'], unique: false },
          { name: 'orders_reference_key', fields: ['reference'], unique: true },
        ],
        source: source('order', 9),
      },
      {
        name: 'Product',
        kind: 'typeorm',
        table: 'products',
        fields: [
          field('id', 'bigint', { primaryKey: true, default: 'autoincrement()' }),
          field('name', 'varchar'),
          field('price', 'numeric(10,2)'),
          field('tags', 'text[]', { default: "'{}'" }),
          field('deletedAt', 'timestamp', { nullable: true }),
        ],
        indexes: [],
        source: source('product', 4),
      },
      {
        name: 'Profile',
        kind: 'typeorm',
        table: 'profiles',
        fields: [
          field('id', 'uuid', { primaryKey: true, default: 'uuid()' }),
          field('bio', 'text', { nullable: true }),
          field('user_id', 'integer', { nullable: true, unique: true, references: { model: 'User', field: 'id' } }),
        ],
        indexes: [{ fields: ['user_id'], unique: true }],
        source: source('profile', 5),
      },
      {
        name: 'User',
        kind: 'typeorm',
        table: 'users',
        fields: [
          field('id', 'integer', { primaryKey: true, default: 'autoincrement()' }),
          field('createdAt', 'timestamptz', { default: 'now()' }),
          field('updatedAt', 'timestamptz', { default: 'now()' }),
          field('email', 'varchar(320)', { unique: true }),
          field('displayName', 'varchar', { nullable: true }),
          field('role', 'user_role', { default: "'customer'" }),
          field('lastLoginAt', 'timestamptz', { nullable: true }),
          field('active', 'boolean', { default: 'true' }),
        ],
        indexes: [
          { fields: ['email'], unique: true },
          { fields: ['lastLoginAt'], unique: false },
        ],
        source: source('user', 12),
      },
    ]);
  });

  it('gives the columns of mapped properties, inherited ones included', () => {
    const user = result.models.find((m) => m.name === 'User')!;
    expect(Object.fromEntries(result.columns.get(user) ?? [])).toEqual({
      createdAt: 'created_at',
      updatedAt: 'updated_at',
      displayName: 'display_name',
      lastLoginAt: 'last_login_at',
    });
  });

  it('shows the join column TypeORM does not index', () => {
    expect(result.models.flatMap((m) => uncoveredForeignKeys(m).map((f) => `${m.name}.${f}`))).toEqual(['OrderItem.productId']);
  });

  it('reports a file that does not parse, and reads the others', () => {
    const broken = extractTypeorm([
      sourceFile('src/a.entity.ts', "import { Entity } from 'typeorm';\n@Entity()\nexport class A {\n  id: number = \n}\n"),
      sourceFile('src/b.entity.ts', "import { Entity, PrimaryColumn } from 'typeorm';\n@Entity()\nexport class Bee { @PrimaryColumn() code!: string; }\n"),
    ]);
    expect(broken.problems).toMatchObject([{ file: 'src/a.entity.ts', line: 5, severity: 'error' }]);
    expect(broken.models).toEqual([
      { name: 'Bee', kind: 'typeorm', table: 'bee', fields: [field('code', 'varchar', { primaryKey: true })], indexes: [], source: { file: 'src/b.entity.ts', line: 3 } },
    ]);
  });
});
