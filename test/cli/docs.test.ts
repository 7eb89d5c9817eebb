import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bo } from '../helpers/cli.js';

const example = path.resolve(import.meta.dirname, '../../examples/shop-api');
let dir: string;
const docFile = () => path.join(dir, 'backend-developer.md');
const doc = () => readFileSync(docFile(), 'utf8');

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'bo-docs-cli-'));
  cpSync(example, dir, { recursive: true, filter: (src) => !src.includes('node_modules') });
  expect((await bo(dir, ['init'])).code).toBe(0);
  expect((await bo(dir, ['scan'])).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bo docs', () => {
  it('--check before the first run: out of date, exit 1, nothing written', async () => {
    const result = await bo(dir, ['docs', '--check']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('out of date: backend-developer.md');
    expect(() => statSync(docFile())).toThrow();
  });

  it('writes backend-developer.md from the registry of the example and prints the path and a summary', async () => {
    const result = await bo(dir, ['docs']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^updated backend-developer\.md: first run: \d+ endpoints, \d+ models, \d+ services, 2 third-party integrations/);
    const text = doc();
    expect(text).toContain("| GET | `/api/v1/admin/stats` | required: `authenticate`, `requireRole('admin')` | [src/routes/admin.ts:8](src/routes/admin.ts#L8) | **no** |");
    expect(text).toContain('| POST | `/api/v1/auth/login` | none |');
    expect(text).toContain('### User');
    expect(text).toContain('| `email` | `String` | required | unique | — |');
    expect(text).toContain('| `stripe` | `StripePaymentProvider` |');
    expect(text).toContain('First generated:');
  });

  it('a second run changes no byte; --check passes; --json prints path, changed and changes', async () => {
    const before = doc();
    const { ino } = statSync(docFile());
    const result = await bo(dir, ['docs', '--json']);
    expect(result.code).toBe(0);
    const out = result.json();
    expect(out).toMatchObject({ path: docFile(), changed: false, firstRun: false, summary: 'no changes since the last run' });
    expect(out.changes.endpoints).toEqual({ added: [], removed: [], changed: [] });
    expect(doc()).toBe(before);
    expect(statSync(docFile()).ino).toBe(ino);
    const check = await bo(dir, ['docs', '--check']);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('up to date: backend-developer.md');
  });

  it('a new route after a scan: --check fails, then bo docs lists it under "New endpoints added" and keeps hand-written text', async () => {
    writeFileSync(docFile(), `${doc()}\n## Team notes\n\nWritten by hand.\n`);
    const admin = path.join(dir, 'src/routes/admin.ts');
    writeFileSync(admin, `${readFileSync(admin, 'utf8')}\nadminRouter.get('/audit', authenticate, requireRole('admin'), asyncHandler(async (_req, res) => { res.json([]); }));\n`);
    expect((await bo(dir, ['scan'])).code).toBe(0);
    const check = await bo(dir, ['docs', '--check', '--json']);
    expect(check.code).toBe(1);
    expect(check.json().changes.endpoints.added).toEqual(['GET /api/v1/admin/audit']);
    expect(doc()).not.toContain('/api/v1/admin/audit');

    const result = await bo(dir, ['docs']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('updated backend-developer.md: +1 endpoint');
    expect(doc()).toMatch(/### \d{4}-\d\d-\d\d \d\d:\d\d UTC\n\n\*\*New endpoints added\*\*\n\n- `GET \/api\/v1\/admin\/audit`/);
    expect(doc()).toContain('## Team notes\n\nWritten by hand.');
  });

  it('malformed markers: exit 2 with the line, the file untouched', async () => {
    const broken = doc().replace('<!-- bo:generated:schema:end -->', '');
    writeFileSync(docFile(), broken);
    const result = await bo(dir, ['docs']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/backend-developer\.md:\d+: <!-- bo:generated:schema:start --> has no end marker/);
    expect(doc()).toBe(broken);
  });
});
