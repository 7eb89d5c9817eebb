import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Config, defaultConfig } from '../../../src/config/schema.js';
import { scanModels } from '../../../src/scan/models/index.js';
import { isParsed, parseModule, type ParsedModule } from '../../../src/scan/parse.js';
import { field, loadFixture, loadProject, sourceFile, uncoveredForeignKeys } from './helpers.js';

const config = defaultConfig();

describe('scanModels: Prisma schema and its migrations', () => {
  const result = scanModels({ files: loadFixture('prisma-with-migrations'), config });
  const migration = 'prisma/migrations/20240610000000_manual_indexes/migration.sql';

  it('keeps the Prisma models, adds what only the migrations declare, and the tables Prisma does not model', () => {
    expect(result.problems).toEqual([]);
    expect(result.models).toEqual([
      {
        name: 'Customer',
        kind: 'prisma',
        table: 'customers',
        fields: [field('id', 'Int', { primaryKey: true, default: 'autoincrement()' }), field('email', 'String', { unique: true })],
        indexes: [{ name: 'customers_email_key', fields: ['email'], unique: true }],
        source: { file: 'prisma/schema.prisma', line: 6 },
      },
      {
        name: 'Invoice',
        kind: 'prisma',
        table: 'invoices',
        fields: [
          field('id', 'Int', { primaryKey: true, default: 'autoincrement()' }),
          field('customerId', 'Int', { references: { model: 'Customer', field: 'id' } }),
          field('issuedAt', 'DateTime', { default: 'now()' }),
          // The foreign key exists only in a hand-written migration.
          field('approverId', 'Int', { nullable: true, references: { model: 'Customer', field: 'id' } }),
        ],
        // The index exists only in a hand-written migration; its columns become the fields.
        indexes: [{ name: 'invoices_customer_id_issued_at_idx', fields: ['customerId', 'issuedAt'], unique: false }],
        source: { file: 'prisma/schema.prisma', line: 14 },
      },
      {
        name: 'CreditNote',
        kind: 'prisma',
        table: 'credit_notes',
        fields: [field('id', 'Int', { primaryKey: true, default: 'autoincrement()' }), field('invoiceId', 'Int')],
        indexes: [],
        source: { file: 'prisma/schema.prisma', line: 26 },
      },
      {
        name: 'sessions',
        kind: 'sql',
        table: 'sessions',
        fields: [
          field('token', 'text', { primaryKey: true }),
          field('customer_id', 'integer', { references: { model: 'Customer', field: 'id' } }),
          field('expires_at', 'timestamptz'),
        ],
        indexes: [],
        source: { file: migration, line: 7 },
      },
    ]);
  });

  it('leaves visible the foreign keys that no index starts with, whichever source declared them', () => {
    expect(result.models.flatMap((m) => uncoveredForeignKeys(m).map((f) => `${m.name}.${f}`))).toEqual(['Invoice.approverId', 'sessions.customer_id']);
  });
});

describe('scanModels: choosing files and dialect', () => {
  it('reads every ORM in a project, and parses only the sources that mention one', () => {
    const files = [
      ...loadFixture('typeorm', ['**/*.ts']),
      ...loadFixture('drizzle', ['src/db/**/*.ts']).map((f) => ({ ...f, path: `packages/db/${f.path}` })),
      // Would be a syntax error if parsed: it mentions no ORM, so it is not.
      sourceFile('src/routes/broken.ts', 'export const router = ('),
      // Mentions typeorm in a comment but imports nothing from it.
      sourceFile('src/notes.ts', '// TODO: move to typeorm\nexport class Entity {}\n'),
    ];
    const result = scanModels({ files, config });
    expect(result.problems).toEqual([]);
    expect(result.models.map((m) => `${m.kind}:${m.name}`)).toEqual([
      'typeorm:OrderItem',
      'typeorm:Order',
      'typeorm:Product',
      'typeorm:Profile',
      'typeorm:User',
      'drizzle:posts',
      'drizzle:tags',
      'drizzle:postTags',
      'drizzle:comments',
      'drizzle:users',
    ]);
  });

  it('reuses the modules the pipeline parsed', () => {
    const files = loadFixture('sequelize', ['**/*.{js,ts}']);
    const modules = files.map(parseModule).filter((m): m is ParsedModule => isParsed(m));
    const withModules = scanModels({ files, config, modules });
    expect(withModules.models).toEqual(scanModels({ files, config }).models);
    expect(withModules.models).toHaveLength(4);
  });

  it('takes the configured migrations directory and dialect', () => {
    const files = [
      sourceFile('database/schema/0001_init.sql', 'CREATE TABLE `t` (`id` INT NOT NULL AUTO_INCREMENT, PRIMARY KEY (`id`)) ENGINE=InnoDB;'),
      sourceFile('migrations/0001_other.sql', 'CREATE TABLE other (id int);'),
    ];
    const configured = Config.parse({ migrations: { dir: 'database/schema', dialect: 'mysql' } });
    const result = scanModels({ files, config: configured });
    expect(result.problems).toEqual([]);
    expect(result.models).toEqual([
      { name: 't', kind: 'sql', table: 't', fields: [field('id', 'integer', { primaryKey: true, default: 'autoincrement()' })], indexes: [], source: { file: 'database/schema/0001_init.sql', line: 1 } },
    ]);
  });

  it('reads migrations in the dialect of the Prisma datasource when none is configured', () => {
    const files = [
      sourceFile('prisma/schema.prisma', 'datasource db {\n  provider = "mysql"\n  url = env("DATABASE_URL")\n}\n'),
      sourceFile('prisma/migrations/1_init/migration.sql', 'CREATE TABLE `t` (`id` INT NOT NULL, `note` TEXT NULL) ENGINE=InnoDB;\nALTER TABLE `t` MODIFY `note` VARCHAR(200) NOT NULL;'),
    ];
    const result = scanModels({ files, config });
    expect(result.problems).toEqual([]);
    expect(result.models.map((m) => m.fields.map((f) => `${f.name} ${f.type}${f.nullable ? '?' : ''}`))).toEqual([['id integer', 'note varchar(200)']]);
    // The same SQL read as PostgreSQL fails: the dialect did matter.
    const asPostgres = scanModels({ files: files.slice(1), config });
    expect(asPostgres.problems).toMatchObject([{ file: 'prisma/migrations/1_init/migration.sql', line: 2, severity: 'warning' }]);
  });

  it('reports problems from every source together', () => {
    const files = [sourceFile('prisma/schema.prisma', 'model A {\n  id Int @id\n'), sourceFile('migrations/001.sql', 'ALTER TABLE ghosts ADD COLUMN x int;')];
    expect(scanModels({ files, config }).problems).toEqual([
      { file: 'prisma/schema.prisma', line: 2, message: 'Prisma syntax error: unexpected end of file, expected "}"', severity: 'error' },
      { file: 'migrations/001.sql', line: 1, message: 'ALTER TABLE on unknown table "ghosts"', severity: 'warning' },
    ]);
  });

  it('finds nothing in a project without models', () => {
    expect(scanModels({ files: [sourceFile('src/index.ts', 'export {};')], config })).toEqual({ models: [], problems: [] });
  });
});

const shopApi = path.resolve(import.meta.dirname, '../../../examples/shop-api');
describe('scanModels on examples/shop-api', () => {
  it('sees order_items.product_id as a foreign key that no index covers', () => {
    const result = scanModels({ files: loadProject(shopApi), config });
    expect(result.problems).toEqual([]);
    const orderItem = result.models.find((m) => m.table === 'order_items');
    expect(orderItem?.fields.find((f) => f.name === 'productId')).toMatchObject({ references: { model: 'Product', field: 'id' } });
    expect(uncoveredForeignKeys(orderItem!)).toEqual(['productId']);
    // Every other foreign key of the shop is indexed.
    expect(result.models.filter((m) => m !== orderItem).flatMap(uncoveredForeignKeys)).toEqual([]);
  });
});
