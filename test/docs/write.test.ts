import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Config } from '../../src/config/schema.js';
import { BoError } from '../../src/core/errors.js';
import { startMarker } from '../../src/docs/markers.js';
import { docsPath, snapshotPath, updateDeveloperDocs } from '../../src/docs/write.js';
import type { Registry } from '../../src/registry/schema.js';
import { endpoint, shop } from './registries.js';

let root: string;
const config = Config.parse({});
const DAY1 = new Date('2025-04-01T09:00:00Z');
const DAY2 = new Date('2025-04-02T09:00:00Z');
const DAY3 = new Date('2025-04-03T09:00:00Z');

const update = (registry: Registry, now: Date, extra: { dryRun?: boolean; config?: Config } = {}) =>
  updateDeveloperDocs({ projectRoot: root, config: extra.config ?? config, registry, now, ...(extra.dryRun ? { dryRun: true } : {}) });
const doc = () => readFileSync(path.join(root, 'backend-developer.md'), 'utf8');

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'bo-docs-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('updateDeveloperDocs', () => {
  it('writes backend-developer.md at the project root and the snapshot in the state dir', async () => {
    const result = await update(shop(), DAY1);
    expect(result).toMatchObject({ path: path.join(root, 'backend-developer.md'), changed: true, firstRun: true });
    expect(result.diff.endpoints.added).toHaveLength(4);
    expect(doc()).toContain('# Backend developer guide');
    expect(doc()).toContain('| GET | `/api/admin/stats` |');
    expect(doc()).toContain('### 2025-04-01 09:00 UTC');
    expect(existsSync(path.join(root, 'ai-state/active/backend/docs-snapshot.json'))).toBe(true);
    expect(snapshotPath(root, config)).toBe(path.join(root, 'ai-state/active/backend/docs-snapshot.json'));
  });

  it('run twice with no registry change: identical bytes, neither file rewritten, no new dated entry', async () => {
    await update(shop(), DAY1);
    const docFile = docsPath(root, config);
    const before = { text: doc(), ino: statSync(docFile).ino, snapshot: readFileSync(snapshotPath(root, config), 'utf8'), snapIno: statSync(snapshotPath(root, config)).ino };
    const again = await update(shop(), DAY2);
    expect(again.changed).toBe(false);
    expect(doc()).toBe(before.text);
    expect(statSync(docFile).ino).toBe(before.ino);
    expect(statSync(snapshotPath(root, config)).ino).toBe(before.snapIno);
    expect(readFileSync(snapshotPath(root, config), 'utf8')).toBe(before.snapshot);
    expect(doc()).not.toContain('2025-04-02');
  });

  it('a registry change adds a dated entry listing the new endpoint; older entries stay below', async () => {
    await update(shop(), DAY1);
    const next = shop();
    next.endpoints.push(endpoint('GET /api/coupons', { auth: 'required' }));
    const result = await update(next, DAY2);
    expect(result.changed).toBe(true);
    expect(result.firstRun).toBe(false);
    expect(result.diff.endpoints.added).toEqual(['GET /api/coupons']);
    const text = doc();
    expect(text).toContain('### 2025-04-02 09:00 UTC\n\n**New endpoints added**\n\n- `GET /api/coupons`');
    expect(text.indexOf('2025-04-02 09:00')).toBeLessThan(text.indexOf('2025-04-01 09:00'));
    expect(text).toContain('| GET | `/api/coupons` | required |');
    // And the history survives a third, unchanged run.
    await update(next, DAY3);
    expect(doc()).toBe(text);
  });

  it('keeps hand-written text around the generated parts', async () => {
    await update(shop(), DAY1);
    writeFileSync(path.join(root, 'backend-developer.md'), doc().replace(startMarker('schema'), `## Conventions\n\nMoney is stored in cents.\n\n${startMarker('schema')}`));
    const next = shop();
    next.endpoints.pop();
    await update(next, DAY2);
    expect(doc()).toContain('## Conventions\n\nMoney is stored in cents.\n\n<!-- bo:generated:schema:start -->');
    expect(doc()).toContain('**Endpoints removed**');
  });

  it('regenerates a generated part someone edited, without a changelog entry', async () => {
    await update(shop(), DAY1);
    const original = doc();
    writeFileSync(path.join(root, 'backend-developer.md'), original.replace('| GET | `/api/admin/stats`', '| GET | `/api/edited`'));
    const result = await update(shop(), DAY2);
    expect(result.changed).toBe(true);
    expect(doc()).toBe(original);
  });

  it('dryRun says whether the document would change and writes nothing', async () => {
    const first = await update(shop(), DAY1, { dryRun: true });
    expect(first.changed).toBe(true);
    expect(existsSync(path.join(root, 'backend-developer.md'))).toBe(false);
    expect(existsSync(snapshotPath(root, config))).toBe(false);
    await update(shop(), DAY1);
    expect((await update(shop(), DAY2, { dryRun: true })).changed).toBe(false);
    const next = shop();
    next.endpoints.push(endpoint('GET /api/coupons'));
    const stale = await update(next, DAY2, { dryRun: true });
    expect(stale.changed).toBe(true);
    expect(doc()).not.toContain('/api/coupons');
  });

  it('malformed markers stop the run: the document and the snapshot are left as they were', async () => {
    await update(shop(), DAY1);
    const broken = doc().replace('<!-- bo:generated:services:end -->', '');
    writeFileSync(path.join(root, 'backend-developer.md'), broken);
    const snapshot = readFileSync(snapshotPath(root, config), 'utf8');
    const next = shop();
    next.endpoints.pop();
    const error = await update(next, DAY2).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BoError);
    expect((error as BoError).message).toMatch(/^backend-developer\.md:\d+: <!-- bo:generated:services:start --> has no end marker/);
    expect(doc()).toBe(broken);
    expect(readFileSync(snapshotPath(root, config), 'utf8')).toBe(snapshot);
  });

  it('uses config docs.path and links sources from that folder', async () => {
    const nested = Config.parse({ docs: { path: 'docs/backend/guide.md' } });
    const result = await update(shop(), DAY1, { config: nested });
    expect(result.path).toBe(path.join(root, 'docs/backend/guide.md'));
    const text = readFileSync(result.path, 'utf8');
    expect(text).toContain('](../../src/routes/admin.ts#L3)');
    expect(existsSync(path.join(root, 'backend-developer.md'))).toBe(false);
  });

  it('a docs.path that is a folder is a config error naming a file to use instead', async () => {
    mkdirSync(path.join(root, 'docs'));
    const error = (await update(shop(), DAY1, { config: Config.parse({ docs: { path: 'docs' } }) }).catch((e: unknown) => e)) as BoError;
    expect(error.code).toBe('BO_ERR_CONFIG_INVALID');
    expect(error.message).toContain('docs.path docs is a folder');
    expect(error.message).toContain(path.join('docs', 'backend-developer.md'));
    expect((await update(shop(), DAY1, { config: Config.parse({ docs: { path: 'docs/backend-developer.md' } }) })).changed).toBe(true);
  });

  it('a corrupt snapshot is a clear error that says how to recover', async () => {
    mkdirSync(path.dirname(snapshotPath(root, config)), { recursive: true });
    writeFileSync(snapshotPath(root, config), '{"version": 1,');
    const error = (await update(shop(), DAY1).catch((e: unknown) => e)) as BoError;
    expect(error.code).toBe('BO_ERR_STATE_CORRUPT');
    expect(error.message).toContain('ai-state/active/backend/docs-snapshot.json:1:');
    expect(error.message).toContain('delete it to start the docs changelog afresh');
    writeFileSync(snapshotPath(root, config), '{"version": 2, "registry": {}, "changelog": []}');
    expect(((await update(shop(), DAY1).catch((e: unknown) => e)) as BoError).message).toContain('version');
  });
});
