/**
 * The NestJS fixture projects, end to end: every endpoint with its method, full path, auth and
 * the guards/middleware that decided it, and its source line (exact lists), plus the facts of a few.
 * nest-app: global prefix with exclusions, URI versioning (default, controller, method, neutral),
 * RouterModule, APP_GUARD JwtAuthGuard + RolesGuard with @Public routes, ThrottlerGuard, DTOs.
 * nest-mw: the RealWorld style: auth by module middleware (forRoutes/exclude), controller-less
 * paths, method guards (AuthGuard('jwt'), an optional guard), nestjs-zod DTOs.
 */
import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../../../src/registry/schema.js';
import { nestScanner } from '../../../src/scan/code/nest/index.js';
import { fixtureIndex } from './project.js';

const scanFixture = (name: string) => {
  const index = fixtureIndex(name);
  expect(index.parseProblems).toEqual([]);
  expect(nestScanner.detect(index)).toBe(true);
  return nestScanner.scan(index);
};
const row = (e: Endpoint) => `${e.id} ${e.auth}${e.authBy.length ? ` [${e.authBy.join(', ')}]` : ''} ${e.source?.file}:${e.source?.line}`;
const byId = (endpoints: Endpoint[]) => new Map(endpoints.map((e) => [e.id, e]));

describe('fixture nest-app', () => {
  const { endpoints, problems } = scanFixture('nest-app');

  it('lists every endpoint with method, full path, auth, deciding guards and source line', () => {
    expect(problems).toEqual([]);
    expect(endpoints.map(row)).toEqual([
      'GET /api/v1/admin/users required [JwtAuthGuard, RolesGuard] src/admin/admin-users.controller.ts:12',
      'PUT /api/v1/admin/users/{id}/ban required [JwtAuthGuard, RolesGuard] src/admin/admin-users.controller.ts:17',
      'DELETE /api/v1/admin/users/{id} required [JwtAuthGuard, RolesGuard] src/admin/admin-users.controller.ts:22',
      'DELETE /api/v1/admin/users/{id}/hard required [JwtAuthGuard, RolesGuard] src/admin/admin-users.controller.ts:22',
      'POST /api/v1/auth/login none src/auth/auth.controller.ts:11',
      'POST /api/v1/auth/register none src/auth/auth.controller.ts:18',
      'GET /api/v1/auth/profile required [JwtAuthGuard, RolesGuard] src/auth/auth.controller.ts:23',
      'GET /api/v2/cats none src/cats/cats.controller.ts:12',
      'GET /api/v3/cats/{catId} required [JwtAuthGuard, RolesGuard] src/cats/cats.controller.ts:18',
      'POST /api/v1/cats required [JwtAuthGuard, RolesGuard] src/cats/cats.controller.ts:24',
      'POST /api/v2/cats required [JwtAuthGuard, RolesGuard] src/cats/cats.controller.ts:24',
      'GET /status none src/health/health.controller.ts:8',
      'GET /v1/metrics none src/health/health.controller.ts:16',
      'POST /api/v1/metrics/reset required [JwtAuthGuard, RolesGuard] src/health/health.controller.ts:22',
      'GET /api/v1/users required [JwtAuthGuard, RolesGuard] src/users/users.controller.ts:25',
      'GET /api/v1/users/{id} required [JwtAuthGuard, RolesGuard] src/users/users.controller.ts:30',
      'POST /api/v1/users required [JwtAuthGuard, RolesGuard] src/users/users.controller.ts:37',
      'PATCH /api/v1/users/{id} required [JwtAuthGuard, RolesGuard] src/users/users.controller.ts:43',
      'DELETE /api/v1/users/{id} required [JwtAuthGuard, RolesGuard] src/users/users.controller.ts:48',
    ]);
  });

  it('records validation, fields, statuses, versions and throttling', () => {
    const by = byId(endpoints);
    expect(by.get('POST /api/v1/auth/login')).toMatchObject({
      framework: 'nestjs',
      validation: 'class-validator',
      params: { path: [], query: [], body: ['email', 'password'] },
      responses: ['200'],
      version: 'v1',
      rateLimited: true,
    });
    expect(by.get('POST /api/v1/auth/register')).toMatchObject({ responses: ['201'] });
    expect(by.get('GET /api/v1/users')).toMatchObject({ validation: 'class-validator', params: { query: ['page', 'limit'] } });
    expect(by.get('GET /api/v1/users/{id}')).toMatchObject({ params: { path: ['id'] }, responses: ['200', '404'], validation: 'none' });
    expect(by.get('PATCH /api/v1/users/{id}')).toMatchObject({ validation: 'class-validator', params: { body: ['email', 'name', 'bio'] } });
    expect(by.get('DELETE /api/v1/users/{id}')).toMatchObject({ responses: ['204'] });
    expect(by.get('GET /api/v2/cats')).toMatchObject({ params: { query: ['breed', 'age'] }, version: 'v2', rateLimited: false });
    expect(by.get('POST /api/v2/cats')).toMatchObject({ validation: 'zod', responses: ['201'] });
    expect(by.get('GET /status')).toMatchObject({ version: null });
  });
});

describe('fixture nest-mw', () => {
  const { endpoints, problems } = scanFixture('nest-mw');

  it('lists every endpoint with method, full path, auth, deciding middleware/guards and source line', () => {
    expect(problems).toEqual([]);
    expect(endpoints.map(row)).toEqual([
      'GET /api/articles none src/article/article.controller.ts:9',
      'GET /api/articles/feed required [AuthMiddleware] src/article/article.controller.ts:14',
      'GET /api/articles/{slug} none src/article/article.controller.ts:19',
      'GET /api/articles/{slug}/comments none src/article/article.controller.ts:24',
      'POST /api/articles required [AuthMiddleware] src/article/article.controller.ts:29',
      'PUT /api/articles/{slug} required [AuthMiddleware] src/article/article.controller.ts:34',
      'DELETE /api/articles/{slug} required [AuthMiddleware] src/article/article.controller.ts:39',
      'POST /api/articles/{slug}/comments required [AuthMiddleware] src/article/article.controller.ts:44',
      'DELETE /api/articles/{slug}/comments/{id} required [AuthMiddleware] src/article/article.controller.ts:49',
      'POST /api/articles/{slug}/favorite required [AuthMiddleware] src/article/article.controller.ts:55',
      'DELETE /api/articles/{slug}/favorite required [AuthMiddleware] src/article/article.controller.ts:60',
      'GET /api/files/{name} optional [OptionalJwtAuthGuard] src/files/files.controller.ts:13',
      "POST /api/files required [AuthGuard('jwt')] src/files/files.controller.ts:19",
      'GET /api/profiles/{username} none src/profile/profile.controller.ts:8',
      'POST /api/profiles/{username}/follow required [AuthMiddleware] src/profile/profile.controller.ts:13',
      'DELETE /api/profiles/{username}/follow required [AuthMiddleware] src/profile/profile.controller.ts:19',
      'GET /api/tags none src/tag/tag.controller.ts:8',
      'GET /api/labels none src/tag/tag.controller.ts:8',
      'GET /api/user required [AuthMiddleware] src/user/user.controller.ts:9',
      'PUT /api/user required [AuthMiddleware] src/user/user.controller.ts:14',
      'POST /api/users none src/user/user.controller.ts:20',
      'DELETE /api/users/{slug} none src/user/user.controller.ts:25',
      'POST /api/users/login none src/user/user.controller.ts:31',
    ]);
  });

  it('records validation, fields and statuses', () => {
    const by = byId(endpoints);
    expect(by.get('POST /api/articles')).toMatchObject({ validation: 'none', params: { body: ['article'] }, responses: ['201'] });
    expect(by.get('POST /api/users/login')).toMatchObject({ validation: 'class-validator', params: { body: ['user'] }, responses: ['201', '401'] });
    expect(by.get('POST /api/profiles/{username}/follow')).toMatchObject({ responses: ['200'], params: { path: ['username'] } });
    expect(by.get('POST /api/files')).toMatchObject({ validation: 'zod', params: { body: ['title', 'private'] } });
    expect(by.get('DELETE /api/articles/{slug}/comments/{id}')).toMatchObject({ params: { path: ['slug', 'id'] }, version: null, rateLimited: false });
  });
});
