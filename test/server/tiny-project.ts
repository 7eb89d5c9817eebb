/**
 * A two-file Express project for the gates over HTTP: one list endpoint, first without pagination
 * (the flawed attempt), then with it (the fixed one). Its `list-skill` runs only api/pagination and
 * live gates are off, so a submit or a check takes a second or two.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { mkdirSync } from 'node:fs';

export const TINY_CONFIG = { submit: { live: false }, skills: { 'list-skill': { description: 'Lists with pagination', gates: ['api/pagination'] } } };

const HANDLER = {
  flawed: `  res.json(items);`,
  fixed: `  const limit = Math.min(Number(req.query.limit ?? 20), 100);
  const offset = Number(req.query.offset ?? 0);
  res.json({ data: items.slice(offset, offset + limit), pagination: { limit, offset, total: items.length } });`,
};

export function writeTinyProject(dir: string, attempt: 'flawed' | 'fixed'): void {
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'tiny-api', version: '1.0.0', type: 'module', dependencies: { express: '^4.0.0' } }));
  writeFileSync(path.join(dir, 'backend-orchestrator.config.json'), JSON.stringify(TINY_CONFIG));
  writeFileSync(
    path.join(dir, 'src/app.js'),
    `import express from 'express';
const app = express();
export const items = [{ id: 1, name: 'a' }];

app.get('/api/items', (req, res) => {
${HANDLER[attempt]}
});

export default app;
`,
  );
}
