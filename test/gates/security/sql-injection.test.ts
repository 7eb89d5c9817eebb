import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/security/sql-injection.js';
import { findingsOf, projectContext, runRule, where } from '../../helpers/gates.js';

const PKG = JSON.stringify({ name: 'svc', dependencies: { express: '^4.19.0', pg: '^8.11.0' } });

/** An Express app whose one route handler body is `body`. */
const express = (body: string, imports = "import { pool } from './db.js';") => `import express from 'express';
${imports}
const app = express();
app.get('/v1/users', async (req, res) => {
${body}
});
export default app;
`;
const DB = "import pg from 'pg';\nexport const pool = new pg.Pool();\n";

const run = (files: Record<string, string>) => findingsOf(rule, { 'package.json': PKG, 'src/db.ts': DB, ...files });

describe('sec/sql-injection (Express)', () => {
  it('flags request data interpolated into the SQL text of a query', async () => {
    const findings = await run({ 'src/app.ts': express("  const { rows } = await pool.query(`SELECT * FROM users WHERE name = '${req.query.name}'`);\n  res.json(rows);") });
    expect(where(findings)).toEqual(['src/app.ts:5']);
    expect(findings[0]?.severity).toBe('error');
    expect(findings[0]?.message).toContain('req.query.name');
    expect(findings[0]?.subject).toBe('GET /v1/users');
  });

  it('follows a local variable and destructuring', async () => {
    const body = ["  const { name } = req.query;", "  const sql = `SELECT * FROM users WHERE name = '${name}'`;", '  const { rows } = await pool.query(sql);', '  res.json(rows);'].join('\n');
    const findings = await run({ 'src/app.ts': express(body) });
    expect(where(findings)).toEqual(['src/app.ts:6']);
    expect(findings[0]?.related?.map((r) => `${r.line}:${r.message}`)).toEqual(['5:request data read here: req.query.name', '7:run as SQL by pool.query()']);
  });

  it('follows concatenation built over several statements', async () => {
    const body = [
      "  let sql = 'SELECT * FROM users WHERE 1 = 1';",
      '  const role = req.query.role;',
      '  if (role) {',
      "    sql += \" AND role = '\" + role + \"'\";",
      '  }',
      "  sql = sql + ' ORDER BY id';",
      '  const { rows } = await pool.query(sql);',
      '  res.json(rows);',
    ].join('\n');
    expect(where(await run({ 'src/app.ts': express(body) }))).toEqual(['src/app.ts:8']);
  });

  it('follows a helper function of the same file, and its return value', async () => {
    const app = `import express from 'express';
import { pool } from './db.js';
const app = express();
function findByEmail(email: string) {
  return pool.query("SELECT * FROM users WHERE email = '" + email + "'");
}
const like = (term: string) => \`%\${term.trim()}%\`;
app.get('/v1/users', async (req, res) => {
  res.json(await findByEmail(req.body.email));
});
app.get('/v1/search', async (req, res) => {
  const pattern = like(String(req.query.q));
  res.json(await pool.query(\`SELECT * FROM users WHERE name LIKE '\${pattern}'\`));
});
export default app;
`;
    const findings = await run({ 'src/app.ts': app });
    expect(where(findings)).toEqual(['src/app.ts:5', 'src/app.ts:13']);
    expect(findings[0]?.related?.map((r) => r.message)).toContain('passed to findByEmail() as argument 1');
  });

  it('follows request data from a route into a repository in another file', async () => {
    const route = `import { Router } from 'express';
import * as users from './users-repository.js';
export const router = Router();
router.get('/v1/users', async (req, res) => {
  const term = req.query.term as string;
  res.json(await users.search(term, 20));
});
`;
    const repository = `import { pool } from './db.js';
export async function search(term: string, limit: number) {
  const sql = \`SELECT id, name FROM users
    WHERE name ILIKE '%\${term}%'
    LIMIT $1\`;
  const { rows } = await pool.query(sql, [limit]);
  return rows;
}
`;
    const findings = await run({ 'src/routes.ts': route, 'src/users-repository.ts': repository });
    expect(where(findings)).toEqual(['src/users-repository.ts:4']);
    expect(findings[0]?.related?.map((r) => `${r.file}:${r.line}`)).toEqual(['src/routes.ts:5', 'src/routes.ts:6', 'src/users-repository.ts:6']);
  });

  it('passes bound parameters, constant text and numbers', async () => {
    const body = [
      '  const limit = Number(req.query.limit);',
      "  const page = parseInt(String(req.query.page), 10);",
      "  const a = await pool.query('SELECT * FROM users WHERE name = $1 LIMIT $2', [req.query.name, limit]);",
      '  const b = await pool.query(`SELECT * FROM users ORDER BY id LIMIT ${limit} OFFSET ${page * limit}`);',
      "  const c = await pool.query({ text: 'SELECT * FROM users WHERE id = $1', values: [req.params.id] });",
      '  res.json([a.rows, b.rows, c.rows, req.query.name.length]);',
    ].join('\n');
    expect(await run({ 'src/app.ts': express(body) })).toEqual([]);
  });

  it('still flags a string that was validated: validation is not parameterisation', async () => {
    const body = [
      "  const { q } = z.object({ q: z.string().min(2), page: z.coerce.number() }).parse(req.query);",
      "  const { page } = z.object({ page: z.coerce.number() }).parse(req.query);",
      "  res.json(await pool.query(`SELECT * FROM products WHERE name LIKE '%${q}%' OFFSET ${page}`));",
    ].join('\n');
    const findings = await run({ 'src/app.ts': express(body, "import { pool } from './db.js';\nimport { z } from 'zod';") });
    expect(where(findings)).toEqual(['src/app.ts:8']);
    expect(findings[0]?.message).toContain('`q`');
  });

  it('passes fields a validator middleware makes numbers, flags its strings', async () => {
    const app = `import express from 'express';
import { z } from 'zod';
import { pool } from './db.js';
import { validate } from './validate.js';
const listQuery = z.object({ q: z.string().min(2), limit: z.coerce.number().int().max(100), offset: z.coerce.number().int() });
const app = express();
app.get('/v1/products', validate({ query: listQuery }), async (req, res) => {
  const { limit, offset } = req.query;
  const { rows } = await pool.query(\`SELECT * FROM products ORDER BY name LIMIT \${limit} OFFSET \${offset}\`);
  const found = await pool.query(\`SELECT * FROM products WHERE name ILIKE '%\${req.query.q}%'\`);
  res.json({ rows, found: found.rows });
});
export default app;
`;
    const validate = "import type { RequestHandler } from 'express';\nexport const validate = (schemas: Record<string, { parse(x: unknown): unknown }>): RequestHandler => (req, _res, next) => next();\n";
    expect(where(await run({ 'src/app.ts': app, 'src/validate.ts': validate }))).toEqual(['src/app.ts:10']);
  });

  it('tells Prisma tagged $queryRaw (safe) from $queryRawUnsafe (unsafe)', async () => {
    const app = `import express from 'express';
import { PrismaClient, Prisma } from '@prisma/client';
const prisma = new PrismaClient();
const app = express();
app.get('/v1/a', async (req, res) => {
  res.json(await prisma.$queryRaw\`SELECT * FROM "User" WHERE email = \${req.query.email}\`);
});
app.get('/v1/b', async (req, res) => {
  res.json(await prisma.$queryRawUnsafe(\`SELECT * FROM "User" WHERE email = '\${req.query.email}'\`));
});
app.get('/v1/c', async (req, res) => {
  res.json(await prisma.$queryRaw(Prisma.sql\`SELECT * FROM "User" WHERE id = \${req.params.id}\`));
});
app.get('/v1/d', async (req, res) => {
  res.json(await prisma.$executeRawUnsafe('DELETE FROM "User" WHERE id = $1', req.params.id));
});
export default app;
`;
    expect(where(await run({ 'src/app.ts': app }))).toEqual(['src/app.ts:9']);
  });

  it('tells knex.raw with bindings (safe) from interpolation (unsafe)', async () => {
    const app = `import express from 'express';
import knexFactory from 'knex';
const knex = knexFactory({ client: 'pg' });
const app = express();
app.get('/v1/a', async (req, res) => {
  res.json(await knex.raw('SELECT * FROM users WHERE name = ?', [req.query.name]));
});
app.get('/v1/b', async (req, res) => {
  res.json(await knex.raw(\`SELECT * FROM users WHERE name = '\${req.query.name}'\`));
});
app.get('/v1/c', async (req, res) => {
  res.json(await knex('users').whereRaw('name = ' + req.query.name).where('id', req.query.id));
});
export default app;
`;
    expect(where(await run({ 'src/app.ts': app }))).toEqual(['src/app.ts:9', 'src/app.ts:12']);
  });

  it('flags sequelize.query with interpolation, not with replacements', async () => {
    const app = `const express = require('express');
const { sequelize } = require('./models');
const app = express();
app.post('/v1/login', async (req, res) => {
  const [user] = await sequelize.query("SELECT * FROM Users WHERE email = '" + req.body.email + "' AND deletedAt IS NULL");
  const [other] = await sequelize.query('SELECT * FROM Users WHERE email = :email', { replacements: { email: req.body.email } });
  res.json({ user, other });
});
module.exports = app;
`;
    expect(where(await run({ 'src/app.js': app, 'src/models.js': "const { Sequelize } = require('sequelize');\nexports.sequelize = new Sequelize('sqlite::memory:');\n" }))).toEqual(['src/app.js:5']);
  });

  it('is silenced by bo-ignore with a reason on the reported line', async () => {
    const lines = ["  const col = req.query.sort === 'name' ? 'name' : req.query.sort;", '  // bo-ignore sec/sql-injection: sort is checked against an allowlist by the gateway', '  const { rows } = await pool.query(`SELECT * FROM users ORDER BY ${col}`);', '  res.json(rows);'];
    expect(await run({ 'src/app.ts': express(lines.join('\n')) })).toEqual([]);
    expect(where(await run({ 'src/app.ts': express(lines.filter((l) => !l.includes('bo-ignore')).join('\n')) }))).toEqual(['src/app.ts:6']);
  });

  it('passes values an allowlist or a constant map chose (clean code does this for ORDER BY)', async () => {
    const body = [
      "  const SORTABLE = ['name', 'created_at'];",
      "  const COLUMNS: Record<string, string> = { name: 'u.name', created: 'u.created_at' };",
      "  const sort = SORTABLE.includes(req.query.sort as string) ? req.query.sort : 'id';",
      "  const column = COLUMNS[String(req.query.by)] ?? 'u.id';",
      '  const dir = String(req.query.dir);',
      "  if (dir !== 'asc' && dir !== 'desc') return res.status(400).end();",
      '  const order = req.query.order as string;',
      "  if (!SORTABLE.includes(order)) throw new Error('bad order');",
      '  const limit = Math.min(Number(req.query.limit) || 20, 100);',
      '  const { rows } = await pool.query(`SELECT * FROM users u ORDER BY ${sort}, ${column}, ${order} ${dir} LIMIT ${limit}`);',
      '  res.json(rows);',
    ].join('\n');
    expect(await run({ 'src/app.ts': express(body) })).toEqual([]);
  });

  it('passes SET lists built from the keys of a validated body, flags keys of an unchecked one', async () => {
    const app = `import express from 'express';
import { z } from 'zod';
import { pool } from './db.js';
const changes = z.object({ name: z.string(), email: z.string().email() }).partial();
const app = express();
app.patch('/v1/users/:id', async (req, res) => {
  const body = changes.parse(req.body);
  const keys = Object.keys(body);
  const set = keys.map((key, i) => \`"\${key}" = $\${i + 2}\`).join(', ');
  await pool.query(\`UPDATE users SET \${set} WHERE id = $1\`, [req.params.id, ...Object.values(body)]);
  res.status(204).end();
});
app.put('/v1/users/:id', async (req, res) => {
  const set = Object.keys(req.body).map((key, i) => \`"\${key}" = $\${i + 2}\`).join(', ');
  await pool.query(\`UPDATE users SET \${set} WHERE id = $1\`, [req.params.id, ...Object.values(req.body)]);
  res.status(204).end();
});
export default app;
`;
    expect(where(await run({ 'src/app.ts': app }))).toEqual(['src/app.ts:15']);
  });
});

describe('sec/sql-injection (Fastify, NestJS, Koa, Hono)', () => {
  it('flags a Fastify handler reading request.query', async () => {
    const app = `import Fastify from 'fastify';
const fastify = Fastify();
fastify.get('/v1/items', async (request, reply) => {
  const { q } = request.query as { q: string };
  const client = await fastify.pg.connect();
  const { rows } = await client.query('SELECT * FROM items WHERE name = \\'' + q + '\\'');
  return rows;
});
fastify.get('/v1/items/:id', async (request) => {
  const { id } = request.params as { id: string };
  return fastify.pg.query('SELECT * FROM items WHERE id = $1', [id]);
});
export default fastify;
`;
    expect(where(await findingsOf(rule, { 'package.json': JSON.stringify({ dependencies: { fastify: '^4.0.0' } }), 'src/app.ts': app }))).toEqual(['src/app.ts:6']);
  });

  it('follows a Nest controller parameter into an injected service; ParseIntPipe makes a number', async () => {
    const controller = `import { Controller, Get, Param, ParseIntPipe, Query } from '@nestjs/common';
import { UsersService } from './users.service';

@Controller('v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  search(@Query('name') name: string) {
    return this.users.byName(name);
  }

  @Get(':id')
  one(@Param('id', ParseIntPipe) id: number) {
    return this.users.byId(id);
  }
}
`;
    const service = `import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

@Injectable()
export class UsersService {
  constructor(private readonly dataSource: DataSource) {}

  byName(name: string) {
    return this.dataSource.query(\`SELECT * FROM "user" WHERE name = '\${name}'\`);
  }

  byId(id: number) {
    return this.dataSource.query(\`SELECT * FROM "user" WHERE id = \${id}\`);
  }
}
`;
    const files = { 'package.json': JSON.stringify({ dependencies: { '@nestjs/common': '^10.0.0', typeorm: '^0.3.0' } }), 'src/users.controller.ts': controller, 'src/users.service.ts': service };
    const findings = await findingsOf(rule, files);
    expect(where(findings)).toEqual(['src/users.service.ts:9']);
    expect(findings[0]?.message).toContain("@Query('name') name");
    expect(findings[0]?.related?.[0]?.file).toBe('src/users.controller.ts');
  });

  it('passes numeric DTO fields, flags string ones (Nest @Query() with a class-validator DTO)', async () => {
    const controller = `import { Controller, Get, Query } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString } from 'class-validator';
import { DataSource } from 'typeorm';

export class ListQuery {
  @IsOptional() @IsString() name?: string;
  @Type(() => Number) @IsInt() limit = 20;
  offset: number = 0;
}

@Controller('v1/items')
export class ItemsController {
  constructor(private readonly db: DataSource) {}

  @Get()
  list(@Query() query: ListQuery) {
    return this.db.query(\`SELECT * FROM items WHERE name LIKE '%\${query.name}%'
      LIMIT \${query.limit} OFFSET \${query.offset}\`);
  }
}
`;
    const findings = await findingsOf(rule, { 'src/items.controller.ts': controller });
    expect(where(findings)).toEqual(['src/items.controller.ts:18']);
    expect(findings[0]?.message).toContain('`query.name`');
  });

  it('flags a TypeORM query-builder condition built from input, not one with parameters', async () => {
    const service = `import { Controller, Get, Query } from '@nestjs/common';
import { Repository } from 'typeorm';
@Controller('v1/users')
export class UsersController {
  constructor(private readonly repo: Repository<unknown>) {}
  @Get()
  list(@Query('role') role: string) {
    const a = this.repo.createQueryBuilder('u').where(\`u.role = '\${role}'\`).getMany();
    const b = this.repo.createQueryBuilder('u').where('u.role = :role', { role }).getMany();
    return [a, b];
  }
}
`;
    expect(where(await findingsOf(rule, { 'src/users.controller.ts': service }))).toEqual(['src/users.controller.ts:8']);
  });

  it('flags Koa ctx.query and Hono c.req.query()', async () => {
    const koa = `import Koa from 'koa';
import Router from '@koa/router';
import { pool } from './db.js';
const router = new Router();
router.get('/v1/orders', async (ctx) => {
  const status = ctx.query.status;
  ctx.body = (await pool.query(\`SELECT * FROM orders WHERE status = '\${status}'\`)).rows;
});
new Koa().use(router.routes());
`;
    const hono = `import { Hono } from 'hono';
import { pool } from './db.js';
const app = new Hono();
app.get('/v1/tags', async (c) => {
  const name = c.req.query('name');
  const { rows } = await pool.query("SELECT * FROM tags WHERE name = '" + name + "'");
  return c.json(rows);
});
app.get('/v1/tags/:id', async (c) => c.json((await pool.query('SELECT * FROM tags WHERE id = $1', [c.req.param('id')])).rows));
export default app;
`;
    expect(where(await run({ 'src/koa.ts': koa, 'src/hono.ts': hono }))).toEqual(['src/hono.ts:6', 'src/koa.ts:7']);
  });
});

describe('sec/sql-injection (robustness)', () => {
  it('reports an internal error for a file it cannot read and still analyses the others', async () => {
    // An array nested 600 deep: deeper than any real handler.
    const deep = `${'['.repeat(600)}'x' + req.query.a${']'.repeat(600)}`;
    const weird = express(`  const s = ${deep};\n  res.json(await pool.query(s));`);
    const fine = express("  res.json(await pool.query(`SELECT * FROM t WHERE a = '${req.query.a}'`));");
    const context = await projectContext({ 'package.json': PKG, 'src/db.ts': DB, 'src/weird.ts': weird, 'src/fine.ts': fine });
    const run = runRule(rule, context);
    expect(run.internalErrors.map((e) => e.file)).toEqual(['src/weird.ts']);
    expect(run.internalErrors[0]?.message).toContain('nested more than');
    expect(where(run.findings)).toEqual(['src/fine.ts:5']);
  });

  it('does not read test files', async () => {
    const body = "  res.json(await pool.query(`SELECT * FROM users WHERE name = '${req.query.name}'`));";
    expect(await run({ 'test/app.test.ts': express(body) })).toEqual([]);
  });
});
