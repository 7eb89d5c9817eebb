import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/database/list-in-column.js';
import { findingsOf, where } from '../../helpers/gates.js';
import { lineOf, prisma } from './helpers.js';

describe('db/list-in-column', () => {
  it('flags a Prisma String named like a list at the field line', async () => {
    const schema = prisma('model Post {\n  id   Int    @id\n  tags String\n}\n');
    const findings = await findingsOf(rule, { 'prisma/schema.prisma': schema });
    expect(where(findings)).toEqual([`prisma/schema.prisma:${lineOf(schema, 'tags String')}`]);
    expect(findings[0]?.hint).toContain('String[]');
  });

  it('passes Prisma lists and JSON', async () => {
    const schema = prisma('model Post {\n  id     Int      @id\n  tags   String[]\n  labels Json\n  title  String\n}\n');
    expect(await findingsOf(rule, { 'prisma/schema.prisma': schema })).toEqual([]);
  });

  it('flags SQL text columns named like lists or defaulting to a comma list', async () => {
    const sql = `CREATE TABLE orders (
  id BIGSERIAL PRIMARY KEY,
  product_ids TEXT,
  coupon_list VARCHAR(255),
  colors TEXT DEFAULT 'red,green,blue',
  note TEXT DEFAULT 'Hello, world',
  tags TEXT[],
  labels JSONB,
  keyword_ids INTEGER[]
);
`;
    const findings = await findingsOf(rule, { 'migrations/001_init.sql': sql });
    expect(where(findings)).toEqual(['product_ids', 'coupon_list', 'colors'].map((c) => `migrations/001_init.sql:${lineOf(sql, c)}`));
    expect(findings[2]?.message).toContain("default 'red,green,blue'");
  });

  it('flags a TypeORM simple-array column', async () => {
    const entity = `import { Entity, PrimaryGeneratedColumn, Column } from 'typeorm';

@Entity()
export class Article {
  @PrimaryGeneratedColumn()
  id: number;

  @Column('simple-array')
  authors: string[];
}
`;
    const findings = await findingsOf(rule, { 'src/article.entity.ts': entity });
    expect(where(findings)).toEqual([`src/article.entity.ts:${lineOf(entity, 'authors:')}`]);
    expect(findings[0]?.message).toContain('simple-array');
  });
});
