// Runs the benchmark suite: bundles bench/run.ts (TypeScript, importing src/) with esbuild into
// a temp file and runs it with the arguments given. `npm run bench` builds dist/ first, which the
// worker processes use.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
// Inside the repo (dist/ is ignored by git) so that modules resolved at run time, such as
// oxc-parser's native binding, are found in node_modules like they are for dist/cli.js.
const out = path.join(root, 'dist', 'bench');
mkdirSync(out, { recursive: true });
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
process.exit(result.status ?? 1);
