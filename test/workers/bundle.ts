/**
 * Worker processes for the team-mode tests and the benchmark run TypeScript from src/: each entry
 * is bundled once with esbuild into node_modules/.cache (inside the repository, so that packages
 * left external, such as the `pg` driver, resolve from node_modules as they do for dist/).
 */
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** A variable specifier: a bundle of the benchmark leaves esbuild out and loads it at run time. */
const ESBUILD = 'esbuild';

/** The path of `test/workers/<name>.ts` bundled to an .mjs file, rebuilt on every call of a new process. */
export async function bundledWorker(name: string): Promise<string> {
  const entry = path.join(repoRoot, 'test', 'workers', `${name}.ts`);
  statSync(entry);
  const outDir = path.join(repoRoot, 'node_modules', '.cache', 'bo-workers');
  mkdirSync(outDir, { recursive: true });
  const outfile = path.join(outDir, `${name}-${process.pid}.mjs`);
  const { build } = (await import(ESBUILD)) as typeof import('esbuild');
  await build({
    absWorkingDir: repoRoot,
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}
