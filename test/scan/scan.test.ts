import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { Config } from '../../src/config/schema.js';
import type { Registry } from '../../src/registry/schema.js';
import { registryStamp, registryTexts, scanProject } from '../../src/scan/scan.js';
import { repoRoot } from '../helpers/dist.js';
import { tempDir } from '../helpers/tasks.js';

const example = path.join(repoRoot, 'examples', 'shop-api');

function copyExample() {
  const t = tempDir('bo-scan-');
  for (const part of ['src', 'prisma', 'openapi.yaml', 'package.json', 'tsconfig.json']) {
    cpSync(path.join(example, part), path.join(t.dir, part), { recursive: true });
  }
  return t;
}

describe('scanProject on examples/shop-api', () => {
  const t = copyExample();
  afterAll(() => t.cleanup());
  const config = Config.parse({});
  let registry: Registry;

  it('finds every endpoint with its auth state, the drift, the models and the services', async () => {
    const result = await scanProject({ root: t.dir, config, cacheDir: path.join(t.dir, 'ai-state', '.cache') });
    const { endpoints, models, services } = result.registry!;
    registry = result.registry!;
    expect(endpoints).toHaveLength(25);
    expect(result.summary.frameworks).toEqual(['express']);
    expect(result.summary.counts).toEqual({ endpoints: 25, models: 7, services: services.length });
    const byId = new Map(endpoints.map((e) => [e.id, e]));
    // The deliberate flaws (examples/shop-api/FLAWS.md).
    expect(byId.get('PATCH /api/v1/products/{id}/stock')).toMatchObject({ auth: 'none', source: { file: 'src/routes/products.ts' } });
    expect(result.summary.drift).toEqual({ document: 'openapi.yaml', onlyInCode: ['GET /api/v1/admin/stats'], onlyInSpec: [] });
    expect(byId.get('GET /api/v1/admin/stats')).toMatchObject({ auth: 'required', documented: false });
    expect(byId.get('GET /api/v1/products')).toMatchObject({ auth: 'optional', authBy: ['optionalAuth'], documented: true });
    expect(byId.get('DELETE /api/v1/products/{id}')?.authBy).toEqual(['authenticate', "requireRole('admin')"]);
    const orderItem = models.find((m) => m.table === 'order_items');
    const productFk = orderItem?.fields.find((f) => f.references?.model === 'Product');
    expect(productFk).toBeDefined();
    expect(orderItem?.indexes.some((i) => i.fields[0] === productFk?.name)).toBe(false);
    expect(services.find((s) => s.name === 'StripePaymentProvider')?.integrations).toContain('stripe');
    expect(result.stats.cache).toBe('none');
  });

  it('answers a second scan of unchanged files from the cache, with the registry only if the one on disk differs', async () => {
    const cacheDir = path.join(t.dir, 'ai-state', '.cache');
    const onDisk = await scanProject({ root: t.dir, config, cacheDir, currentRegistryStamp: registryStamp(registryTexts(registry)) });
    expect(onDisk.stats.cache).toBe('unchanged files');
    expect(onDisk.registry).toBeUndefined();
    expect(onDisk.summary.counts.endpoints).toBe(25);
    const edited = await scanProject({ root: t.dir, config, cacheDir, currentRegistryStamp: 'someone edited it' });
    expect(edited.stats.cache).toBe('unchanged files');
    expect(edited.registry?.endpoints).toHaveLength(25);
  });

  it('reports a file that does not parse and still scans the rest', async () => {
    writeFileSync(path.join(t.dir, 'src', 'broken.ts'), 'export const x = (;\n');
    const result = await scanProject({ root: t.dir, config, cacheDir: path.join(t.dir, 'ai-state', '.cache') });
    expect(result.summary.problems).toContainEqual(expect.objectContaining({ file: 'src/broken.ts', line: 1, severity: 'error' }));
    expect(result.registry?.endpoints).toHaveLength(25);
    expect(result.stats.cache).toBe('none');
  });
});

describe('scanProject with damaged inputs', () => {
  it('reports a broken $ref and an unknown SQL statement with their locations, and still writes the rest', async () => {
    const t = copyExample();
    try {
      const spec = path.join(t.dir, 'openapi.yaml');
      writeFileSync(spec, readFileSync(spec, 'utf8').replace(/^paths:\n/m, "paths:\n  /api/v1/broken:\n    $ref: '#/components/pathItems/DoesNotExist'\n"));
      const migration = path.join(t.dir, 'prisma', 'migrations', '20240215120000_create_audit_logs', 'migration.sql');
      writeFileSync(migration, `${readFileSync(migration, 'utf8')}\nFROBNICATE TABLE audit_logs WITH VIGOUR;\n`);
      const result = await scanProject({ root: t.dir, config: Config.parse({}) });
      const problems = result.summary.problems;
      expect(problems).toContainEqual(expect.objectContaining({ file: 'openapi.yaml', message: expect.stringContaining('DoesNotExist') }));
      expect(problems).toContainEqual(
        expect.objectContaining({ file: 'prisma/migrations/20240215120000_create_audit_logs/migration.sql', line: expect.any(Number) }),
      );
      expect(result.summary.counts).toMatchObject({ endpoints: 25, models: 7 });
      expect(result.summary.drift.onlyInCode).toEqual(['GET /api/v1/admin/stats']);
    } finally {
      t.cleanup();
    }
  });
});

describe('updateRegistry (bo scan, bo submit)', () => {
  it('writes what changed, and on a rescan with nothing changed reads no registry at all', async () => {
    const { updateRegistry, hasChanges } = await import('../../src/scan/update-registry.js');
    const { FileStore } = await import('../../src/store/file/file-store.js');
    const t = copyExample();
    try {
      const config = Config.parse({});
      const store = new FileStore({ projectRoot: t.dir });
      const first = await updateRegistry({ root: t.dir, config, store });
      expect(first.before?.endpoints).toEqual([]);
      expect(first.diff.endpoints.added).toHaveLength(25);
      expect((await store.readRegistry()).registry.endpoints).toHaveLength(25);

      const reads = vi.spyOn(store, 'readRegistry');
      const again = await updateRegistry({ root: t.dir, config, store });
      expect(again.result.stats.cache).toBe('unchanged files');
      expect(again.before).toBeUndefined();
      expect(hasChanges(again.diff)).toBe(false);
      expect(reads).not.toHaveBeenCalled();

      // Someone edits the registry by hand: the scan's registry is written back, and the diff says what it restored.
      const file = store.layout.registryFile('endpoints');
      const edited = JSON.parse(readFileSync(file, 'utf8')) as { endpoints: unknown[] };
      writeFileSync(file, JSON.stringify({ endpoints: edited.endpoints.slice(1) }));
      const restored = await updateRegistry({ root: t.dir, config, store });
      expect(reads).toHaveBeenCalledTimes(1);
      expect(restored.before?.endpoints).toHaveLength(24);
      expect(restored.diff.endpoints.added).toHaveLength(1);
      expect((await store.readRegistry()).registry.endpoints).toHaveLength(25);
    } finally {
      t.cleanup();
    }
  });
});
