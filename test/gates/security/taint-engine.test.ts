/**
 * The shared taint engine, through the rules that read it: how request data is followed through
 * the shapes real code takes (constructor-function DAOs, closures, callbacks, helpers given the
 * whole request, instances of project classes), and where it stops (numbers, escapers, recursion).
 */
import { describe, expect, it } from 'vitest';
import dangerousCall from '../../../src/gates/security/dangerous-call.js';
import nosqlInjection from '../../../src/gates/security/nosql-injection.js';
import sqlInjection from '../../../src/gates/security/sql-injection.js';
import { findingsOf, where } from '../../helpers/gates.js';

describe('taint engine', () => {
  it('follows a route into a constructor-function DAO and a closure building $where (NodeGoat style)', async () => {
    const dao = `const { MongoClient } = require('mongodb');
function AllocationsDAO(db) {
  const allocations = db.collection('allocations');
  this.byUserAndThreshold = (userId, threshold, callback) => {
    const parsedUserId = parseInt(userId);
    const criteria = () => {
      if (threshold) {
        return { $where: \`this.userId == \${parsedUserId} && this.stocks > '\${threshold}'\` };
      }
      return { userId: parsedUserId };
    };
    allocations.find(criteria()).toArray(callback);
  };
}
module.exports = { AllocationsDAO, MongoClient };
`;
    const routes = `const express = require('express');
const { AllocationsDAO } = require('./allocations-dao');
function AllocationsHandler(db) {
  const dao = new AllocationsDAO(db);
  this.display = (req, res) => {
    const { userId } = req.params;
    const { threshold } = req.query;
    dao.byUserAndThreshold(userId, threshold, (err, rows) => res.json(rows));
  };
}
const app = express();
const handler = new AllocationsHandler(null);
app.get('/v1/allocations/:userId', handler.display);
module.exports = app;
`;
    const findings = await findingsOf(nosqlInjection, { 'app/allocations-dao.js': dao, 'app/routes.js': routes });
    expect(where(findings)).toEqual(['app/allocations-dao.js:8']);
    expect(findings[0]?.message).toContain('req.query.threshold');
  });

  it('finds the styles intentionally vulnerable apps are written in', async () => {
    const search = `const models = require('../models/index');
module.exports = function searchProducts() {
  return (req, res, next) => {
    let criteria = req.query.q === 'undefined' ? '' : req.query.q ?? '';
    criteria = criteria.length <= 200 ? criteria : criteria.substring(0, 200);
    models.sequelize.query(\`SELECT * FROM Products WHERE ((name LIKE '%\${criteria}%' OR description LIKE '%\${criteria}%') AND deletedAt IS NULL) ORDER BY name\`)
      .then(([products]) => res.json({ data: products }))
      .catch((error) => next(error));
  };
};
`;
    const legacy = `var express = require('express');
var mysql = require('mysql');
var sqlite3 = require('sqlite3');
var connection = mysql.createConnection({});
var db = new sqlite3.Database(':memory:');
var router = express.Router();
router.get('/users/:id', function (req, res) {
  connection.query('SELECT * FROM users WHERE id = ' + req.params.id, function (err, rows) {
    res.json(rows);
  });
});
router.post('/login', function (req, res) {
  var sql = "SELECT * FROM users WHERE username = '" + req.body.username + "' AND password = '" + req.body.password + "'";
  db.all(sql, function (err, rows) {
    res.json(rows);
  });
});
module.exports = router;
`;
    const files = { 'routes/search.js': search, 'routes/legacy.js': legacy, 'models/index.js': "const { Sequelize } = require('sequelize');\nexports.sequelize = new Sequelize('sqlite::memory:');\n" };
    expect(where(await findingsOf(sqlInjection, files))).toEqual(['routes/legacy.js:8', 'routes/legacy.js:13', 'routes/search.js:6']);
  });

  it('follows a helper that takes the whole request under another name, and a class instance', async () => {
    const app = `import express from 'express';
import { pool } from './db.js';
class UserStore {
  byRole(role: string) {
    return pool.query('SELECT * FROM users WHERE role = ' + "'" + role + "'");
  }
}
const store = new UserStore();
function roleOf(r: express.Request) {
  return String(r.query.role).toLowerCase();
}
const app = express();
app.get('/v1/users', async (req, res) => {
  res.json(await store.byRole(roleOf(req)));
});
export default app;
`;
    const findings = await findingsOf(sqlInjection, { 'src/app.ts': app, 'src/db.ts': "import pg from 'pg';\nexport const pool = new pg.Pool();\n" });
    expect(where(findings)).toEqual(['src/app.ts:5']);
    expect(findings[0]?.related?.map((r) => r.message)).toEqual(['request data read here: req.query.role', 'passed to roleOf() as argument 1 and returned', 'passed to store.byRole() as argument 1']);
  });

  it('binds array callbacks to the elements: quoted ids flag, numbers do not', async () => {
    const app = `import express from 'express';
import { pool } from './db.js';
const app = express();
app.post('/v1/users/batch', async (req, res) => {
  const ids: string[] = req.body.ids;
  const quoted = ids.map((id) => \`'\${id}'\`).join(',');
  const numbers = ids.map(Number).join(',');
  const a = await pool.query(\`SELECT * FROM users WHERE id IN (\${quoted})\`);
  const b = await pool.query(\`SELECT * FROM users WHERE id IN (\${numbers})\`);
  res.json([a.rows, b.rows]);
});
export default app;
`;
    const findings = await findingsOf(sqlInjection, { 'src/app.ts': app, 'src/db.ts': "import pg from 'pg';\nexport const pool = new pg.Pool();\n" });
    expect(where(findings)).toEqual(['src/app.ts:8']);
  });

  it('treats escapers as safe for their own sink only', async () => {
    const app = `import express from 'express';
import format from 'pg-format';
import mysql from 'mysql2';
import path from 'node:path';
import fs from 'node:fs';
import { pool } from './db.js';
const app = express();
app.get('/v1/files/:name', async (req, res) => {
  const a = await pool.query(format('SELECT * FROM files WHERE name = %L', req.params.name));
  const b = await pool.query(format('SELECT * FROM files WHERE name = %s', req.params.name));
  const c = await pool.query('SELECT * FROM files WHERE name = ' + mysql.escape(req.params.name));
  const base = path.basename(req.params.name);
  const d = await pool.query(\`SELECT * FROM files WHERE name = '\${base}'\`);
  res.send(fs.readFileSync(path.join('files', base)) + String([a, b, c, d].length));
});
export default app;
`;
    const files = { 'src/app.ts': app, 'src/db.ts': "import pg from 'pg';\nexport const pool = new pg.Pool();\n" };
    expect(where(await findingsOf(sqlInjection, files))).toEqual(['src/app.ts:10', 'src/app.ts:13']);
    expect(await findingsOf(dangerousCall, files)).toEqual([]);
  });

  it('ends on recursion and mutual recursion without losing the finding', async () => {
    const app = `import express from 'express';
import { pool } from './db.js';
function walk(term: string, depth: number): Promise<unknown> {
  if (depth > 3) return pool.query(\`SELECT * FROM t WHERE a = '\${term}'\`);
  return other(term, depth + 1);
}
function other(term: string, depth: number): Promise<unknown> {
  return walk(term, depth);
}
const app = express();
app.get('/v1/t', async (req, res) => res.json(await walk(String(req.query.a), 0)));
export default app;
`;
    const findings = await findingsOf(sqlInjection, { 'src/app.ts': app, 'src/db.ts': "import pg from 'pg';\nexport const pool = new pg.Pool();\n" });
    expect(where(findings)).toEqual(['src/app.ts:4']);
  });

  it('takes uploaded content as request data but not the name multer chose on disk', async () => {
    const app = `const express = require('express');
const fs = require('fs');
const serialize = require('node-serialize');
const app = express();
app.post('/v1/import', (req, res) => {
  const products = serialize.unserialize(req.files.products.data.toString('utf8'));
  const saved = fs.readFileSync(req.file.path);
  res.json({ products, size: saved.length });
});
module.exports = app;
`;
    expect(where(await findingsOf(dangerousCall, { 'src/app.js': app }))).toEqual(['src/app.js:6']);
  });

  it('reads every syntax form a handler may hold without failing', async () => {
    const app = `import express from 'express';
import { pool } from './db.js';
enum Kind { A = 'a' }
namespace Util { export const x = 1; }
const app = express();
app.get('/v1/all', async function handler(this: unknown, req, res, next) {
  label: for (const [k, v = 1] of Object.entries(req.query ?? {})) { if (!k) continue label; else break label; }
  const { a = 1, [String(req.query.key)]: b, ...rest } = req.body ?? {};
  class Local { #secret = req.query.s; static { void 0; } get value() { return this.#secret; } *gen() { yield req.query.g; } }
  const gen = async function* () { for await (const item of [req.query.i]) yield item; };
  const fn = new.target ? null : (x?: string) => x?.trim?.() ?? '';
  let n = 10n; n++; n **= 2n;
  try { JSON.parse(String(req.body)); } catch { void 0; } finally { void 0; }
  switch (req.query.mode) { case 'x': break; default: }
  do { n--; } while (n > 0n);
  const t = tag\`x\${req.query.t}\`;
  const r = /a(b)?/giu.exec(String(req.query.r))?.[1];
  const list = [...(Array.isArray(req.query.l) ? req.query.l : [])];
  const meta = import.meta.url;
  const obj = { async *[Symbol.iterator]() { yield 1; }, get g() { return 1; }, set s(v: unknown) { void v; } };
  const sat = { kind: Kind.A } satisfies { kind: Kind };
  const cast = <string>req.query.c;
  const chain = req.query?.deep?.[0]?.call?.(null);
  const newed = new (class { constructor(...args: unknown[]) { void args; } })(...list);
  void [a, b, rest, Local, gen, fn, t, r, meta, obj, sat, cast, chain, newed, Util.x, this];
  if (typeof next === 'function') void next;
  res.json(await pool.query(\`SELECT * FROM t WHERE c = '\${cast}'\`));
});
function tag(strings: TemplateStringsArray, ...values: unknown[]) { return strings.join('') + values.length; }
export default app;
`;
    const files = { 'src/app.ts': app, 'src/db.ts': "import pg from 'pg';\nexport const pool = new pg.Pool();\n" };
    expect(where(await findingsOf(sqlInjection, files))).toEqual(['src/app.ts:27']);
    for (const rule of [nosqlInjection, dangerousCall]) expect(await findingsOf(rule, files)).toEqual([]);
  });
});
