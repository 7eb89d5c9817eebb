import { describe, expect, it } from 'vitest';
import { Catalog } from '../../../src/scan/models/sql/catalog.js';
import type { CatalogOp, ColumnDef } from '../../../src/scan/models/sql/ops.js';
import { catalogModels } from '../../../src/scan/models/sql/to-models.js';
import type { SqlDialect } from '../../../src/scan/models/types.js';

const at = { file: 'm.sql', line: 1 };
const col = (name: string, extra: Partial<ColumnDef> = {}): ColumnDef => ({ name, type: 'integer', ...extra });
const create = (table: string, columns: ColumnDef[], constraints: Extract<CatalogOp, { op: 'createTable' }>['constraints'] = []): CatalogOp => ({
  op: 'createTable',
  table,
  ifNotExists: false,
  columns,
  constraints,
});

function run(ops: CatalogOp[], dialect: SqlDialect = 'postgresql') {
  const catalog = new Catalog(dialect);
  const problems = ops.map((op) => catalog.apply(op, at)).filter((p) => p !== undefined);
  return { models: catalogModels(catalog), problems };
}

describe('Catalog', () => {
  it('follows a renamed table and a renamed column from the tables that reference them', () => {
    const { models, problems } = run([
      create('users', [col('id', { primaryKey: true })]),
      create('posts', [col('id', { primaryKey: true }), col('author', { references: { table: 'users', columns: ['id'] } })]),
      { op: 'renameTable', table: 'users', to: 'members' },
      { op: 'renameColumn', table: 'members', from: 'id', to: 'member_id' },
    ]);
    expect(problems).toEqual([]);
    expect(models.find((m) => m.name === 'posts')?.fields[1]?.references).toEqual({ model: 'members', field: 'member_id' });
  });

  it('drops the indexes, keys and references that use a dropped column', () => {
    const { models } = run([
      create('a', [col('id', { primaryKey: true }), col('b', { unique: true }), col('c')], [{ kind: 'index', columns: ['b', 'c'] }]),
      create('x', [col('a_b', { references: { table: 'a', columns: ['b'] } })]),
      { op: 'dropColumn', table: 'a', column: 'b', ifExists: false },
    ]);
    expect(models[0]).toMatchObject({ fields: [{ name: 'id' }, { name: 'c' }], indexes: [] });
    expect(models[1]?.fields[0]?.references).toBeUndefined();
  });

  it('keeps references across SQLite\'s table rebuild, and loses them when the table is gone for good', () => {
    const rebuild = run(
      [
        create('Post', [col('id', { primaryKey: true })]),
        create('Comment', [col('postId', { references: { table: 'Post', columns: ['id'] } })]),
        create('new_Post', [col('id', { primaryKey: true })]),
        { op: 'dropTable', table: 'Post', ifExists: false },
        { op: 'renameTable', table: 'new_Post', to: 'Post' },
      ],
      'sqlite',
    );
    expect(rebuild.models.map((m) => m.name)).toEqual(['Comment', 'Post']);
    expect(rebuild.models[0]?.fields[0]?.references).toEqual({ model: 'Post', field: 'id' });
    const dropped = run([create('a', [col('id', { primaryKey: true })]), create('b', [col('a_id', { references: { table: 'a', columns: ['id'] } })]), { op: 'dropTable', table: 'a', ifExists: false }]);
    expect(dropped.models[0]?.fields[0]?.references).toBeUndefined();
  });

  it('gives a MySQL foreign key an index when no index starts with its columns', () => {
    const fk = { kind: 'foreignKey' as const, name: 'b_a_fk', columns: ['a_id'], table: 'a', refColumns: ['id'] };
    const mysql = run([create('a', [col('id', { primaryKey: true })]), create('b', [col('a_id'), col('n')], [fk])], 'mysql');
    expect(mysql.models[1]?.indexes).toEqual([{ name: 'b_a_fk', fields: ['a_id'], unique: false }]);
    const covered = run([create('a', [col('id', { primaryKey: true })]), create('b', [col('a_id'), col('n')], [fk, { kind: 'index', columns: ['a_id', 'n'] }])], 'mysql');
    expect(covered.models[1]?.indexes).toEqual([{ name: 'b_a_id_n_idx', fields: ['a_id', 'n'], unique: false }]);
    const postgres = run([create('a', [col('id', { primaryKey: true })]), create('b', [col('a_id')], [fk])]);
    expect(postgres.models[1]?.indexes).toEqual([]);
  });

  it('lists a composite primary key first among the indexes, and a single one only as a flag', () => {
    const { models } = run([create('t', [col('a'), col('b'), col('c', { unique: true })], [{ kind: 'primaryKey', columns: ['b', 'a'] }])]);
    expect(models[0]).toMatchObject({
      fields: [
        { name: 'a', primaryKey: true, nullable: false },
        { name: 'b', primaryKey: true, nullable: false },
        { name: 'c', primaryKey: false, unique: true, nullable: true },
      ],
      indexes: [
        { name: 't_pkey', fields: ['b', 'a'], unique: true },
        { name: 't_c_key', fields: ['c'], unique: true },
      ],
    });
  });

  it('reports what the database would refuse, and applies nothing for it', () => {
    const { problems, models } = run([
      create('t', [col('id')]),
      create('t', [col('other')]),
      { op: 'createTable', table: 't', ifNotExists: true, columns: [], constraints: [] },
      { op: 'addColumn', table: 't', column: col('id'), ifNotExists: false },
      { op: 'addColumn', table: 't', column: col('id'), ifNotExists: true },
      { op: 'alterColumn', table: 't', column: 'nope', notNull: true },
      { op: 'createIndex', table: 'missing', columns: ['a'], unique: false, ifNotExists: false },
      { op: 'createIndex', table: 't', name: 'i', columns: ['id'], unique: false, ifNotExists: false },
      { op: 'createIndex', table: 't', name: 'i', columns: ['id'], unique: false, ifNotExists: false },
      { op: 'dropTable', table: 'missing', ifExists: true },
      { op: 'dropTable', table: 'missing', ifExists: false },
      { op: 'addEnumValue', name: 'mood', value: 'ok' },
    ]);
    expect(problems).toEqual([
      'table "t" already exists',
      'column "id" already exists in "t"',
      'ALTER COLUMN of unknown column "nope" in "t"',
      'CREATE INDEX on unknown table "missing"',
      'index "i" already exists',
      'DROP TABLE of unknown table "missing"',
      'ALTER TYPE of unknown type "mood"',
    ]);
    expect(models).toMatchObject([{ name: 't', fields: [{ name: 'id' }], indexes: [{ name: 'i' }] }]);
  });
});
