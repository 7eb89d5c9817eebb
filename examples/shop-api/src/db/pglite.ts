import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/**
 * Opens an embedded PostgreSQL instance.
 *
 * With a data directory the cluster is persisted there. In memory, running initdb
 * takes a few seconds, so a freshly initialised (empty) cluster is cached as a
 * tarball in the OS temp dir and reused on the next start.
 */
export async function openPglite(dataDir?: string): Promise<PGlite> {
  if (dataDir) {
    await mkdir(dataDir, { recursive: true });
    return PGlite.create({ dataDir });
  }

  const snapshotPath = path.join(tmpdir(), `shop-api-pglite-${pgliteVersion()}.tar.gz`);
  const snapshot = await readFile(snapshotPath).catch(() => undefined);
  if (snapshot) {
    try {
      return await PGlite.create({ loadDataDir: new Blob([snapshot]) });
    } catch {
      await rm(snapshotPath, { force: true });
    }
  }

  const fresh = await PGlite.create();
  await saveSnapshot(fresh, snapshotPath).catch(() => undefined);
  return fresh;
}

async function saveSnapshot(db: PGlite, target: string): Promise<void> {
  const dump = await db.dumpDataDir('gzip');
  const partial = `${target}.${process.pid}.partial`;
  await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
  await rename(partial, target);
}

function pgliteVersion(): string {
  try {
    const require = createRequire(import.meta.url);
    const entry = require.resolve('@electric-sql/pglite');
    const pkgPath = path.join(path.dirname(entry), '..', 'package.json');
    const pkg = require(pkgPath) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
