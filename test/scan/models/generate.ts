/**
 * Generated projects of any size for the performance test: the same data model written as a
 * multi-file Prisma schema with its migrations, as TypeORM entities, as Drizzle tables and as
 * Sequelize models, one file per model (Prisma: one file per ten models, migrations likewise).
 */
import type { SourceFile } from '../../../src/scan/types.js';
import { sourceFile } from './helpers.js';

const pascal = (i: number) => `Entity${i}`;
const table = (i: number) => `entity_${i}`;
/** Each model references the one before it; every other reference is indexed. */
const parent = (i: number) => (i === 0 ? undefined : i - 1);

/** Extra columns, a different selection per model, so that no two tables have the same shape. */
const EXTRAS: { prisma: string; sql: string }[] = [
  { prisma: 'title String', sql: '"title" TEXT NOT NULL' },
  { prisma: 'notes String?', sql: '"notes" TEXT' },
  { prisma: 'quantity Int @default(0)', sql: '"quantity" INTEGER NOT NULL DEFAULT 0' },
  { prisma: 'active Boolean @default(true)', sql: '"active" BOOLEAN NOT NULL DEFAULT true' },
  { prisma: 'payload Json?', sql: '"payload" JSONB' },
  { prisma: 'code String @db.VarChar(32)', sql: '"code" VARCHAR(32) NOT NULL' },
  { prisma: 'rank Float?', sql: '"rank" DOUBLE PRECISION' },
  { prisma: 'size BigInt?', sql: '"size" BIGINT' },
  { prisma: 'tags String[]', sql: '"tags" TEXT[]' },
  { prisma: 'expiresAt DateTime? @map("expires_at")', sql: '"expires_at" TIMESTAMP(3)' },
];
const extrasOf = (i: number) => EXTRAS.filter((_, k) => ((i >> k) & 1) === 1 || (i * 7 + k) % 11 === 0);

export function prismaProject(count: number): SourceFile[] {
  const files: SourceFile[] = [sourceFile('prisma/schema/schema.prisma', 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n')];
  for (let start = 0; start < count; start += 10) {
    let schema = '';
    let sql = '';
    for (let i = start; i < Math.min(count, start + 10); i++) {
      const p = parent(i);
      const extras = extrasOf(i);
      schema += `model ${pascal(i)} {\n  id        String   @id @default(uuid()) @db.Uuid\n  name      String\n  status    String   @default("active")\n  amount    Decimal  @db.Decimal(12, 2)\n  createdAt DateTime @default(now()) @map("created_at")\n  updatedAt DateTime @updatedAt @map("updated_at")\n`;
      schema += extras.map((e) => `  ${e.prisma}\n`).join('');
      if (p !== undefined) schema += `  parentId  String   @map("parent_id") @db.Uuid\n  parent    ${pascal(p)} @relation(fields: [parentId], references: [id])\n`;
      const next = i + 1 < count ? `  children  ${pascal(i + 1)}[]\n` : '';
      schema += `${next}\n  @@unique([name])\n  @@index([status, createdAt])\n${p !== undefined && i % 2 === 0 ? '  @@index([parentId])\n' : ''}  @@map("${table(i)}")\n}\n\n`;
      const columns = [
        '"id" UUID NOT NULL',
        '"name" TEXT NOT NULL',
        `"status" TEXT NOT NULL DEFAULT 'active'`,
        '"amount" DECIMAL(12,2) NOT NULL',
        '"created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP',
        '"updated_at" TIMESTAMP(3) NOT NULL',
        ...extras.map((e) => e.sql),
        ...(p !== undefined ? ['"parent_id" UUID NOT NULL'] : []),
      ];
      sql += `-- CreateTable\nCREATE TABLE "${table(i)}" (\n${columns.map((c) => `    ${c},\n`).join('')}\n    CONSTRAINT "${table(i)}_pkey" PRIMARY KEY ("id")\n);\n\n`;
      sql += `-- CreateIndex\nCREATE UNIQUE INDEX "${table(i)}_name_key" ON "${table(i)}"("name");\n\n-- CreateIndex\nCREATE INDEX "${table(i)}_status_created_at_idx" ON "${table(i)}"("status", "created_at");\n\n`;
      if (p !== undefined && i % 2 === 0) sql += `-- CreateIndex\nCREATE INDEX "${table(i)}_parent_id_idx" ON "${table(i)}"("parent_id");\n\n`;
      if (p !== undefined) sql += `-- AddForeignKey\nALTER TABLE "${table(i)}" ADD CONSTRAINT "${table(i)}_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "${table(p)}"("id") ON DELETE RESTRICT ON UPDATE CASCADE;\n\n`;
    }
    files.push(sourceFile(`prisma/schema/models-${String(start).padStart(4, '0')}.prisma`, schema));
    files.push(sourceFile(`prisma/migrations/2024010100${String(start).padStart(4, '0')}_models_${start}/migration.sql`, sql));
  }
  return files;
}

export function typeormProject(count: number): SourceFile[] {
  return Array.from({ length: count }, (_, i) => {
    const p = parent(i);
    const text = `import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
${p !== undefined ? `import { ${pascal(p)} } from './entity-${p}.entity';\n` : ''}
@Entity('${table(i)}')
@Index(['status', 'createdAt'])
export class ${pascal(i)} {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 120, unique: true })
  name!: string;

  @Column({ default: 'active' })
  status!: string;

  @Column({ type: 'decimal', precision: 12, scale: 2 })
  amount!: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;
${p !== undefined ? `\n  ${i % 2 === 0 ? '@Index()\n  ' : ''}@ManyToOne(() => ${pascal(p)})\n  @JoinColumn({ name: 'parent_id' })\n  parent!: ${pascal(p)};\n` : ''}}
`;
    return sourceFile(`src/entities/entity-${i}.entity.ts`, text);
  });
}

export function drizzleProject(count: number): SourceFile[] {
  return Array.from({ length: count }, (_, i) => {
    const p = parent(i);
    const text = `import { index, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
${p !== undefined ? `import { entity${p} } from './entity-${p}';\n` : ''}
export const entity${i} = pgTable(
  '${table(i)}',
  {
    id: uuid('id').defaultRandom().primaryKey(),
    name: text('name').notNull().unique(),
    status: text('status').notNull().default('active'),
    amount: numeric('amount', { precision: 12, scale: 2 }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
${p !== undefined ? `    parentId: uuid('parent_id').notNull().references(() => entity${p}.id),\n` : ''}  },
  (t) => [index('${table(i)}_status_idx').on(t.status, t.createdAt)${p !== undefined && i % 2 === 0 ? `, index('${table(i)}_parent_idx').on(t.parentId)` : ''}],
);
`;
    return sourceFile(`src/db/schema/entity-${i}.ts`, text);
  });
}

export function sequelizeProject(count: number): SourceFile[] {
  return Array.from({ length: count }, (_, i) => {
    const p = parent(i);
    const text = `'use strict';
module.exports = (sequelize, DataTypes) => {
  const ${pascal(i)} = sequelize.define('${pascal(i)}', {
    id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
    name: { type: DataTypes.STRING(120), allowNull: false, unique: true },
    status: { type: DataTypes.STRING, allowNull: false, defaultValue: 'active' },
    amount: { type: DataTypes.DECIMAL(12, 2), allowNull: false },
${p !== undefined ? `    parentId: { type: DataTypes.UUID, allowNull: false, references: { model: '${pascal(p)}s', key: 'id' } },\n` : ''}  }, { tableName: '${table(i)}', underscored: true, indexes: [{ fields: ['status'] }${p !== undefined && i % 2 === 0 ? ", { fields: ['parent_id'] }" : ''}] });
  return ${pascal(i)};
};
`;
    return sourceFile(`models/entity-${i}.js`, text);
  });
}
