/**
 * Scan time on a generated Fastify project of 1,000 route plugins (2,000 endpoints) registered
 * with prefixes from one server, with hooks, schemas and shared handlers. Parsing is excluded:
 * this measures the scanner, in CPU time. The budget is well under a second on a 2-core CI machine.
 */
import { expect, it } from 'vitest';
import { fastifyScanner } from '../../../src/scan/code/fastify/index.js';
import { indexFromFiles } from './project.js';

const PLUGINS = 1000;

function project(): Record<string, string> {
  const files: Record<string, string> = {
    'src/schemas.ts': "import { Type } from '@sinclair/typebox';\nexport const Body = Type.Object({ name: Type.String(), email: Type.String() });",
    'src/handlers.ts': 'export async function create(request, reply) { reply.code(201); return request.body; }\nexport const list = async (request) => request.query.page;',
  };
  const imports: string[] = [];
  const registers: string[] = [];
  for (let i = 0; i < PLUGINS; i++) {
    imports.push(`import r${i} from './routes/r${i}.js';`);
    registers.push(`  app.register(r${i}, { prefix: \`\${API}/r${i}\` });`);
    files[`src/routes/r${i}.ts`] = [
      "import type { FastifyInstance } from 'fastify';",
      "import { Body } from '../schemas.js';",
      "import { create, list } from '../handlers.js';",
      `export default async function routes${i}(app: FastifyInstance) {`,
      i % 2 ? "  app.addHook('onRequest', app.authenticate);" : '',
      "  app.get('/', { schema: { querystring: Body } }, list);",
      "  app.route({ method: 'POST', url: '/:id', schema: { body: Body }, preHandler: [app.requireAdmin], handler: create });",
      '}',
    ].join('\n');
  }
  files['src/server.ts'] = [
    "import Fastify from 'fastify';",
    ...imports,
    "const API = '/api/v1';",
    'export function build() {',
    '  const app = Fastify();',
    ...registers,
    '  return app;',
    '}',
  ].join('\n');
  return files;
}

it(`scans ${PLUGINS} route plugins (${PLUGINS * 2} endpoints) well under a second, parsing excluded`, () => {
  const index = indexFromFiles(project());
  // CPU time, not wall time: CI machines share their two cores with other jobs.
  const cpu = process.cpuUsage();
  const started = performance.now();
  const { endpoints, problems } = fastifyScanner.scan(index);
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const elapsed = (used.user + used.system) / 1000;
  console.log(`fastify: ${index.modules.size} modules, ${endpoints.length} endpoints: ${elapsed.toFixed(0)} ms CPU, ${wall.toFixed(0)} ms wall`);
  expect(problems).toEqual([]);
  expect(endpoints).toHaveLength(PLUGINS * 2);
  expect(endpoints.find((e) => e.id === 'POST /api/v1/r7/{id}')).toMatchObject({ auth: 'required', authBy: ['authenticate', 'requireAdmin'], validation: 'typebox', responses: ['201'] });
  expect(elapsed).toBeLessThan(1000);
});
