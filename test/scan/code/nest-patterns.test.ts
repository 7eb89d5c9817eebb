/**
 * NestJS patterns one at a time, each on a small in-memory project: route declaration, the
 * bootstrap's prefix and versioning, RouterModule, guards and public markers, module middleware,
 * and the per-endpoint facts.
 */
import { describe, expect, it } from 'vitest';
import { nestScanner } from '../../../src/scan/code/nest/index.js';
import { indexFromFiles } from './project.js';

const scan = (files: Record<string, string>) => nestScanner.scan(indexFromFiles(files));
const rows = (files: Record<string, string>) =>
  scan(files).endpoints.map((e) => `${e.id} ${e.auth}${e.authBy.length ? ` [${e.authBy.join(', ')}]` : ''} ${e.source?.file}:${e.source?.line}`);
const controller = (decorator: string, body: string[], imports = "import { Controller, Get, Post, Put, Patch, Delete, All, Head, Options, UseGuards, Version } from '@nestjs/common';", name = 'C') =>
  [imports, decorator, `export class ${name} {`, ...body.map((line) => `  ${line}`), '}'].join('\n');

describe('nest: declaring routes', () => {
  it('reads every method decorator, array paths, constants from other files and no-path decorators', () => {
    expect(
      rows({
        'routes.ts': "export const ROUTES = { items: 'items' } as const;\nexport const DETAIL = ':id';",
        'c.controller.ts': controller("@Controller(ROUTES.items)", [
          '@Get() list() {}',
          '@Get(DETAIL) one() {}',
          "@Post() create() {}",
          "@Put(':id') replace() {}",
          "@Patch(':id') update() {}",
          "@Delete([':id', 'by-name/:name']) remove() {}",
          "@Head('probe') head() {}",
          "@Options() options() {}",
          'helper() {}',
        ], "import { Controller, Get, Post, Put, Patch, Delete, Head, Options } from '@nestjs/common';\nimport { ROUTES, DETAIL } from './routes';"),
      }),
    ).toEqual([
      'GET /items none c.controller.ts:5',
      'GET /items/{id} none c.controller.ts:6',
      'POST /items none c.controller.ts:7',
      'PUT /items/{id} none c.controller.ts:8',
      'PATCH /items/{id} none c.controller.ts:9',
      'DELETE /items/{id} none c.controller.ts:10',
      'DELETE /items/by-name/{name} none c.controller.ts:10',
      'HEAD /items/probe none c.controller.ts:11',
      'OPTIONS /items none c.controller.ts:12',
    ]);
  });

  it('expands @All() (not on a catch-all fallback), reads @Controller() without a path and { path } objects', () => {
    const found = scan({
      'a.controller.ts': controller('@Controller()', ["@All('proxy/*') proxy() {}", "@All('*') fallback() {}"]),
      'b.controller.ts': controller("@Controller({ path: ['b', 'bee'], host: 'api.example.com' })", ['@Get() get() {}']),
    }).endpoints.map((e) => e.id);
    expect(found).toEqual([
      'GET /proxy/{wildcard}', 'POST /proxy/{wildcard}', 'PUT /proxy/{wildcard}', 'PATCH /proxy/{wildcard}', 'DELETE /proxy/{wildcard}',
      'GET /b', 'GET /bee',
    ]);
  });

  it('inherits route methods from a base controller class, unless the subclass redeclares them', () => {
    expect(
      rows({
        'base.controller.ts': "import { Get, Delete } from '@nestjs/common';\nexport abstract class CrudController<T> {\n  @Get() findAll() {}\n  @Delete(':id') remove() {}\n}",
        'users.controller.ts': [
          "import { Controller, Delete } from '@nestjs/common';",
          "import { CrudController } from './base.controller';",
          "@Controller('users')",
          'export class UsersController extends CrudController<User> {',
          "  @Delete(':id/soft') remove() {}",
          '}',
        ].join('\n'),
      }),
    ).toEqual(['GET /users none base.controller.ts:3', 'DELETE /users/{id}/soft none users.controller.ts:5']);
  });

  it('ignores controllers and app setup in tests', () => {
    const found = scan({
      'src/c.controller.ts': controller("@Controller('c')", ['@Get() a() {}']),
      'test/app.e2e-spec.ts': "import { Controller, Get } from '@nestjs/common';\n@Controller('fake') export class Fake { @Get() a() {} }\napp.setGlobalPrefix('test');",
      'src/c.controller.spec.ts': "import { Controller, Get } from '@nestjs/common';\n@Controller('spec') export class Spec { @Get() a() {} }",
    });
    expect(found.endpoints.map((e) => e.id)).toEqual(['GET /c']);
  });

  it('ignores classes that are not Nest controllers (routing-controllers uses the same names)', () => {
    const files = { 'c.ts': "import { Controller, Get } from 'routing-controllers';\n@Controller('/x')\nexport class X { @Get('/y') y() {} }" };
    expect(nestScanner.detect(indexFromFiles(files))).toBe(false);
    expect(scan(files).endpoints).toEqual([]);
  });

  it('reports a controller or route path that is not static and keeps going', () => {
    const result = scan({
      'c.controller.ts': controller("@Controller(process.env.BASE)", ['@Get() a() {}']),
      'd.controller.ts': controller("@Controller('d')", ['@Get(pathFor()) a() {}', "@Get('ok') b() {}"]),
    });
    expect(result.endpoints.map((e) => e.id)).toEqual(['GET /d/ok']);
    expect(result.problems.map((p) => `${p.file}:${p.line}`)).toEqual(['c.controller.ts:2', 'd.controller.ts:4']);
  });
});

describe('nest: prefix, versioning, RouterModule', () => {
  const main = (setup: string) => `import { NestFactory } from '@nestjs/core';\nimport { VersioningType, RequestMethod } from '@nestjs/common';\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n${setup}\n}`;

  it('applies the global prefix except to excluded routes (wildcards and methods)', () => {
    const found = scan({
      'main.ts': main("  app.setGlobalPrefix('api/', { exclude: ['health', { path: 'docs/(.*)', method: RequestMethod.GET }] });"),
      'c.controller.ts': controller("@Controller()", ["@Get('health') h() {}", "@Get('docs/json') d() {}", "@Post('docs/json') p() {}", "@Get('users') u() {}"]),
    }).endpoints.map((e) => e.id);
    expect(found).toEqual(['GET /health', 'GET /docs/json', 'POST /api/docs/json', 'GET /api/users']);
  });

  it('reads exclusions from a constant and a config default, and reports a prefix that is not static', () => {
    const result = scan({
      'main.ts': `import { EXCLUDED } from './excluded';\n${main("  app.setGlobalPrefix(config.get('PREFIX'));\n  app.setGlobalPrefix(config.get('PREFIX', 'v2'), { exclude: EXCLUDED });")}`,
      'excluded.ts': "import { RequestMethod } from '@nestjs/common';\nexport const EXCLUDED = [{ path: 'health', method: RequestMethod.GET }];",
      'c.controller.ts': controller('@Controller()', ["@Get('health') h() {}", "@Get('x') x() {}"]),
    });
    expect(result.endpoints.map((e) => e.id)).toEqual(['GET /health', 'GET /v2/x']);
    expect(result.problems).toMatchObject([{ file: 'main.ts', line: 6, severity: 'warning' }]);
  });

  it('versions URI paths: default version, controller and method versions, neutral, arrays, custom prefix', () => {
    const found = scan({
      'main.ts': main("  app.setGlobalPrefix('api');\n  app.enableVersioning({ type: VersioningType.URI, defaultVersion: ['1', '2'], prefix: 'version-' });"),
      'a.controller.ts': controller("@Controller('a')", ['@Get() a() {}', "@Version('3') @Get('three') b() {}", '@Version(VERSION_NEUTRAL) @Get(\'n\') c() {}']),
      'b.controller.ts': controller("@Controller({ path: 'b', version: '5' })", ['@Get() b() {}']),
    });
    expect(found.endpoints.map((e) => `${e.id} ${e.version}`)).toEqual([
      'GET /api/version-1/a v1',
      'GET /api/version-2/a v2',
      'GET /api/version-3/a/three v3',
      'GET /api/a/n null',
      'GET /api/version-5/b v5',
    ]);
  });

  it('keeps header/media-type versions out of the path but records them', () => {
    const found = scan({
      'main.ts': main("  app.enableVersioning({ type: VersioningType.HEADER, header: 'X-API-Version' });"),
      'a.controller.ts': controller("@Controller({ path: 'a', version: '2' })", ['@Get() a() {}']),
    });
    expect(found.endpoints.map((e) => `${e.id} ${e.version}`)).toEqual(['GET /a v2']);
  });

  it('prefixes a module’s controllers with its RouterModule path, children nested', () => {
    expect(
      rows({
        'app.module.ts': [
          "import { Module } from '@nestjs/common';",
          "import { RouterModule, Routes } from '@nestjs/core';",
          "import { AdminModule, DashboardModule, MetricsModule } from './admin';",
          "const routes: Routes = [{ path: 'admin', module: AdminModule, children: [{ path: 'dashboard', module: DashboardModule }, MetricsModule] }];",
          '@Module({ imports: [AdminModule, RouterModule.register(routes)] })',
          'export class AppModule {}',
        ].join('\n'),
        'admin.ts': [
          "import { Controller, Get, Module } from '@nestjs/common';",
          "@Controller('users') export class AdminUsers { @Get() list() {} }",
          "@Controller('stats') export class Stats { @Get() stats() {} }",
          "@Controller('metrics') export class Metrics { @Get() metrics() {} }",
          '@Module({ controllers: [AdminUsers] }) export class AdminModule {}',
          '@Module({ controllers: [Stats] }) export class DashboardModule {}',
          '@Module({ controllers: [Metrics] }) export class MetricsModule {}',
        ].join('\n'),
      }),
    ).toEqual(['GET /admin/users none admin.ts:2', 'GET /admin/dashboard/stats none admin.ts:3', 'GET /admin/metrics none admin.ts:4']);
  });
});

describe('nest: auth', () => {
  it('reads controller and method guards, mixins with strategies, optional and login guards', () => {
    expect(
      rows({
        'c.controller.ts': controller("@Controller('c')\n@UseGuards(JwtAuthGuard)", [
          '@Get() a() {}',
          "@UseGuards(RolesGuard) @Get('admin') b() {}",
        ], "import { Controller, Get, Post, UseGuards } from '@nestjs/common';"),
        'd.controller.ts': controller("@Controller('d')", [
          "@UseGuards(AuthGuard('jwt')) @Get('jwt') a() {}",
          "@UseGuards(AuthGuard(['jwt', 'anonymous'])) @Get('maybe') b() {}",
          "@UseGuards(LocalAuthGuard) @Post('login') c() {}",
          "@UseGuards(new ApiKeyGuard()) @Get('key') d() {}",
          "@UseGuards(ThrottlerGuard) @Get('throttled') e() {}",
        ], "import { Controller, Get, Post, UseGuards } from '@nestjs/common';\nimport { AuthGuard } from '@nestjs/passport';"),
      }),
    ).toEqual([
      'GET /c required [JwtAuthGuard] c.controller.ts:5',
      'GET /c/admin required [JwtAuthGuard, RolesGuard] c.controller.ts:6',
      "GET /d/jwt required [AuthGuard('jwt')] d.controller.ts:5",
      "GET /d/maybe optional [AuthGuard(['jwt', 'anonymous'])] d.controller.ts:6",
      'POST /d/login none d.controller.ts:7',
      'GET /d/key required [ApiKeyGuard] d.controller.ts:8',
      'GET /d/throttled none d.controller.ts:9',
    ]);
  });

  it('applies global guards (useGlobalGuards, APP_GUARD anywhere) and lets public markers opt out', () => {
    expect(
      rows({
        'main.ts': "import { NestFactory } from '@nestjs/core';\nconst app = await NestFactory.create(AppModule);\napp.useGlobalGuards(new ApiKeyGuard(app.get(Reflector)));",
        'auth.module.ts': "import { Module } from '@nestjs/common';\nimport { APP_GUARD } from '@nestjs/core';\n@Module({ providers: [{ provide: APP_GUARD, useClass: JwtAuthGuard }] })\nexport class AuthModule {}",
        'decorators.ts': "import { SetMetadata } from '@nestjs/common';\nexport const Anonymous = () => SetMetadata('allow-anonymous', true);\nexport const Open = () => SetMetadata(IS_PUBLIC, true);\nconst IS_PUBLIC = 'isPublic';",
        'c.controller.ts': controller("@Controller('c')", [
          '@Get() a() {}',
          "@Public() @Get('public') b() {}",
          "@SetMetadata('isPublic', true) @Get('metadata') c() {}",
          "@Open() @Get('custom') d() {}",
          "@SkipAuth() @Get('skip') e() {}",
          "@Anonymous() @Get('anon') f() {}",
          "@Public() @UseGuards(OptionalJwtGuard) @Get('public-but-guarded') g() {}",
        ], "import { Controller, Get, SetMetadata, UseGuards } from '@nestjs/common';\nimport { Open, Anonymous } from './decorators';"),
      }),
    ).toEqual([
      'GET /c required [ApiKeyGuard, JwtAuthGuard] c.controller.ts:5',
      'GET /c/public none c.controller.ts:6',
      'GET /c/metadata none c.controller.ts:7',
      'GET /c/custom none c.controller.ts:8',
      'GET /c/skip none c.controller.ts:9',
      'GET /c/anon none c.controller.ts:10',
      'GET /c/public-but-guarded optional [OptionalJwtGuard] c.controller.ts:11',
    ]);
  });

  it('reads guards and public markers inside applyDecorators composites, and auth decorators from packages', () => {
    expect(
      rows({
        'main.ts': "import { NestFactory } from '@nestjs/core';\nconst app = await NestFactory.create(AppModule);\napp.useGlobalGuards(new ApiKeyGuard());",
        'auth.decorator.ts': [
          "import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';",
          "import { ApiBearerAuth } from '@nestjs/swagger';",
          "import { JwtGuard } from './jwt.guard';",
          "export function Auth(...roles: string[]) { return applyDecorators(SetMetadata('roles', roles), UseGuards(JwtGuard, RolesGuard), ApiBearerAuth()); }",
          "export const Open = () => applyDecorators(SetMetadata('isPublic', true));",
        ].join('\n'),
        'c.controller.ts': controller("@Controller('c')", [
          "@Auth('admin') @Get('admin') a() {}",
          "@Open() @Get('open') b() {}",
          "@Authenticated() @Get('lib') c() {}",
          "@ApiBearerAuth() @Roles('admin') @Get('doc-only') d() {}",
        ], "import { Controller, Get } from '@nestjs/common';\nimport { ApiBearerAuth } from '@nestjs/swagger';\nimport { Authenticated } from '@acme/nest-auth';\nimport { Auth, Open } from './auth.decorator';"),
      }),
    ).toEqual([
      'GET /c/admin required [ApiKeyGuard, JwtGuard, RolesGuard] c.controller.ts:7',
      'GET /c/open none c.controller.ts:8',
      'GET /c/lib required [ApiKeyGuard, Authenticated] c.controller.ts:9',
      'GET /c/doc-only required [ApiKeyGuard] c.controller.ts:10',
    ]);
  });

  it('applies module middleware by controller, path, method and wildcard, minus exclusions', () => {
    expect(
      rows({
        'app.module.ts': [
          "import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';",
          "import { CatsController } from './cats.controller';",
          '@Module({ controllers: [CatsController] })',
          'export class AppModule implements NestModule {',
          '  configure(consumer: MiddlewareConsumer) {',
          '    consumer.apply(LoggerMiddleware, AuthMiddleware).exclude({ path: \'cats/public\', method: RequestMethod.GET }).forRoutes(CatsController)',
          "      .apply(OptionalAuthMiddleware).forRoutes('dogs', { path: 'birds/*', method: RequestMethod.POST });",
          "    consumer.apply(ApiKeyMiddleware).forRoutes({ path: 'admin/(.*)', method: RequestMethod.ALL });",
          '  }',
          '}',
        ].join('\n'),
        'cats.controller.ts': controller("@Controller('cats')", ['@Get() a() {}', "@Get('public') b() {}"], undefined, 'CatsController'),
        'other.controller.ts': controller('@Controller()', ["@Get('dogs') a() {}", "@Get('dogs/:id') b() {}", "@Post('birds/nest') c() {}", "@Get('birds/nest') d() {}", "@Delete('admin/users/:id') e() {}"]),
      }),
    ).toEqual([
      'GET /cats required [AuthMiddleware] cats.controller.ts:4',
      'GET /cats/public none cats.controller.ts:5',
      'GET /dogs optional [OptionalAuthMiddleware] other.controller.ts:4',
      'GET /dogs/{id} none other.controller.ts:5',
      'POST /birds/nest optional [OptionalAuthMiddleware] other.controller.ts:6',
      'GET /birds/nest none other.controller.ts:7',
      'DELETE /admin/users/{id} required [ApiKeyMiddleware] other.controller.ts:8',
    ]);
  });
});

describe('nest: per-endpoint facts', () => {
  it('reads params, DTO fields through mapped types, validation by DTO and pipe, statuses and throttling', () => {
    const { endpoints } = scan({
      'dto.ts': [
        "import { IsEmail, IsString } from 'class-validator';",
        "import { PickType, OmitType, IntersectionType } from '@nestjs/swagger';",
        'export class CreateDto { @IsEmail() email: string; @IsString() name: string; @IsString() password: string; }',
        "export class LoginDto extends PickType(CreateDto, ['email', 'password'] as const) {}",
        "export class PublicDto extends OmitType(CreateDto, ['password']) {}",
        'export class Extra { note?: string; }',
        'export class BothDto extends IntersectionType(PublicDto, Extra) {}',
        'export class PlainDto { a: string; b: number; }',
      ].join('\n'),
      'c.controller.ts': [
        "import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Redirect, UsePipes, ValidationPipe, NotFoundException, ConflictException, HttpException } from '@nestjs/common';",
        "import { ApiNotFoundResponse, ApiResponse } from '@nestjs/swagger';",
        "import { Throttle, SkipThrottle } from '@nestjs/throttler';",
        "import { CreateDto, LoginDto, BothDto, PlainDto } from './dto';",
        "@Controller('c')",
        '@Throttle({ default: { limit: 3, ttl: 60000 } })',
        'export class C {',
        "  @Post('login') @HttpCode(HttpStatus.OK) login(@Body() dto: LoginDto) { if (!dto) throw new HttpException('no', HttpStatus.UNAUTHORIZED); }",
        "  @Post() create(@Body() dto: CreateDto) { throw new ConflictException(); }",
        "  @Get(':id') @ApiNotFoundResponse() @ApiResponse({ status: 403 }) one(@Param('id') id: string, @Query('expand') expand?: string) { throw new NotFoundException(); }",
        "  @Post('both') @SkipThrottle() both(@Body() dto: BothDto) {}",
        "  @Post('plain') plain(@Body() dto: PlainDto, @Query() q: { page: number; size: number }) {}",
        "  @Post('piped') @UsePipes(new ValidationPipe()) piped(@Body('item') item: PlainDto) {}",
        "  @Post('zod') zod(@Body(new ZodValidationPipe(schema)) body: unknown) {}",
        "  @Get('old') @Redirect('https://example.com', 301) old() {}",
        '}',
      ].join('\n'),
    });
    const by = Object.fromEntries(endpoints.map((e) => [e.id, e]));
    expect(by['POST /c/login']).toMatchObject({ validation: 'class-validator', params: { body: ['email', 'password'] }, responses: ['200', '401'], rateLimited: true });
    expect(by['POST /c']).toMatchObject({ validation: 'class-validator', params: { body: ['email', 'name', 'password'] }, responses: ['201', '409'] });
    expect(by['GET /c/{id}']).toMatchObject({ params: { path: ['id'], query: ['expand'], body: [] }, responses: ['200', '403', '404'], validation: 'none' });
    expect(by['POST /c/both']).toMatchObject({ params: { body: ['email', 'name', 'note'] }, validation: 'class-validator', rateLimited: false });
    expect(by['POST /c/plain']).toMatchObject({ params: { body: ['a', 'b'], query: ['page', 'size'] }, validation: 'none' });
    expect(by['POST /c/piped']).toMatchObject({ params: { body: ['item'] }, validation: 'class-validator' });
    expect(by['POST /c/zod']).toMatchObject({ validation: 'zod' });
    expect(by['GET /c/old']).toMatchObject({ responses: ['301'] });
  });
});
