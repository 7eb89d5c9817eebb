import { describe, expect, it } from 'vitest';
import type { Node } from 'oxc-parser';
import { evaluateString, memberPath, resolveExport, resolveName, walk } from '../../../src/scan/code/graph.js';
import { indexFromFiles } from './project.js';

const exprOf = (text: string): Node => {
  const index = indexFromFiles({ 'x.ts': `(${text});` });
  const module = index.modules.get('x.ts')!;
  const statement = module.program.body[0] as Extract<Node, { type: 'ExpressionStatement' }>;
  return statement.expression;
};

/** The static value of `probe` in `main.ts`. */
function valueOf(files: Record<string, string>, probe = 'probe'): string | undefined {
  const index = indexFromFiles(files);
  const module = index.modules.get('main.ts')!;
  const definition = resolveName(index, module, probe);
  return definition && evaluateString(index, definition.module, definition.node);
}

describe('resolveName / resolveExport', () => {
  it('follows named, renamed, default and star re-exports across files', () => {
    const index = indexFromFiles({
      'routes/users.ts': `import { Router } from 'express';\nconst router = Router();\nexport default router;\nexport const helper = () => 1;`,
      'routes/index.ts': `export { default as usersRouter, helper as h } from './users.js';\nexport * from './more';`,
      'routes/more.ts': `export function more() {}`,
      'main.ts': `import { usersRouter, h, more } from './routes';\nimport * as all from './routes/index.js';`,
    });
    const main = index.modules.get('main.ts')!;
    const users = resolveName(index, main, 'usersRouter');
    expect(users?.module.file.path).toBe('routes/users.ts');
    expect(users?.name).toBe('router');
    expect(users?.node.type).toBe('CallExpression');
    expect(users?.declarator?.type).toBe('VariableDeclarator');
    expect(resolveName(index, main, 'h')?.node.type).toBe('ArrowFunctionExpression');
    expect(resolveName(index, main, 'more')?.node.type).toBe('FunctionDeclaration');
    expect(resolveName(index, main, 'all')?.node.type).toBe('Program');
    expect(resolveExport(index, 'routes/index.ts', 'more')?.module.file.path).toBe('routes/more.ts');
    expect(resolveName(index, main, 'missing')).toBeUndefined();
  });

  it('resolves default-exported functions, classes and expressions', () => {
    const index = indexFromFiles({
      'a.ts': `export default function register(app) { app.get('/a', h); }`,
      'b.ts': `export default class Users {}`,
      'c.ts': `export default (app) => app;`,
      'main.ts': `import a from './a'; import B from './b'; import c from './c';`,
    });
    const main = index.modules.get('main.ts')!;
    expect(resolveName(index, main, 'a')?.node.type).toBe('FunctionDeclaration');
    expect(resolveName(index, main, 'B')?.node.type).toBe('ClassDeclaration');
    expect(resolveName(index, main, 'c')?.node.type).toBe('ArrowFunctionExpression');
  });

  it('understands CommonJS require, module.exports and exports.x', () => {
    const index = indexFromFiles({
      'routes/users.js': `const express = require('express');\nconst router = express.Router();\nmodule.exports = router;`,
      'lib/mw.js': `exports.auth = function auth(req, res, next) { next(); };\nmodule.exports.limit = 5;`,
      'lib/obj.js': `const check = () => {};\nmodule.exports = { check, other: () => 2 };`,
      'main.ts': `const users = require('./routes/users');\nconst { auth } = require('./lib/mw');\nconst limit = require('./lib/mw').limit;\nconst { check, other } = require('./lib/obj');\nconst express = require('express');`,
    });
    const main = index.modules.get('main.ts')!;
    expect(resolveName(index, main, 'users')?.node.type).toBe('CallExpression');
    expect(resolveName(index, main, 'auth')?.node.type).toBe('FunctionExpression');
    expect(resolveName(index, main, 'limit')?.node.type).toBe('Literal');
    expect(resolveName(index, main, 'check')?.node.type).toBe('ArrowFunctionExpression');
    expect(resolveName(index, main, 'other')?.node.type).toBe('ArrowFunctionExpression');
    expect(resolveName(index, main, 'express')).toBeUndefined();
  });

  it('ends on import cycles instead of looping', () => {
    const index = indexFromFiles({
      'a.ts': `export { x } from './b';\nexport * from './b';`,
      'b.ts': `export { x } from './a';\nexport * from './a';`,
      'main.ts': `import { x, y } from './a';`,
    });
    const main = index.modules.get('main.ts')!;
    expect(resolveName(index, main, 'x')).toBeUndefined();
    expect(resolveName(index, main, 'y')).toBeUndefined();
    expect(valueOf({ 'main.ts': `const a = b; const b = a; const probe = a + '/x';` })).toBeUndefined();
  });
});

describe('evaluateString', () => {
  it('evaluates literals, templates, concatenation and wrappers', () => {
    expect(valueOf({ 'main.ts': `const probe = '/users';` })).toBe('/users');
    expect(valueOf({ 'main.ts': 'const v = 2; const probe = `/api/v${v}` as const;' })).toBe('/api/v2');
    expect(valueOf({ 'main.ts': `const base = '/api'; const probe = (base + '/' + 'items') satisfies string;` })).toBe('/api/items');
    expect(valueOf({ 'main.ts': `const probe = process.env.PREFIX || '/api';` })).toBe('/api');
  });

  it('follows constants and object members across files', () => {
    const files = {
      'constants.ts': `export const API = '/api';\nexport const ROUTES = { users: \`\${API}/users\`, nested: { deep: '/deep' } } as const;\nexport enum Paths { Orders = '/orders' }`,
      'config/index.ts': `export default { api: { prefix: process.env.API_PREFIX ?? '/v1' } };`,
    };
    expect(valueOf({ ...files, 'main.ts': `import { ROUTES } from './constants';\nconst probe = ROUTES.users;` })).toBe('/api/users');
    expect(valueOf({ ...files, 'main.ts': `import * as C from './constants';\nconst probe = C.ROUTES.nested.deep;` })).toBe('/deep');
    expect(valueOf({ ...files, 'main.ts': `import { Paths } from './constants';\nconst probe = Paths.Orders + '/:id';` })).toBe('/orders/:id');
    expect(valueOf({ ...files, 'main.ts': `import config from './config';\nconst probe = config.api.prefix;` })).toBe('/v1');
    expect(valueOf({ ...files, 'main.ts': `const { API } = require('./constants');\nconst probe = API;` })).toBe('/api');
  });

  it('is undefined for values that need running code', () => {
    expect(valueOf({ 'main.ts': `const probe = getPrefix();` })).toBeUndefined();
    expect(valueOf({ 'main.ts': 'const probe = `/a/${process.env.X}`;' })).toBeUndefined();
    expect(valueOf({ 'main.ts': `const probe = cond ? '/a' : '/b';` })).toBeUndefined();
  });
});

describe('memberPath and walk', () => {
  it('names member chains and refuses computed ones', () => {
    const path = (text: string) => {
      const node = exprOf(text);
      return memberPath(node.type === 'CallExpression' ? node.callee : node);
    };
    expect(path('app.get()')).toBe('app.get');
    expect(path('this.app.use()')).toBe('this.app.use');
    expect(path('express.Router()')).toBe('express.Router');
    expect(path('Router()')).toBe('Router');
    expect(path('app[method]()')).toBeUndefined();
    expect(path('f()()')).toBeUndefined();
  });

  it('visits every node and can skip children', () => {
    const node = exprOf('a(b(c), () => d(e))');
    const all: string[] = [];
    walk(node, (n) => void (n.type === 'Identifier' && all.push(n.name)));
    expect(all).toEqual(['a', 'b', 'c', 'd', 'e']);
    const shallow: string[] = [];
    walk(node, (n) => (n.type === 'ArrowFunctionExpression' ? false : void (n.type === 'Identifier' && shallow.push(n.name))));
    expect(shallow).toEqual(['a', 'b', 'c']);
  });
});
