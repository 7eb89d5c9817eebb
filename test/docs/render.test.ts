import { describe, expect, it } from 'vitest';
import { MAX_CHANGELOG_ENTRIES, NO_CHANGES, recordRun, renderChangelog, type ChangelogEntry } from '../../src/docs/changelog.js';
import { computeDocsChanges, hasChanges, summarizeChanges } from '../../src/docs/changes.js';
import { code, sourceLink } from '../../src/docs/markdown.js';
import { planDocs, renderEndpoints, renderServices, SECTION_IDS } from '../../src/docs/render.js';
import { renderSchema } from '../../src/docs/render-schema.js';
import type { Registry } from '../../src/registry/schema.js';
import { endpoint, model, service, shop } from './registries.js';

const text = (lines: string[]) => lines.join('\n');
const section = (plan: ReturnType<typeof planDocs>, id: string) => plan.sections.find((s) => s.id === id)?.content ?? '';

describe('endpoint table', () => {
  it('lists method, path, auth facts, source and documented, sorted by path then method', () => {
    const out = text(renderEndpoints(shop().endpoints));
    const rows = out.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Method') && !line.startsWith('| ---'));
    expect(rows.map((row) => row.split(' | ').slice(0, 2).join(' '))).toEqual([
      '| GET `/api/admin/stats`',
      '| GET `/api/products`',
      '| POST `/api/products`',
      '| DELETE `/api/products/{id}`',
    ]);
    expect(out).toContain("| POST | `/api/products` | required: `authenticate`, `requireRole('admin')` | [src/routes/products.ts:20](src/routes/products.ts#L20) | yes |");
    expect(out).toContain('| GET | `/api/products` | none | [src/routes/products.ts:8](src/routes/products.ts#L8) | yes |');
    expect(out).toContain('[src/routes/admin.ts:3](src/routes/admin.ts#L3) | **no** |');
    expect(out).toContain('4 endpoints: 3 documented in the OpenAPI document, 1 not; 3 require authentication.');
  });

  it('escapes pipes and links sources from a document in a subfolder', () => {
    const out = text(renderEndpoints([endpoint('GET /a|b', { source: { file: 'src/x.ts', line: 2 } })], { sourceBase: '../' }));
    expect(out).toContain('`/a\\|b`');
    expect(out).toContain('(../src/x.ts#L2)');
    expect(out).not.toContain('(src/x.ts#L2)');
  });

  it('says the registry is empty instead of printing an empty table', () => {
    expect(text(renderEndpoints([]))).toContain('No endpoints in the registry yet: run `bo scan`');
    expect(text(renderEndpoints([]))).not.toContain('| Method');
  });
});

describe('markdown helpers', () => {
  it('code spans survive backticks; a missing source is a dash', () => {
    expect(code('a`b')).toBe('`` a`b ``');
    expect(code('plain')).toBe('`plain`');
    expect(sourceLink(undefined, '')).toBe('—');
    expect(sourceLink({ file: 'src/my file.ts' }, '')).toBe('[src/my file.ts](src/my%20file.ts)');
  });
});

describe('schema', () => {
  it('lists each model with its fields, keys, defaults, indexes and relations both ways', () => {
    const out = text(renderSchema(shop().models));
    expect(out.indexOf('### Order')).toBeLessThan(out.indexOf('### User'));
    expect(out).toContain('2 models, 5 fields, 2 indexes.');
    expect(out).toContain('table `users` · prisma · [prisma/schema.prisma:10](prisma/schema.prisma#L10)');
    expect(out).toContain('| `id` | `String @db.Uuid` | required | PK | `uuid()` |');
    expect(out).toContain('| `email` | `String` | required | unique | — |');
    expect(out).toContain('| `userId` | `String` | required | FK → `User.id` | — |');
    expect(out).toContain('| `note` | `String` | nullable | — | — |');
    expect(out).toContain('- `users_email_key`: unique (`email`)');
    expect(out).toContain('- (`userId`)');
    expect(out).toContain('- `userId` → `User.id`');
    expect(out).toContain('- referenced by `Order.userId` (→ `id`)');
  });

  it('a model without fields says so; no models says run bo scan', () => {
    expect(text(renderSchema([model('Empty')]))).toContain('_No fields found._');
    expect(text(renderSchema([]))).toContain('No models in the registry yet');
  });
});

describe('services and integrations', () => {
  it('lists services grouped by kind with their dependencies, and who uses each integration', () => {
    const out = text(renderServices(shop().services));
    expect(out.indexOf('`OrderService`')).toBeLessThan(out.indexOf('`AuthMiddleware`'));
    expect(out).toContain('| `OrderService` | service | `PaymentService` | — | [src/services/order-service.ts:5](src/services/order-service.ts#L5) |');
    expect(out).toContain('| `stripe` | `PaymentService` |');
    expect(out).toContain('3 services; 1 third-party integration.');
  });

  it('says when there are no third-party integrations', () => {
    expect(text(renderServices([service('A')]))).toContain('_No third-party integrations found._');
    expect(text(renderServices([service('A')]))).not.toContain('| Integration |');
  });
});

/** The shop after a release: a new endpoint, one gone, auth tightened, a field added, a mailer. */
function nextRelease(): Registry {
  const before = shop();
  return {
    endpoints: [
      ...before.endpoints.filter((e) => e.id !== 'DELETE /api/products/{id}').map((e) => (e.id === 'GET /api/products' ? { ...e, auth: 'required' as const, params: { ...e.params, query: ['limit', 'offset'] } } : e)),
      endpoint('GET /api/orders', { auth: 'required' }),
    ],
    models: [
      ...before.models.map((m) => (m.name === 'Order' ? { ...m, fields: [...m.fields, { name: 'total', type: 'Decimal', nullable: false, primaryKey: false, unique: false }], indexes: [] } : m)),
      model('Coupon'),
    ],
    services: [
      ...before.services.map((s) => (s.name === 'OrderService' ? { ...s, dependsOn: [...s.dependsOn, 'Mailer'], integrations: ['stripe'] } : s)),
      service('Mailer', { kind: 'integration', integrations: ['sendgrid'] }),
    ],
  };
}

describe('changes', () => {
  it('spells out what changed in each endpoint, model, service and integration', () => {
    const changes = computeDocsChanges(shop(), nextRelease());
    expect(changes.endpoints.added).toEqual(['GET /api/orders']);
    expect(changes.endpoints.removed).toEqual(['DELETE /api/products/{id}']);
    expect(changes.endpoints.changed).toEqual([{ name: 'GET /api/products', changes: ['auth: none → required', 'query parameters added: offset'] }]);
    expect(changes.models.added).toEqual(['Coupon']);
    expect(changes.models.changed).toEqual([{ name: 'Order', changes: ['field added: total (Decimal, required)', 'index removed: (userId)'] }]);
    expect(changes.services.added).toEqual(['Mailer']);
    expect(changes.services.changed).toEqual([{ name: 'OrderService', changes: ['dependencies added: Mailer', 'integrations added: stripe'] }]);
    expect(changes.integrations).toEqual({ added: ['sendgrid'], removed: [], changed: [{ name: 'stripe', changes: ['now also used by OrderService'] }] });
    expect(summarizeChanges(changes)).toBe('+1 endpoint, -1 endpoint, 1 endpoint changed, +1 model, 1 model changed, +1 service, 1 service changed, +1 integration, 1 integration changed');
  });

  it('finds nothing between equal registries, and ignores a moved source line', () => {
    const moved = shop();
    moved.endpoints = moved.endpoints.map((e) => ({ ...e, source: { file: 'elsewhere.ts', line: 99 } }));
    const changes = computeDocsChanges(shop(), moved);
    expect(hasChanges(changes)).toBe(false);
    expect(summarizeChanges(changes)).toBe('no changes since the last run');
    expect(hasChanges(computeDocsChanges(shop(), nextRelease()))).toBe(true);
  });

  it('describes field changes and removed integrations', () => {
    const before = shop();
    const after = shop();
    after.models = after.models.map((m) => (m.name === 'Order' ? { ...m, fields: m.fields.map((f) => (f.name === 'note' ? { ...f, nullable: false, type: 'Text' } : f)).filter((f) => f.name !== 'userId') } : m));
    after.services = after.services.filter((s) => s.name !== 'PaymentService');
    const changes = computeDocsChanges(before, after);
    expect(changes.models.changed[0]?.changes).toEqual(['field removed: userId', 'field changed: note (type: String → Text; now required)']);
    expect(changes.integrations.removed).toEqual(['stripe']);
  });
});

describe('planDocs and the changelog', () => {
  const T1 = '2025-03-01T10:00:00.000Z';
  const T2 = '2025-03-02T11:30:00.000Z';

  it('renders the four sections in order; the first run records what it found', () => {
    const plan = planDocs({ registry: shop(), previous: undefined, time: T1 });
    expect(plan.sections.map((s) => s.id)).toEqual([...SECTION_IDS]);
    expect(plan.firstRun).toBe(true);
    expect(section(plan, 'changelog')).toContain('### 2025-03-01 10:00 UTC\n\nFirst generated: 4 endpoints, 2 models, 3 services, 1 third-party integration.');
    expect(plan.snapshot.changelog).toHaveLength(1);
  });

  it('lists concrete entries under each heading of a dated entry, newest first', () => {
    const first = planDocs({ registry: shop(), previous: undefined, time: T1 });
    const second = planDocs({ registry: nextRelease(), previous: first.snapshot, time: T2 });
    const log = section(second, 'changelog');
    expect(second.firstRun).toBe(false);
    expect(log).toContain('### 2025-03-02 11:30 UTC\n\n**New endpoints added**\n\n- `GET /api/orders`\n');
    expect(log).toContain('**Endpoints removed**\n\n- `DELETE /api/products/{id}`\n');
    expect(log).toContain('**Endpoints changed**\n\n- `GET /api/products`:\n  - auth: none → required\n  - query parameters added: offset\n');
    expect(log).toContain('**Schema changes**\n\n- model `Coupon` added\n- `Order`:\n  - field added: total (Decimal, required)\n  - index removed: (userId)\n');
    expect(log).toContain('**Service modifications**\n\n- service `Mailer` added\n- `OrderService`:\n');
    expect(log).toContain('**Integration updates**\n\n- integration `sendgrid` added\n- `stripe`: now also used by OrderService\n');
    expect(log.indexOf('2025-03-02 11:30')).toBeLessThan(log.indexOf('2025-03-01 10:00'));
  });

  it('adds no entry when nothing changed, so the same registry renders the same bytes', () => {
    const first = planDocs({ registry: shop(), previous: undefined, time: T1 });
    const again = planDocs({ registry: shop(), previous: first.snapshot, time: T2 });
    expect(again.snapshot.changelog).toEqual(first.snapshot.changelog);
    expect(again.sections).toEqual(first.sections);
    expect(section(again, 'changelog')).not.toContain('2025-03-02');
  });

  it('says there were no changes when the history is empty, and omits empty headings', () => {
    expect(renderChangelog([]).join('\n')).toContain(NO_CHANGES);
    const onlyEndpoint: ChangelogEntry = { time: T1, initial: false, changes: computeDocsChanges({ endpoints: [], models: [], services: [] }, { endpoints: [endpoint('GET /x')], models: [], services: [] }) };
    const out = renderChangelog([onlyEndpoint]).join('\n');
    expect(out).not.toContain(NO_CHANGES);
    expect(out).toContain('**New endpoints added**');
    expect(out).not.toContain('**Schema changes**');
  });

  it(`keeps the last ${MAX_CHANGELOG_ENTRIES} entries`, () => {
    const changes = computeDocsChanges({ endpoints: [], models: [], services: [] }, { endpoints: [endpoint('GET /x')], models: [], services: [] });
    let history: ChangelogEntry[] = [];
    for (let day = 1; day <= MAX_CHANGELOG_ENTRIES + 5; day++) history = recordRun(history, { time: `2025-01-${String(day).padStart(2, '0')}T00:00:00.000Z`, initial: false, changes });
    expect(history).toHaveLength(MAX_CHANGELOG_ENTRIES);
    expect(history[0]?.time).toBe('2025-01-25T00:00:00.000Z');
    expect(history.at(-1)?.time).toBe('2025-01-06T00:00:00.000Z');
  });
});
