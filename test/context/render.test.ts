import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/schema.js';
import { buildContextPackage } from '../../src/context/build.js';
import { estimateTokens, renderContext } from '../../src/context/render.js';
import type { ContextBody, ContextPackage } from '../../src/context/types.js';
import type { Task } from '../../src/tasks/schema.js';
import { makeRegistry } from '../fixtures/registry.js';
import { makeTask } from '../helpers/tasks.js';

const config = defaultConfig();
const big = makeRegistry({ endpoints: 2000, models: 300 });
const task = makeTask({
  id: 'task-002-api',
  title: 'Add pagination and filtering to GET /api/v1/products',
  requirements: ['pagination', 'filtering'],
  targets: ['GET /api/v1/products'],
  criteria: { gates: ['api', 'security', 'contract', 'api/pagination', 'api/filtering'], thresholds: { ...config.thresholds } },
});
const build = (t: Task = task) => buildContextPackage({ task: t, registry: big, config, standards: ['backend-standard.md', 'api-design.md'] });
const parse = (text: string, format: 'yaml' | 'json'): ContextPackage => (format === 'json' ? JSON.parse(text) : parseYaml(text));

const SHAPE: [string, (c: ContextBody) => unknown][] = [
  ['task_id', (c) => c.task_id],
  ['title', (c) => c.title],
  ['skill', (c) => c.skill],
  ['requirements', (c) => c.requirements],
  ['endpoints.existing', (c) => c.endpoints.existing],
  ['endpoints.patterns', (c) => c.endpoints.patterns],
  ['database.schema', (c) => c.database.schema],
  ['database.indexes', (c) => c.database.indexes],
  ['standards', (c) => c.standards],
  ['test_requirements.functional', (c) => c.test_requirements.functional],
  ['test_requirements.types', (c) => c.test_requirements.types],
  ['success_criteria.gates', (c) => c.success_criteria.gates],
  ['success_criteria.thresholds', (c) => c.success_criteria.thresholds],
  ['files', (c) => c.files],
];

function expectShape(context: ContextBody) {
  for (const [key, get] of SHAPE) expect(get(context), key).toBeDefined();
}

describe.each(['yaml', 'json'] as const)('renderContext (%s)', (format) => {
  it('stays within 200 tokens on a 2,000-endpoint registry and says what it left out', () => {
    const rendered = renderContext(build(), { format, maxTokens: 200 });
    expect(rendered.tokens).toBeLessThanOrEqual(200);
    expect(estimateTokens(rendered.text)).toBe(rendered.tokens);
    expect(rendered.text.length).toBeLessThanOrEqual(800);
    expect(rendered.omitted.endpoints).toBeGreaterThan(1900);
    expect(rendered.omitted.models).toBeGreaterThan(0);

    const { context } = parse(rendered.text, format);
    expectShape(context);
    expect(context.task_id).toBe('task-002-api');
    expect(context.omitted).toMatchObject({ endpoints: rendered.omitted.endpoints });
    const total = Object.values(rendered.omitted).reduce((a, b) => a + b, 0);
    expect(context.omitted?.note).toBe(`${total} entries omitted to stay within 200 tokens (--max-tokens)`);
  });

  it('stays within every budget from 200 up, keeping the most relevant entries', () => {
    const pkg = build();
    let kept = 0;
    for (const maxTokens of [200, 250, 400, 700, 1000, 2000, 4000, 8000]) {
      const rendered = renderContext(pkg, { format, maxTokens });
      expect(rendered.tokens, `${maxTokens}`).toBeLessThanOrEqual(maxTokens);
      // The budget is used, not wasted: at least 85 % of it once entries had to go.
      expect(rendered.tokens, `${maxTokens}`).toBeGreaterThan(maxTokens * 0.85);
      const { context } = parse(rendered.text, format);
      expectShape(context);
      // What is kept is the head of each list: the most relevant entries.
      expect(context.endpoints.existing).toEqual(pkg.context.endpoints.existing.slice(0, context.endpoints.existing.length));
      expect(context.files).toEqual(pkg.context.files.slice(0, context.files.length));
      expect(context.endpoints.existing.length).toBeGreaterThanOrEqual(kept);
      kept = context.endpoints.existing.length;
    }
    expect(kept).toBeGreaterThan(100);
  });

  it('shows an index only together with its model', () => {
    const pkg = buildContextPackage({ task, registry: makeRegistry({ endpoints: 60, models: 12 }), config, standards: [] });
    for (let maxTokens = 200; maxTokens <= 1200; maxTokens += 50) {
      const { context } = parse(renderContext(pkg, { format, maxTokens }).text, format);
      const tables = new Set(context.database.schema.map((m) => m.table ?? m.name));
      for (const index of context.database.indexes) expect(tables, `${maxTokens}`).toContain(index.slice(0, index.indexOf('(')));
    }
  });

  it('keeps the target, the model and the files before unrelated endpoints', () => {
    const { context } = parse(renderContext(build(), { format, maxTokens: 1000 }).text, format);
    expect(context.endpoints.existing[0]).toBe('GET /api/v1/products');
    expect(context.database.schema[0]?.name).toBe('Product');
    expect(context.files).toEqual(['src/routes/products.ts', 'prisma/schema.prisma', 'src/services/product.service.ts']);
    expect(context.endpoints.patterns.length).toBeGreaterThan(5);
    expect(context.test_requirements.functional).toContain('pagination');
  });

  it('shortens a very long title and description to fit, and counts the characters cut', () => {
    const long = makeTask({
      ...task,
      title: 'Make the product listing faster for the catalogue page '.repeat(100),
      description: 'Context from the product team. '.repeat(400),
      requirements: Array.from({ length: 40 }, (_, i) => `requirement number ${i}`),
    });
    const rendered = renderContext(build(long), { format, maxTokens: 200 });
    expect(rendered.tokens).toBeLessThanOrEqual(200);
    expect(rendered.omitted.title_chars).toBeGreaterThan(5000);
    expect(rendered.omitted.description_chars).toBeGreaterThan(0);
    const { context } = parse(rendered.text, format);
    expectShape(context);
    expect(context.title.endsWith('…')).toBe(true);
  });

  it('omits nothing when the budget is large, and the text parses back to the package', () => {
    const pkg = build();
    const rendered = renderContext(pkg, { format, maxTokens: 1_000_000 });
    expect(rendered.omitted).toEqual({});
    expect(parse(rendered.text, format)).toEqual(pkg);
  });

  it('trims a package without relevance scores (read back from JSON) by position', () => {
    const copy: ContextPackage = JSON.parse(JSON.stringify(build()));
    const rendered = renderContext(copy, { format, maxTokens: 300 });
    expect(rendered.tokens).toBeLessThanOrEqual(300);
    const { context } = parse(rendered.text, format);
    expect(context.endpoints.existing).toEqual(copy.context.endpoints.existing.slice(0, context.endpoints.existing.length));
  });
});

describe('renderContext output', () => {
  it('refuses a budget that is not a positive number', () => {
    const pkg = build();
    for (const maxTokens of [0, -5, Number.NaN]) {
      expect(() => renderContext(pkg, { format: 'yaml', maxTokens })).toThrow(/--max-tokens must be a positive number/);
    }
  });

  const small = buildContextPackage({
    task: makeTask({ title: 'List products', targets: ['GET /api/v1/products'] }),
    registry: makeRegistry({ endpoints: 10, models: 3 }),
    config,
    standards: ['api-design.md'],
  });

  it('writes YAML with short lists on one line and long strings unfolded', () => {
    const { text } = renderContext(small, { format: 'yaml', maxTokens: 4000 });
    expect(text.startsWith('context:\n  task_id: task-001-sample\n')).toBe(true);
    expect(text).toContain('    types: [unit, integration, api, load, security, contract]\n');
    expect(text).toMatch(/\n {6}- GET \/api\/v1\/products\n/);
    expect(text).not.toContain('omitted');
  });

  it('writes compact JSON', () => {
    const { text } = renderContext(small, { format: 'json', maxTokens: 4000 });
    expect(text).not.toContain('\n');
    expect(JSON.parse(text)).toEqual(small);
  });
});
