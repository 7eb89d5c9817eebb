import type { Node } from 'oxc-parser';
import { describe, expect, it } from 'vitest';
import {
  classifyAuthName,
  decideAuth,
  describeMiddleware,
  handlerFacts,
  isPublicMarker,
  isRateLimiterName,
  refineAuthCall,
  statusByName,
  statusOfErrorName,
} from '../../../src/scan/code/facts.js';
import { declaredInputs } from '../../../src/scan/code/facts/schema-fields.js';
import { moduleScope } from '../../../src/scan/code/scope.js';
import { moduleSymbols } from '../../../src/scan/code/symbols.js';
import { indexFromFiles } from './project.js';

/** The initializer of `const probe = …` in main.ts, as written, with the index to read it in. */
function probe(files: Record<string, string>) {
  const index = indexFromFiles(files);
  const module = index.modules.get('main.ts')!;
  const declarator = moduleSymbols(module).locals.get('probe')?.declarator as Extract<Node, { type: 'VariableDeclarator' }>;
  return { index, module, node: declarator.init as Node, scope: moduleScope(module) };
}

describe('auth from names', () => {
  it.each([
    ['authenticate', 'required'],
    ['requireAuth', 'required'],
    ['isAuthenticated', 'required'],
    ['passport.authenticate', 'required'],
    ['expressjwt', 'required'],
    ['jwt', 'required'],
    ['verifyToken', 'required'],
    ['verifyJWT', 'required'],
    ['protect', 'required'],
    ['ensureLoggedIn', 'required'],
    ['auth', 'required'],
    ['auth.required', 'required'],
    ['authGuard', 'required'],
    ['JwtAuthGuard', 'required'],
    ["AuthGuard('jwt')", 'required'],
    ['requireUser', 'required'],
    ['bearerAuth', 'required'],
    ['basicAuth', 'required'],
    ['verifyApiKey', 'required'],
    ['validateToken', 'required'],
    ['middlewares.isAuth', 'required'],
    ['ClerkExpressRequireAuth', 'required'],
    ['optionalAuth', 'optional'],
    ['auth.optional', 'optional'],
    ['authenticateOptional', 'optional'],
    ['OptionalJwtAuthGuard', 'optional'],
    ['currentUser', 'optional'],
    ['clerkMiddleware', 'optional'],
    ["requireRole('admin')", 'role'],
    ['authorize', 'role'],
    ['checkPermission', 'role'],
    ['isAdmin', 'role'],
    ['RolesGuard', 'role'],
  ] as const)('%s → %s', (name, effect) => {
    expect(classifyAuthName(name)).toBe(effect);
  });

  it.each([
    'authRouter',
    'authController.login',
    'authLimiter',
    'authValidation.register',
    'validateLogin',
    'ThrottlerGuard',
    'LocalAuthGuard',
    'GoogleOAuthGuard',
    'authors',
    'authorsRouter',
    'cors',
    'helmet',
    'express.json',
    'passport.initialize',
    'passport.session',
    'upload.single',
    'errorHandler',
  ])('%s is not auth', (name) => {
    expect(classifyAuthName(name)).toBeUndefined();
  });

  it('refines calls by their arguments', () => {
    const call = (text: string) => probe({ 'main.ts': `const probe = ${text};` }).node;
    expect(refineAuthCall('required', call(`passport.authenticate(['jwt', 'anonymous'])`))).toBe('optional');
    expect(refineAuthCall('required', call(`passport.authenticate('local', { failureRedirect: '/login' })`))).toBeUndefined();
    expect(refineAuthCall('required', call(`passport.authenticate('jwt', { session: false })`))).toBe('required');
    expect(refineAuthCall('required', call(`expressjwt({ secret, credentialsRequired: false })`))).toBe('optional');
    expect(refineAuthCall('required', call(`auth({ authRequired: false })`))).toBe('optional');
  });

  it('recognises explicit public markers', () => {
    expect(isPublicMarker('Public')).toBe(true);
    expect(isPublicMarker('SkipAuth')).toBe(true);
    expect(isPublicMarker('AllowAnonymous')).toBe(true);
    expect(isPublicMarker('Roles')).toBe(false);
  });

  it('decides the endpoint from the whole chain', () => {
    expect(decideAuth([])).toEqual({ auth: 'none', authBy: [] });
    expect(decideAuth([{ name: 'cors', effect: undefined }])).toEqual({ auth: 'none', authBy: [] });
    expect(decideAuth([{ name: 'spread', effect: 'unknown' }])).toEqual({ auth: 'unknown', authBy: [] });
    expect(decideAuth([{ name: 'optionalAuth', effect: 'optional' }, { name: 'x', effect: 'unknown' }])).toEqual({ auth: 'optional', authBy: ['optionalAuth'] });
    expect(
      decideAuth([
        { name: 'optionalAuth', effect: 'optional' },
        { name: 'authenticate', effect: 'required' },
        { name: "requireRole('admin')", effect: 'role' },
        { name: 'authenticate', effect: 'required' },
      ]),
    ).toEqual({ auth: 'required', authBy: ['authenticate', "requireRole('admin')"] });
    expect(decideAuth([{ name: 'JwtAuthGuard', effect: 'required' }, { name: 'Public', effect: 'public' }])).toEqual({ auth: 'none', authBy: [] });
  });
});

describe('middleware facts beyond the name', () => {
  const describeProbe = (files: Record<string, string>) => {
    const { index, module, node } = probe(files);
    return describeMiddleware(index, module, node);
  };

  it('looks up what an unhelpfully named middleware is', () => {
    expect(describeProbe({ 'main.ts': `import { expressjwt } from 'express-jwt';\nconst guard = expressjwt({ secret: 's' });\nconst probe = guard;` }).auth).toBe('required');
    expect(describeProbe({ 'main.ts': `const mw = (req, res, next) => { if (!req.headers.authorization) return res.sendStatus(401); next(); };\nconst probe = mw;` }).auth).toBe('required');
    expect(describeProbe({ 'main.ts': `const mw = (req, res, next) => { req.start = Date.now(); next(); };\nconst probe = mw;` }).auth).toBeUndefined();
    expect(describeProbe({ 'main.ts': `const probe = flag ? a : b;` }).auth).toBe('unknown');
    expect(describeProbe({ 'main.ts': `import { mw } from './missing';\nconst probe = mw;` }).auth).toBe('unknown');
    expect(describeProbe({ 'main.ts': `import compression from 'compression';\nconst probe = compression();` }).auth).toBeUndefined();
    expect(describeProbe({ 'main.ts': `import multer from 'multer';\nconst upload = multer({ dest: 'x' });\nconst probe = upload.single('file');` }).auth).toBeUndefined();
    expect(describeProbe({ 'main.ts': `const probe = undeclaredGlobal;` }).auth).toBe('unknown');
    expect(describeProbe({ 'main.ts': `import { guards } from './guards';\nconst probe = guards[role];`, 'guards.ts': 'export const guards = {};' }).auth).toBe('unknown');
  });

  it('tells rate limiters and validators apart from auth', () => {
    expect(describeProbe({ 'main.ts': `import rateLimit from 'express-rate-limit';\nconst probe = rateLimit({ max: 5 });` })).toMatchObject({ rateLimit: true, auth: undefined });
    expect(describeProbe({ 'main.ts': `import { bodyLimit } from 'hono/body-limit';\nconst probe = bodyLimit({ maxSize: 1 });` }).rateLimit).toBe(false);
    expect(isRateLimiterName('apiLimiter')).toBe(true);
    expect(isRateLimiterName('uploadSizeLimit')).toBe(false);
    expect(describeProbe({ 'main.ts': `import { celebrate, Joi } from 'celebrate';\nconst probe = celebrate({ body: Joi.object() });` }).validation).toBe('celebrate');
    expect(
      describeProbe({
        'main.ts': `import { validate } from './validate';\nimport { schema } from './schema';\nconst probe = validate(schema);`,
        'validate.ts': `export const validate = (s) => (req, res, next) => next();`,
        'schema.ts': `import * as yup from 'yup';\nexport const schema = yup.object({ a: yup.string() });`,
      }).validation,
    ).toBe('yup');
    expect(describeProbe({ 'main.ts': `const validateBody = (req, res, next) => next();\nconst probe = validateBody;` }).validation).toBe('custom');
    expect(describeProbe({ 'main.ts': `import { authenticate } from './auth';\nconst probe = authenticate;`, 'auth.ts': 'export const authenticate = 1;' }).validation).toBeUndefined();
  });
});

describe('inputs declared by validators', () => {
  const declared = (files: Record<string, string>) => {
    const { index, module, node } = probe(files);
    return declaredInputs(index, module, node);
  };

  it('reads object schema keys by segment', () => {
    const schemas = `import { z } from 'zod';\nimport Joi from 'joi';\nexport const page = z.object({ limit: z.number() });\nexport const list = page.extend({ q: z.string() }).strict();\nexport const user = Joi.object().keys({ email: Joi.string() });`;
    expect(declared({ 'schemas.ts': schemas, 'main.ts': `import { list, user } from './schemas';\nconst probe = validate({ query: list, body: user });` })).toEqual({ query: ['limit', 'q'], body: ['email'] });
    expect(declared({ 'schemas.ts': schemas, 'main.ts': `import { user } from './schemas';\nconst probe = validateRequest(user);` })).toEqual({ body: ['email'] });
    expect(declared({ 'main.ts': `import { celebrate, Joi, Segments } from 'celebrate';\nconst probe = celebrate({ [Segments.QUERY]: Joi.object({ page: Joi.number() }) });` })).toEqual({ query: ['page'] });
    expect(declared({ 'main.ts': `import { zValidator } from '@hono/zod-validator';\nimport { z } from 'zod';\nconst probe = zValidator('param', z.object({ id: z.string() }));` })).toEqual({ path: ['id'] });
    expect(declared({ 'main.ts': `import { body } from 'express-validator';\nconst probe = body('email').isEmail().normalizeEmail();` })).toEqual({ body: ['email'] });
    expect(declared({ 'main.ts': `const probe = authenticate({ body: 1 });` })).toEqual({});
  });
});

describe('handler facts', () => {
  const facts = (files: Record<string, string>) => {
    const { index, node, scope } = probe(files);
    return handlerFacts(index, node, scope);
  };

  it('reads status codes from responses and thrown errors', () => {
    const result = facts({
      'main.ts': `import httpStatus from 'http-status';\nconst probe = async (req, res) => {\n  if (!req.user) throw new UnauthorizedError();\n  if (x) throw new ApiError(httpStatus.NOT_FOUND, 'missing');\n  if (y) return next(createError(409));\n  res.status(httpStatus.CREATED).json({});\n};`,
    });
    expect(result.responses).toEqual(['201', '401', '404', '409']);
    expect(facts({ 'main.ts': `const probe = (req, res) => res.json([]);` }).responses).toEqual(['200']);
    expect(facts({ 'main.ts': `const probe = (req, res) => { res.sendStatus(204); };` }).responses).toEqual(['204']);
    expect(facts({ 'main.ts': `const probe = (req, reply) => { reply.code(202).send(); };` }).responses).toEqual(['202']);
    expect(facts({ 'main.ts': `const probe = async (ctx) => { ctx.status = 201; ctx.body = {}; };` }).responses).toEqual(['201']);
    expect(facts({ 'main.ts': `const probe = async (ctx) => { ctx.throw(404, 'no'); };` }).responses).toEqual(['404']);
    expect(facts({ 'main.ts': `const probe = (c) => c.json({}, 201);` }).responses).toEqual(['201']);
    expect(facts({ 'main.ts': `const probe = (c) => c.redirect('/x');` }).responses).toEqual(['302']);
    expect(facts({ 'main.ts': `const probe = (req, res) => { const list = new Array(200); res.end(); };` }).responses).toEqual(['200']);
    expect(statusByName('UNPROCESSABLE_ENTITY')).toBe(422);
    expect(statusOfErrorName('NotFoundException')).toBe(404);
    expect(statusOfErrorName('Error')).toBeUndefined();
  });

  it('reads inputs in Express, Koa and Hono styles', () => {
    expect(facts({ 'main.ts': `const probe = (req, res) => { const { page, limit = 10 } = req.query; res.json(req.body.name + req.params.id); };` }).inputs).toEqual({ path: ['id'], query: ['page', 'limit'], body: ['name'] });
    expect(facts({ 'main.ts': `const probe = async (ctx) => { const { title } = ctx.request.body; ctx.body = ctx.query.q; };` }).inputs).toEqual({ path: [], query: ['q'], body: ['title'] });
    expect(facts({ 'main.ts': `const probe = async (c) => { const { name } = await c.req.json(); return c.json([c.req.param('id'), c.req.query('sort')]); };` }).inputs).toEqual({ path: ['id'], query: ['sort'], body: ['name'] });
    expect(facts({ 'main.ts': `const probe = (req, res) => res.send(pick(req.query, ['role', 'name']));` }).inputs.query).toEqual(['role', 'name']);
    expect(facts({ 'main.ts': `const probe = (req, res) => res.send(req.headers.host + other.query.x);` }).inputs).toEqual({ path: [], query: [], body: [] });
  });

  it('follows wrappers and delegation to controllers', () => {
    const result = facts({
      'main.ts': `import { asyncHandler } from './lib';\nimport { UsersController } from './users';\nconst users = new UsersController();\nconst probe = asyncHandler((req, res) => users.create(req, res));`,
      'lib.ts': `export const asyncHandler = (fn) => (req, res, next) => Promise.resolve(fn(req, res, next)).catch(next);`,
      'users.ts': `import { z } from 'zod';\nconst Body = z.object({ email: z.string() });\nexport class UsersController {\n  async create(request, response) {\n    const body = Body.parse(request.body);\n    response.status(201).json({ email: request.body.email });\n  }\n}`,
    });
    expect(result).toEqual({ responses: ['201'], inputs: { path: [], query: [], body: ['email'] }, validation: 'zod' });
  });
});
