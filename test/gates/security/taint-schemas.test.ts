import { describe, expect, it } from 'vitest';
import dangerousCall from '../../../src/gates/security/dangerous-call.js';
import sqlInjection from '../../../src/gates/security/sql-injection.js';
import { patternClears } from '../../../src/gates/security/taint/patterns.js';
import { CLEARED } from '../../../src/gates/security/taint/types.js';
import { findingsOf, where } from '../../helpers/gates.js';

const FASTIFY_PKG = JSON.stringify({ name: 'svc', dependencies: { fastify: '^5.0.0', pg: '^8.11.0' } });
const EXPRESS_PKG = JSON.stringify({ name: 'svc', dependencies: { express: '^4.19.0' } });

/** A Fastify app whose routes start on line 7; `imports` is one line. */
const fastifyApp = (routes: string[], imports = '') => `import Fastify from 'fastify';
import { readFileSync } from 'node:fs';
import path from 'node:path';
${imports}
const DIR = path.resolve('files');
const app = Fastify();
${routes.join('\n')}
export default app;
`;

/** One route on one line: its `schema` as written, its handler reading `request.<segment>.name` as a file path. */
const fileRoute = (url: string, schema: string, segment: 'params' | 'query' = 'params') =>
  `app.get('${url}', { schema: ${schema} }, async (request) => readFileSync(path.join(DIR, (request.${segment} as { name: string }).name), 'utf8'));`;

const nameParam = (property: string) => `{ params: { type: 'object', properties: { name: ${property} } } }`;

const paths = (files: Record<string, string>) => findingsOf(dangerousCall, { 'package.json': FASTIFY_PKG, ...files });

describe('patternClears', () => {
  const both = CLEARED.path | CLEARED.sql;
  it.each([
    [String.raw`^task-\d{3,}-[a-z0-9]+(?:-[a-z0-9]+)*$`, '', both],
    ['^[a-z]+$', '', both],
    ['^[a-z]+$', 'i', both],
    [String.raw`^\w+\.json$`, '', both],
    [String.raw`^[0-9a-f]{8}-[0-9a-f]{4}$`, '', both],
    // `--` starts an SQL comment: a dash class repeated clears paths only.
    ['^[a-z0-9-]+$', '', CLEARED.path],
    [String.raw`^[\w-]+$`, '', CLEARED.path],
    // Dots that can never be the whole value (`a..b`, a name starting with a letter) cannot climb out of a directory.
    ['^(latest|[A-Za-z0-9][A-Za-z0-9._-]*)$', '', CLEARED.path],
    [String.raw`^[a-z]+\.\.[a-z]+$`, '', both],
  ])('%s (flags %s) clears %i', (source, flags, expected) => {
    expect(patternClears(source, flags)).toBe(expected);
  });

  it.each([
    ['^[A-Za-z0-9._-]+$', ''], // `..` itself
    ['[a-z]+', ''], // not anchored
    ['^[a-z]+', ''],
    ['^a$|b', ''], // one alternative not anchored
    ['^[a-z]+$', 'm'], // ^ and $ at every line
    ['^.*$', ''],
    ['^[^/]+$', ''],
    [String.raw`^\S+$`, ''],
    ['^[a-z/]+$', ''],
    [String.raw`^[a-z\\]+$`, ''],
    ['^(?=x)[a-z]+$', ''], // lookarounds are not read
    [String.raw`^(a)\1$`, ''], // nor backreferences
    ['^[a-z]+$)', ''], // nor broken expressions
  ])('%s (flags %s) clears nothing', (source, flags) => {
    expect(patternClears(source, flags)).toBe(0);
  });
});

describe('Fastify route schemas', () => {
  it('a path parameter with no pattern is still request data; an anchored pattern of plain characters clears it', async () => {
    const routes = [
      fileRoute('/a/:name', '{}'),
      fileRoute('/b/:name', nameParam("{ type: 'string', minLength: 1 }")),
      fileRoute('/c/:name', nameParam("{ type: 'string', pattern: '^[a-z0-9-]+$' }")),
      fileRoute('/d/:name', nameParam(String.raw`{ pattern: '^file-\\d{3,}$' }`)),
    ];
    expect(where(await paths({ 'src/app.ts': fastifyApp(routes) }))).toEqual(['src/app.ts:7', 'src/app.ts:8']);
  });

  it('a pattern that is not anchored, or lets through `.`, `/` or anything at all, clears nothing', async () => {
    const routes = [
      fileRoute('/a/:name', nameParam("{ type: 'string', pattern: '[a-z0-9-]+' }")),
      fileRoute('/b/:name', nameParam("{ type: 'string', pattern: '^.*$' }")),
      fileRoute('/c/:name', nameParam("{ type: 'string', pattern: '^[^/]+$' }")),
      fileRoute('/d/:name', nameParam("{ type: 'string', pattern: '^[a-z0-9._-]+$' }")),
      fileRoute('/e/:name', nameParam("{ type: 'string', pattern: '^[a-z]+' }")),
    ];
    expect(where(await paths({ 'src/app.ts': fastifyApp(routes) }))).toEqual(['src/app.ts:7', 'src/app.ts:8', 'src/app.ts:9', 'src/app.ts:10', 'src/app.ts:11']);
  });

  it('uuid, integer, enum and const fields clear; other formats do not', async () => {
    const routes = [
      fileRoute('/a/:name', nameParam("{ type: 'string', format: 'uuid' }")),
      fileRoute('/b/:name', nameParam("{ type: 'integer' }")),
      fileRoute('/c/:name', nameParam("{ type: 'string', enum: ['daily', 'weekly'] }")),
      fileRoute('/d/:name', nameParam('{ type: "string", enum: [...KINDS] }')),
      fileRoute('/e/:name', nameParam("{ const: 'latest' }")),
      fileRoute('/f/:name', nameParam("{ type: 'string', format: 'email' }")),
    ];
    const findings = await paths({ 'src/app.ts': fastifyApp(routes, "const KINDS = ['daily', 'weekly'] as const;") });
    expect(where(findings)).toEqual(['src/app.ts:12']);
  });

  it('reads a schema kept in another file, built with spreads, with its pattern given as SOME_REGEX.source', async () => {
    const ids = String.raw`export const FILE_ID_PATTERN = /^file-\d{3,}-[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const LOOSE_PATTERN = /^[\w./-]+$/;
`;
    const schemas = `import { FILE_ID_PATTERN, LOOSE_PATTERN } from './ids.js';
export const FileIdParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: FILE_ID_PATTERN.source } } };
export const LooseParams = { type: 'object', properties: { id: { type: 'string', pattern: LOOSE_PATTERN.source } } };
`;
    const store = `import { readFileSync } from 'node:fs';
import path from 'node:path';
export function readFileById(id: string): string {
  return readFileSync(path.join('files', \`\${id}.json\`), 'utf8');
}
`;
    const routes = `import type { FastifyInstance } from 'fastify';
import { FileIdParams, LooseParams } from './schemas.js';
import { readFileById } from './store.js';
export async function fileRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { id: string } }>('/files/:id', { schema: { params: FileIdParams } }, async (request) => readFileById(request.params.id));
  app.get<{ Params: { id: string; part: string } }>(
    '/files/:id/parts/:part',
    { schema: { params: { ...FileIdParams, properties: { ...FileIdParams.properties, part: { type: 'integer' } } } } },
    async (request) => readFileById(\`\${request.params.id}-\${request.params.part}\`),
  );
  app.get<{ Params: { id: string } }>('/loose/:id', { schema: { params: LooseParams } }, async (request) => readFileById(request.params.id));
}
`;
    const app = "import Fastify from 'fastify';\nimport { fileRoutes } from './routes.js';\nconst app = Fastify();\napp.register(fileRoutes);\nexport default app;\n";
    const findings = await paths({ 'src/ids.ts': ids, 'src/schemas.ts': schemas, 'src/store.ts': store, 'src/routes.ts': routes, 'src/app.ts': app });
    expect(where(findings)).toEqual(['src/store.ts:4']);
    expect(findings[0]?.message).toContain('(src/routes.ts:11)');
  });

  it('reads route({ … }) declarations and route arrays', async () => {
    const params = (pattern: string) => `{ type: 'object', properties: { name: { type: 'string', pattern: '${pattern}' } } }`;
    const app = `import Fastify from 'fastify';
import { readFileSync } from 'node:fs';
const app = Fastify();
const read = async (request: any) => readFileSync('files/' + request.params.name, 'utf8');
app.route({ method: 'GET', url: '/a/:name', schema: { params: ${params('^[a-z]+$')} }, handler: read });
app.route({ method: 'GET', url: '/b/:name', schema: { params: ${params('^.+$')} }, handler: async (request: any) => readFileSync('files/' + request.params.name, 'utf8') });
const routes = [
  { method: 'GET', url: '/c/:name', schema: { params: ${params('^[a-z]+$')} }, handler: async (request: any) => readFileSync('files/' + request.params.name, 'utf8') },
  { method: 'GET', url: '/d/:name', handler: async (request: any) => readFileSync('files/' + request.params.name, 'utf8') },
];
routes.forEach((route) => app.route(route));
export default app;
`;
    expect(where(await paths({ 'src/app.ts': app }))).toEqual(['src/app.ts:6', 'src/app.ts:9']);
  });

  it('a route with attachValidation runs its handler on invalid input: its schema clears nothing', async () => {
    const schema = "{ params: { type: 'object', properties: { name: { type: 'string', pattern: '^[a-z]+$' } } } }";
    const app = `import Fastify from 'fastify';
import { readFileSync } from 'node:fs';
const app = Fastify();
app.get('/a/:name', { attachValidation: true, schema: ${schema} }, async (request: any) => readFileSync('files/' + request.params.name, 'utf8'));
app.get('/b/:name', { attachValidation: false, schema: ${schema} }, async (request: any) => readFileSync('files/' + request.params.name, 'utf8'));
export default app;
`;
    expect(where(await paths({ 'src/app.ts': app }))).toEqual(['src/app.ts:4']);
  });

  it('a query string field counts only when the schema types it a string (an array escapes `pattern`)', async () => {
    const query = (property: string) => `{ querystring: { type: 'object', properties: { name: ${property} } } }`;
    const routes = [fileRoute('/a', query("{ type: 'string', pattern: '^[a-z]+$' }"), 'query'), fileRoute('/b', query("{ pattern: '^[a-z]+$' }"), 'query')];
    expect(where(await paths({ 'src/app.ts': fastifyApp(routes) }))).toEqual(['src/app.ts:8']);
  });

  it('reads TypeBox schemas: Type.String({ pattern }) and Type.Integer()', async () => {
    const routes = [
      fileRoute('/a/:name', "{ params: Type.Object({ name: Type.String({ pattern: '^[a-z]+$' }) }) }"),
      fileRoute('/b/:name', '{ params: Type.Object({ name: Type.Integer() }) }'),
      fileRoute('/c/:name', '{ params: Type.Object({ name: Type.String() }) }'),
    ];
    expect(where(await paths({ 'src/app.ts': fastifyApp(routes, "import { Type } from '@sinclair/typebox';") }))).toEqual(['src/app.ts:9']);
  });

  it('a pattern clears the sinks it rules out only: a dash class still reaches a shell command', async () => {
    const app = `import Fastify from 'fastify';
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
const app = Fastify();
const params = { type: 'object', properties: { name: { type: 'string', pattern: '^[a-z0-9-]+$' } } };
app.get('/a/:name', { schema: { params } }, async (request) => {
  const { name } = request.params as { name: string };
  return readFileSync(\`files/\${name}\`, 'utf8') + execSync('ls ' + name).toString();
});
export default app;
`;
    const findings = await paths({ 'src/app.ts': app });
    expect(where(findings)).toEqual(['src/app.ts:8']);
    expect(findings[0]?.message).toContain('command injection');
  });

  it('a handler shared by routes only gets what every route checks', async () => {
    const app = `import Fastify from 'fastify';
import { readFileSync } from 'node:fs';
const app = Fastify();
const params = { type: 'object', properties: { name: { type: 'string', pattern: '^[a-z]+$' } } };
const read = async (request: any) => readFileSync('files/' + request.params.name, 'utf8');
const readChecked = async (request: any) => readFileSync('files/' + request.params.name, 'utf8');
app.get('/a/:name', { schema: { params } }, read);
app.get('/b/:name', read);
app.get('/c/:name', { schema: { params } }, readChecked);
app.get('/d/:name', { schema: { params } }, readChecked);
export default app;
`;
    expect(where(await paths({ 'src/app.ts': app }))).toEqual(['src/app.ts:5']);
  });
});

describe('Fastify route schemas and SQL', () => {
  const db = "import pg from 'pg';\nexport const pool = new pg.Pool();\n";
  const sqlApp = (pattern: string | undefined) => `import Fastify from 'fastify';
import { pool } from './db.js';
const app = Fastify();
const name = ${pattern === undefined ? "{ type: 'string' }" : `{ type: 'string', pattern: '${pattern}' }`};
app.get('/users/:name', { schema: { params: { type: 'object', properties: { name } } } }, async (request) => {
  const { rows } = await pool.query("SELECT * FROM users WHERE name = '" + (request.params as { name: string }).name + "'");
  return rows;
});
export default app;
`;
  const sql = (pattern: string | undefined) => findingsOf(sqlInjection, { 'package.json': FASTIFY_PKG, 'src/db.ts': db, 'src/app.ts': sqlApp(pattern) });

  it('a parameter held to ^[a-z]+$ is not SQL injection', async () => {
    expect(where(await sql('^[a-z]+$'))).toEqual([]);
  });

  it('a parameter with no pattern, or one that lets through `--`, is', async () => {
    expect(where(await sql(undefined))).toEqual(['src/app.ts:6']);
    expect(where(await sql('^[a-z-]+$'))).toEqual(['src/app.ts:6']);
  });
});

describe('regex guards', () => {
  /** An Express route reading `name` from the path; `guard` runs first, `imports` is one line. */
  const expressApp = (guard: string, imports = '') => `import express from 'express';
import { readFileSync } from 'node:fs';
import path from 'node:path';
${imports}
const app = express();
app.get('/v1/files/:name', (req, res) => {
  const { name } = req.params;
${guard}
  res.send(readFileSync(path.join('files', name), 'utf8'));
});
export default app;
`;
  const run = (files: Record<string, string>) => findingsOf(dangerousCall, { 'package.json': EXPRESS_PKG, ...files });

  it('`if (!RE.test(x)) return …` / `throw …` with an anchored plain regex clears x', async () => {
    const returning = expressApp('  if (!NAME.test(name)) return res.status(400).end();', 'const NAME = /^[a-z0-9-]+$/;');
    const throwing = expressApp("  if (!/^[a-z0-9-]+$/.test(name)) {\n    throw new Error('bad name');\n  }");
    const matching = expressApp('  if (!name.match(NAME)) return res.status(400).end();', "const NAME = new RegExp('^[a-z]+$');");
    expect(where(await run({ 'src/app.ts': returning }))).toEqual([]);
    expect(where(await run({ 'src/app.ts': throwing }))).toEqual([]);
    expect(where(await run({ 'src/app.ts': matching }))).toEqual([]);
  });

  it('an unanchored or permissive regex, or a test whose failure does not stop the code, clears nothing', async () => {
    const unanchored = expressApp('  if (!NAME.test(name)) return res.status(400).end();', 'const NAME = /[a-z0-9-]+/;');
    const permissive = expressApp('  if (!NAME.test(name)) return res.status(400).end();', String.raw`const NAME = /^[\w./-]+$/;`);
    const notStopping = expressApp("  if (!NAME.test(name)) console.warn('odd name');", 'const NAME = /^[a-z]+$/;');
    const either = expressApp('  if (!NAME.test(name) && !OTHER.test(name)) return res.status(400).end();', String.raw`const NAME = /^[a-z]+$/, OTHER = /^[\w./]+$/;`);
    expect(where(await run({ 'src/app.ts': unanchored }))).toEqual(['src/app.ts:9']);
    expect(where(await run({ 'src/app.ts': permissive }))).toEqual(['src/app.ts:9']);
    expect(where(await run({ 'src/app.ts': notStopping }))).toEqual(['src/app.ts:9']);
    expect(where(await run({ 'src/app.ts': either }))).toEqual(['src/app.ts:9']);
  });

  it('a guard on a member expression clears that expression', async () => {
    const app = `import express from 'express';
import { readFileSync } from 'node:fs';
const NAME = /^[a-z]+$/;
const app = express();
app.get('/v1/files/:name/:other', (req, res) => {
  if (!NAME.test(req.params.name)) throw new Error('bad name');
  res.send(readFileSync('files/' + req.params.name, 'utf8') + readFileSync('files/' + req.params.other, 'utf8'));
});
export default app;
`;
    const findings = await run({ 'src/app.ts': app });
    expect(where(findings)).toEqual(['src/app.ts:7']);
    expect(findings[0]?.message).toContain('req.params.other');
  });

  it('a call to a project function that throws unless a regex accepts its parameter clears the argument', async () => {
    const names = String.raw`const NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export function assertName(name: string): void {
  if (!NAME.test(name)) throw new Error('invalid name ' + name);
}
export function assertFileName(name: string): void {
  assertName(name);
}
export function assertLoose(name: string): void {
  if (!/^[\w./-]+$/.test(name)) throw new Error('invalid name');
}
export function assertUnanchored(name: string): void {
  if (!/[a-z]+/.test(name)) throw new Error('invalid name');
}
export function checkName(name: string): boolean {
  if (!NAME.test(name)) return false;
  return true;
}
export function assertUnlessLatest(name: string): void {
  if (name.endsWith('latest')) return;
  if (!NAME.test(name)) throw new Error('invalid name');
}
`;
    const store = `import { readFileSync } from 'node:fs';
import path from 'node:path';
import { assertFileName, assertLoose, assertName, assertUnanchored, assertUnlessLatest, checkName } from './names.js';
const file = (name: string) => path.join('files', name + '.json');
export function readStrict(name: string) {
  assertName(name);
  return readFileSync(file(name), 'utf8');
}
export function readNested(name: string) {
  assertFileName(name);
  return readFileSync(file(name), 'utf8');
}
export function readLoose(name: string) {
  assertLoose(name);
  return readFileSync(file(name), 'utf8');
}
export function readUnanchored(name: string) {
  assertUnanchored(name);
  return readFileSync(file(name), 'utf8');
}
export function readChecked(name: string) {
  checkName(name);
  return readFileSync(file(name), 'utf8');
}
export function readUnlessLatest(name: string) {
  assertUnlessLatest(name);
  return readFileSync(file(name), 'utf8');
}
`;
    const app = `import express from 'express';
import * as store from './store.js';
const app = express();
app.get('/v1/strict/:name', (req, res) => res.send(store.readStrict(req.params.name)));
app.get('/v1/nested/:name', (req, res) => res.send(store.readNested(req.params.name)));
app.get('/v1/loose/:name', (req, res) => res.send(store.readLoose(req.params.name)));
app.get('/v1/unanchored/:name', (req, res) => res.send(store.readUnanchored(req.params.name)));
app.get('/v1/checked/:name', (req, res) => res.send(store.readChecked(req.params.name)));
app.get('/v1/latest/:name', (req, res) => res.send(store.readUnlessLatest(req.params.name)));
export default app;
`;
    const findings = await run({ 'src/names.ts': names, 'src/store.ts': store, 'src/app.ts': app });
    expect(where(findings)).toEqual(['src/store.ts:15', 'src/store.ts:19', 'src/store.ts:23', 'src/store.ts:27']);
  });

  it('a guard holds to the end of the statements it is written among, not past a branch or a try block', async () => {
    const store = `import { readFileSync } from 'node:fs';
const NAME = /^[a-z]+$/;
function assertName(name: string): void {
  if (!NAME.test(name)) throw new Error('invalid name');
}
export function readSometimes(name: string, strict: boolean) {
  if (strict) {
    assertName(name);
    readFileSync('files/' + name);
  }
  return readFileSync('files/' + name);
}
export function readTrying(name: string) {
  try {
    assertName(name);
    return readFileSync('files/' + name);
  } catch {
    return readFileSync('fallback/' + name);
  }
}
`;
    const app = `import express from 'express';
import { readSometimes, readTrying } from './store.js';
const app = express();
app.get('/v1/a/:name', (req, res) => res.send(readSometimes(req.params.name, true)));
app.get('/v1/b/:name', (req, res) => res.send(readTrying(req.params.name)));
export default app;
`;
    expect(where(await run({ 'src/store.ts': store, 'src/app.ts': app }))).toEqual(['src/store.ts:11', 'src/store.ts:18']);
  });
});
