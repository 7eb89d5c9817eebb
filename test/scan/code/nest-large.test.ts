/**
 * Scan time on a generated NestJS project of 1,000 controllers (2,000 endpoints) in 100 modules,
 * with a global prefix, URI versioning, a global guard, DTOs and module middleware. Parsing is
 * excluded: this measures the scanner. The budget is well under a second on a 2-core CI machine.
 */
import { expect, it } from 'vitest';
import { nestScanner } from '../../../src/scan/code/nest/index.js';
import { indexFromFiles } from './project.js';

const CONTROLLERS = 1000;
const MODULES = 100;

function project(): Record<string, string> {
  const files: Record<string, string> = {
    'src/main.ts': [
      "import { NestFactory } from '@nestjs/core';",
      "import { VersioningType } from '@nestjs/common';",
      'async function bootstrap() {',
      '  const app = await NestFactory.create(AppModule);',
      "  app.setGlobalPrefix('api', { exclude: ['health'] });",
      "  app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });",
      '}',
    ].join('\n'),
    'src/public.ts': "import { SetMetadata } from '@nestjs/common';\nexport const Public = () => SetMetadata('isPublic', true);",
    'src/app.module.ts': [
      "import { Module } from '@nestjs/common';",
      "import { APP_GUARD } from '@nestjs/core';",
      '@Module({ providers: [{ provide: APP_GUARD, useClass: JwtAuthGuard }] })',
      'export class AppModule {',
      "  configure(consumer) { consumer.apply(AuditMiddleware).forRoutes('*'); }",
      '}',
    ].join('\n'),
  };
  for (let i = 0; i < CONTROLLERS; i++) {
    files[`src/c${i}/c${i}.dto.ts`] = `import { IsString, IsEmail } from 'class-validator';\nexport class Create${i}Dto { @IsString() name: string; @IsEmail() email: string; }`;
    files[`src/c${i}/c${i}.controller.ts`] = [
      "import { Body, Controller, Get, Param, Post, HttpCode, NotFoundException } from '@nestjs/common';",
      "import { Public } from '../public';",
      `import { Create${i}Dto } from './c${i}.dto';`,
      `@Controller('c${i}')`,
      `export class C${i}Controller {`,
      "  @Public() @Get(':id') one(@Param('id') id: string) { if (!id) throw new NotFoundException(); return id; }",
      `  @Post() @HttpCode(202) create(@Body() dto: Create${i}Dto) { return dto; }`,
      '}',
    ].join('\n');
  }
  for (let m = 0; m < MODULES; m++) {
    const names = Array.from({ length: CONTROLLERS / MODULES }, (_, k) => m * (CONTROLLERS / MODULES) + k);
    files[`src/m${m}.module.ts`] = [
      "import { Module } from '@nestjs/common';",
      ...names.map((i) => `import { C${i}Controller } from './c${i}/c${i}.controller';`),
      `@Module({ controllers: [${names.map((i) => `C${i}Controller`).join(', ')}] })`,
      `export class M${m}Module {}`,
    ].join('\n');
  }
  return files;
}

it(`scans ${CONTROLLERS} controllers (${CONTROLLERS * 2} endpoints) well under a second, parsing excluded`, () => {
  const index = indexFromFiles(project());
  // CPU time, not wall time: CI machines share their two cores with other jobs.
  const cpu = process.cpuUsage();
  const started = performance.now();
  const { endpoints, problems } = nestScanner.scan(index);
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const elapsed = (used.user + used.system) / 1000;
  console.log(`nest: ${index.modules.size} modules, ${endpoints.length} endpoints: ${elapsed.toFixed(0)} ms CPU, ${wall.toFixed(0)} ms wall`);
  expect(problems).toEqual([]);
  expect(endpoints).toHaveLength(CONTROLLERS * 2);
  expect(endpoints.find((e) => e.id === 'POST /api/v1/c7')).toMatchObject({ auth: 'required', authBy: ['JwtAuthGuard'], validation: 'class-validator', responses: ['202'] });
  expect(endpoints.find((e) => e.id === 'GET /api/v1/c7/{id}')).toMatchObject({ auth: 'none', responses: ['200', '404'] });
  expect(elapsed).toBeLessThan(1000);
});
