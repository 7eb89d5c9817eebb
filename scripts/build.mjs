// Builds the CLI and library with esbuild: one ESM bundle per entry, shared chunks, heavy
// modules split out so that `bo next` loads only what it runs. Then writes the config JSON
// Schema from the zod definition (never hand-edited). Type checking is `npm run typecheck`.
import { build } from 'esbuild';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(root, 'dist');

await rm(dist, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli/main.ts', index: 'src/index.ts' },
  outdir: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // Prefer ESM builds: jsonc-parser's UMD main uses require() that a bundle cannot follow.
  mainFields: ['module', 'main'],
  target: 'node20',
  sourcemap: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  // Bundled CommonJS dependencies (yaml) may call require(): give ESM chunks a real one.
  banner: { js: "import { createRequire as __boCreateRequire } from 'node:module'; const require = __boCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});

const { Config } = await import(pathToFileURL(path.join(dist, 'index.js')).href);
const z = await import('zod/mini');
const schema = z.toJSONSchema(Config, { io: 'input' });
schema.title = 'backend-orchestrator configuration';
schema.$id = 'https://backend-orchestrator.dev/schema/config.schema.json';
await writeFile(path.join(root, 'schema', 'config.schema.json'), `${JSON.stringify(schema, null, 2)}\n`);

// The HTTP API's OpenAPI document, from the route schemas (what GET /v1/openapi.json serves): kept in
// the repository so the API can be read without running it, and checked by `bo check` like any API.
{
  const { Orchestrator, buildServer } = await import(pathToFileURL(path.join(dist, 'index.js')).href);
  const state = await mkdtemp(path.join(tmpdir(), 'bo-openapi-'));
  try {
    const app = await buildServer(new Orchestrator(state, Config.parse({})), { token: 'build-time-token-not-used-0000' });
    const answer = await app.inject({ method: 'GET', url: '/v1/openapi.json' });
    await app.close();
    if (answer.statusCode !== 200) throw new Error(`GET /v1/openapi.json answered ${answer.statusCode}`);
    await writeFile(path.join(root, 'schema', 'openapi.json'), `${JSON.stringify(JSON.parse(answer.body), null, 2)}\n`);
  } finally {
    await rm(state, { recursive: true, force: true });
  }
}
