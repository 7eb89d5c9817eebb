import { describe, expect, it } from 'vitest';
import { astOps } from '../../../src/scan/models/sql/ast-ops.js';
import { parseSql } from '../../../src/scan/models/sql/parser.js';
import { splitStatements, upSection } from '../../../src/scan/models/sql/split.js';
import { readStatement } from '../../../src/scan/models/sql/statement.js';
import { ShapeMemo, shapeOf, tableItems, withNames } from '../../../src/scan/models/sql/templates.js';
import { findMigrationFiles } from '../../../src/scan/models/sql.js';
import type { SqlDialect } from '../../../src/scan/models/types.js';
import { loadFixture } from './helpers.js';

describe('statement shapes', () => {
  it('take out quoted names, and keep literals, schema qualifiers and unquoted names', () => {
    expect(shapeOf(`CREATE INDEX "orders_user_idx" ON "public"."orders" (user_id, "placed_at") WHERE note <> '"x"'`)).toEqual({
      template: `CREATE INDEX "__bo0__" ON "public"."__bo1__" (user_id, "__bo2__") WHERE note <> '"x"'`,
      names: ['orders_user_idx', 'orders', 'placed_at'],
    });
    expect(shapeOf('CREATE INDEX i ON t (a)')).toBeUndefined();
  });

  it('read a CREATE TABLE item by item, each numbered afresh', () => {
    const shape = shapeOf('CREATE TABLE "users" ("id" UUID NOT NULL, "price" NUMERIC(10,2), CONSTRAINT "users_pkey" PRIMARY KEY ("id"))')!;
    expect(tableItems(shape)).toEqual([
      { template: 'CREATE TABLE "__bo0__" ("__bo1__" UUID NOT NULL)', names: ['users', 'id'] },
      { template: 'CREATE TABLE "__bo0__" ("__bo1__" NUMERIC(10,2))', names: ['users', 'price'] },
      { template: 'CREATE TABLE "__bo0__" (CONSTRAINT "__bo1__" PRIMARY KEY ("__bo2__"))', names: ['users', 'users_pkey', 'id'] },
    ]);
    expect(tableItems(shapeOf('CREATE TABLE "t" AS SELECT "a", "b" FROM "u"')!)).toBeUndefined();
    expect(tableItems(shapeOf('CREATE TABLE "t" ("a" int,, "b" int)')!)).toBeUndefined();
  });

  it('put names back into a fresh copy', () => {
    const ops = [{ op: 'dropIndex' as const, name: '__bo0__', table: 'x__bo1__y', ifExists: false }];
    expect(withNames(ops, ['a"b', 'c'])).toEqual([{ op: 'dropIndex', name: 'a"b', table: 'xcy', ifExists: false }]);
    expect(ops[0]?.name).toBe('__bo0__');
  });

  it('parse each shape once', () => {
    const memo = new ShapeMemo();
    const parsed: string[] = [];
    const parse = (template: string) => {
      parsed.push(template);
      const outcome = parseSql(template, 'postgresql');
      return 'ast' in outcome ? outcome.ast.flatMap((ast) => astOps(ast, 'postgresql')) : undefined;
    };
    memo.read('CREATE INDEX "a_idx" ON "a" ("x")', 'postgresql', parse);
    const second = memo.read('CREATE INDEX "b_idx" ON "b" ("y")', 'postgresql', parse);
    expect(second).toEqual([{ op: 'createIndex', table: 'b', name: 'b_idx', columns: ['y'], unique: false, ifNotExists: false }]);
    expect(parsed).toEqual(['CREATE INDEX "__bo0__" ON "__bo1__" ("__bo2__")']);
  });
});

describe('reading by shape changes nothing', () => {
  const fixtures: [string, SqlDialect][] = [
    ['sql-postgres', 'postgresql'],
    ['sql-mysql', 'mysql'],
    ['sql-sqlite', 'sqlite'],
    ['prisma-with-migrations', 'postgresql'],
  ];
  it.each(fixtures)('%s: every statement gives the operations of parsing it directly', (fixture, dialect) => {
    const files = loadFixture(fixture);
    let compared = 0;
    for (const path of findMigrationFiles(files.map((f) => f.path))) {
      const file = files.find((f) => f.path === path)!;
      for (const { text } of splitStatements(upSection(file.text), dialect)) {
        const direct = parseSql(text, dialect);
        if (!('ast' in direct)) continue;
        const reading = readStatement(text, dialect);
        expect(reading).toEqual({ ops: direct.ast.flatMap((ast) => astOps(ast, dialect)), via: expect.any(String) });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(3);
  });
});
