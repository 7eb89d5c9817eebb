import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/database/repeating-columns.js';
import { findingsOf, where } from '../../helpers/gates.js';
import { lineOf, prisma } from './helpers.js';

describe('db/repeating-columns', () => {
  it('flags numbered columns in SQL once, at the first, relating the others', async () => {
    const sql = `CREATE TABLE customers (
  id BIGSERIAL PRIMARY KEY,
  phone1 TEXT,
  phone2 TEXT,
  phone3 TEXT
);
`;
    const findings = await findingsOf(rule, { 'migrations/001_init.sql': sql });
    expect(where(findings)).toEqual([`migrations/001_init.sql:${lineOf(sql, 'phone1')}`]);
    expect(findings[0]?.message).toContain('phone1, phone2, phone3');
    expect(findings[0]?.related?.map((r) => r.line)).toEqual([lineOf(sql, 'phone2'), lineOf(sql, 'phone3')]);
  });

  it('flags address_1 / address_2 in a Prisma model at the field line', async () => {
    const schema = prisma(`model Customer {
  id        Int     @id
  address_1 String?
  address_2 String?
}
`);
    const findings = await findingsOf(rule, { 'prisma/schema.prisma': schema });
    expect(where(findings)).toEqual([`prisma/schema.prisma:${lineOf(schema, 'address_1')}`]);
  });

  it('flags camelCase siblings in a TypeORM entity at the property', async () => {
    const entity = `import { Entity, PrimaryGeneratedColumn, Column } from 'typeorm';

@Entity()
export class Contact {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ nullable: true })
  email1: string;

  @Column({ nullable: true })
  email2: string;
}
`;
    const findings = await findingsOf(rule, { 'src/contact.entity.ts': entity });
    expect(where(findings)).toEqual([`src/contact.entity.ts:${lineOf(entity, 'email1:')}`]);
  });

  it('passes address lines, percentiles, versions, coordinates and a single numbered column', async () => {
    const sql = `CREATE TABLE things (
  id BIGSERIAL PRIMARY KEY,
  address_line1 TEXT, address_line2 TEXT, line1 TEXT, line2 TEXT,
  p50 REAL, p95 REAL, p99 REAL,
  sha1 TEXT, sha256 TEXT, ipv4 TEXT, ipv6 TEXT,
  x1 INT, y1 INT, x2 INT, y2 INT,
  oauth2_token TEXT, level1 TEXT
);
`;
    expect(await findingsOf(rule, { 'migrations/001_init.sql': sql })).toEqual([]);
  });
});
