/**
 * A generated Express + Prisma backend for the scan benchmark: N route files of two endpoints
 * each, mounted with prefixes from one app file, router-level auth on every other file, and a
 * Prisma schema of M models with relations and indexes. Deterministic.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function generateProject(root: string, options: { routeFiles: number; models: number }): { endpoints: number } {
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  const imports: string[] = [];
  const mounts: string[] = [];
  for (let i = 0; i < options.routeFiles; i++) {
    const name = `resource${i}`;
    imports.push(`import ${name}Router from './routes/${name}.js';`);
    mounts.push(`app.use('/api/v1/${name}s', ${name}Router);`);
    write(
      `src/routes/${name}.ts`,
      [
        `import { Router } from 'express';`,
        `import { z } from 'zod';`,
        `import { authenticate } from '../middleware/auth.js';`,
        `import { validate } from '../middleware/validate.js';`,
        ``,
        `const router = Router();`,
        i % 2 === 0 ? `router.use(authenticate);` : ``,
        `const create${i} = z.object({ name: z.string(), quantity: z.number().int() });`,
        ``,
        `router.get('/', async (req, res) => {`,
        `  const limit = Number(req.query.limit ?? 20);`,
        `  res.json({ items: [], limit });`,
        `});`,
        ``,
        `router.post('/:id/items', validate(create${i}), async (req, res) => {`,
        `  res.status(201).json({ id: req.params.id, ...req.body });`,
        `});`,
        ``,
        `export default router;`,
        ``,
      ].join('\n'),
    );
  }
  write('src/middleware/auth.ts', `export function authenticate(req: any, res: any, next: any) { if (!req.headers.authorization) return res.status(401).end(); next(); }\n`);
  write('src/middleware/validate.ts', `export const validate = (schema: any) => (req: any, res: any, next: any) => { schema.parse(req.body); next(); };\n`);
  write('src/app.ts', [`import express from 'express';`, ...imports, ``, `const app = express();`, `app.use(express.json());`, ...mounts, ``, `export default app;`, ``].join('\n'));

  const models: string[] = ['generator client {\n  provider = "prisma-client-js"\n}\n\ndatasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n'];
  for (let m = 0; m < options.models; m++) {
    const parent = m > 0 ? `  parentId  Int\n  parent    Model${m - 1} @relation(fields: [parentId], references: [id])\n` : '';
    const child = m < options.models - 1 ? `  children  Model${m + 1}[]\n` : '';
    models.push(
      `model Model${m} {\n  id        Int      @id @default(autoincrement())\n  name      String   @unique\n  createdAt DateTime @default(now())\n${parent}${child}${m > 0 && m % 3 === 0 ? '\n  @@index([parentId])\n' : ''}}\n`,
    );
  }
  write('prisma/schema.prisma', models.join('\n'));
  write('package.json', JSON.stringify({ name: 'generated', type: 'module', dependencies: { express: '^4', zod: '^3', '@prisma/client': '^5' } }, null, 2));
  return { endpoints: options.routeFiles * 2 };
}
