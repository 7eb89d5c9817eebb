/**
 * The OpenAPI rules on examples/shop-api: only flaw (d) of FLAWS.md, the undocumented
 * GET /api/v1/admin/stats at src/routes/admin.ts:8 (api/documented), and nothing once the
 * operation is added to a copy of openapi.yaml.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Config } from '../../../src/config/schema.js';
import { API_SPEC_RULES } from '../../../src/gates/api/spec-rules.js';
import { buildCheckContext } from '../../../src/gates/context.js';
import { runRules } from '../../../src/gates/engine.js';
import { exampleContext } from '../../helpers/gates.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../../../examples/shop-api');
const copies: string[] = [];
afterAll(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const STATS_OPERATION = `  /api/v1/admin/stats:
    get:
      tags: [Admin]
      operationId: getStoreStats
      summary: Store statistics (admin)
      responses:
        '200':
          description: Counts and revenue.
          content:
            application/json:
              schema:
                type: object
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/Forbidden'
        '429':
          $ref: '#/components/responses/TooManyRequests'

`;

describe('OpenAPI rules on examples/shop-api', () => {
  it('report flaw (d) only: GET /api/v1/admin/stats is undocumented, at src/routes/admin.ts:8', async () => {
    const run = runRules(API_SPEC_RULES, await exampleContext(), { areas: ['api'] });
    expect(run.internalErrors).toEqual([]);
    expect(run.findings.map((f) => `${f.rule} ${f.severity} ${f.file}:${f.line} ${f.subject}`)).toEqual([
      'api/documented error src/routes/admin.ts:8 GET /api/v1/admin/stats',
    ]);
    // The other spec rules decide their items (pass), none is skipped or not applicable.
    const statuses = run.items.flatMap((item) => item.rules).filter((r) => API_SPEC_RULES.some((rule) => rule.id === r.id));
    expect(Object.fromEntries(statuses.map((r) => [r.id, r.status]))).toEqual({
      'api/declared-responses': 'pass',
      'api/versioning': 'pass',
      'api/documented': 'fail',
      'api/spec-drift': 'pass',
      'api/operation-docs': 'pass',
      'api/rate-limit': 'pass',
    });
  });

  it('report nothing once a copy of openapi.yaml describes the operation', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'bo-shop-api-'));
    copies.push(root);
    cpSync(EXAMPLE, root, { recursive: true, filter: (source) => !source.includes(`${path.sep}node_modules`) });
    const spec = readFileSync(path.join(root, 'openapi.yaml'), 'utf8');
    const patched = spec.replace('  /api/v1/users:\n', `${STATS_OPERATION}  /api/v1/users:\n`);
    expect(patched).not.toBe(spec);
    writeFileSync(path.join(root, 'openapi.yaml'), patched);
    const context = await buildCheckContext({ root, config: Config.parse({}) });
    expect(context.drift.onlyInCode).toEqual([]);
    const run = runRules(API_SPEC_RULES, context, { areas: ['api'] });
    expect(run.internalErrors).toEqual([]);
    expect(run.findings).toEqual([]);
  });
});
