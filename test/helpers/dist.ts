import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const workerPath = (name: string) => path.join(repoRoot, 'test', 'workers', name);
export const binPath = path.join(repoRoot, 'bin', 'bo.js');

/** Process tests run the built package; `npm test` builds first, a bare `vitest` builds here. */
export function ensureBuilt(): void {
  if (!existsSync(path.join(repoRoot, 'dist', 'index.js')) || !existsSync(path.join(repoRoot, 'dist', 'cli.js'))) {
    execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
  }
}
