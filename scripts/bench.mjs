// Runs the benchmark suite: bundles bench/run.ts (TypeScript, importing src/) with esbuild into
// a temp file and runs it with the arguments given. `npm run bench` builds dist/ first, which the
// worker processes use.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const out = mkdtempSync(path.join(tmpdir(), 'bo-bench-build-'));
const outfile = path.join(out, 'run.mjs');
await build({
  absWorkingDir: root,
  entryPoints: ['bench/run.ts'],
  outfile,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  mainFields: ['module', 'main'],
  banner: { js: "import { createRequire as __boCreateRequire } from 'node:module'; const require = __boCreateRequire(import.meta.url);" },
  define: { 'import.meta.dirname': JSON.stringify(path.join(root, 'bench')) },
  logLevel: 'warning',
});
const result = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
rmSync(out, { recursive: true, force: true });
process.exit(result.status ?? 1);
