/** `bo scan` tells the other orchestrators what changed: backend.schema.changed and backend.api.changed, only when something did. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bo } from '../helpers/cli.js';
import { tempDir } from '../helpers/tasks.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const SCHEMA = `datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n\nmodel User {\n  id    Int    @id @default(autoincrement())\n  email String @unique\n}\n`;
const ROUTES = `import express from 'express';\nconst app = express();\napp.get('/api/users', (req, res) => res.json([]));\n`;

describe('bo scan events', () => {
  it('publishes the schema and API changes a scan finds, and nothing when nothing changed', async () => {
    const { dir, cleanup } = tempDir('bo-scan-events-');
    cleanups.push(cleanup);
    mkdirSync(path.join(dir, 'prisma'));
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, 'prisma/schema.prisma'), SCHEMA);
    writeFileSync(path.join(dir, 'src/app.ts'), ROUTES);
    writeFileSync(path.join(dir, 'package.json'), '{"name": "scan-events", "dependencies": {"express": "^4.0.0"}}');
    await bo(dir, ['init']);
    await bo(dir, ['scan']);
    const types = async () => (await bo(dir, ['events', '--json'])).json().map((e: { event: { type: string } }) => e.event.type);
    expect(await types()).toEqual(['backend.schema.changed', 'backend.api.changed']);

    await bo(dir, ['scan']);
    expect(await types()).toHaveLength(2);

    writeFileSync(path.join(dir, 'prisma/schema.prisma'), `${SCHEMA}\nmodel Order {\n  id     Int @id @default(autoincrement())\n  userId Int\n}\n`);
    await bo(dir, ['scan']);
    const events = (await bo(dir, ['events', '--since', '2', '--json'])).json();
    expect(events.map((e: { event: { type: string } }) => e.event.type)).toEqual(['backend.schema.changed']);
    expect(events[0].event.data.added.map((m: { name: string }) => m.name)).toEqual(['Order']);
    expect(events[0].event.data.removed).toEqual([]);
  });
});
