import { describe, expect, it } from 'vitest';
import { Config } from '../../src/config/schema.js';
import { BUILTIN_SKILLS } from '../../src/skills/builtin.js';
import { skillCatalog } from '../../src/skills/catalog.js';
import { routeTask } from '../../src/skills/route.js';

const config = Config.parse({});
const skills = skillCatalog(config);
const route = (title: string, extra: object = {}) => routeTask({ title, ...extra }, skills, config.routing).skill;

describe('routeTask', () => {
  it('has the five seed skills', () => {
    expect(BUILTIN_SKILLS.map((s) => s.name).sort()).toEqual([
      'api-development-skill',
      'auth-skill',
      'database-skill',
      'service-integration-skill',
      'testing-skill',
    ]);
  });

  it.each([
    ['Add pagination to GET /api/products', 'api-development-skill'],
    ['Add filtering and sorting to the orders endpoint', 'api-development-skill'],
    ['Create migration for the reviews table', 'database-skill'],
    ['Add an index on order_items.product_id', 'database-skill'],
    ['Implement JWT login', 'auth-skill'],
    ['Add role-based permissions to the admin routes', 'auth-skill'],
    ['Handle Stripe payment webhooks', 'service-integration-skill'],
    ['Send order confirmation emails through a queue', 'service-integration-skill'],
    ['Raise test coverage of the cart service', 'testing-skill'],
    ['Tidy up', 'api-development-skill'],
  ])('%s → %s', (title, skill) => {
    expect(route(title)).toBe(skill);
  });

  it('uses requirements as routing words too', () => {
    expect(route('Orders', { requirements: ['migration'] })).toBe('database-skill');
  });

  it('an explicit skill or type wins over keywords', () => {
    expect(route('Create migration', { skill: 'auth' })).toBe('auth-skill');
    expect(route('Implement JWT login', { type: 'testing' })).toBe('testing-skill');
    expect(routeTask({ title: 'x', type: 'api' }, skills, config.routing)).toMatchObject({ type: 'api', reason: 'type api' });
  });

  it('rejects unknown skills and types, listing the known ones', () => {
    expect(() => route('x', { skill: 'nope' })).toThrow(/unknown skill "nope" \(known: .*api-development-skill/);
    expect(() => route('x', { type: 'frontend' })).toThrow(/unknown task type "frontend" \(known: .*database/);
  });

  it('configured rules and custom skills take precedence', () => {
    const custom = Config.parse({
      skills: { 'payments-skill': { description: 'Payments', types: ['payments'], keywords: ['refund*'], gates: ['security'] } },
      routing: { rules: [{ skill: 'payments-skill', keywords: ['stripe'] }] },
    });
    const all = skillCatalog(custom);
    expect(routeTask({ title: 'Stripe webhook for refunds' }, all, custom.routing).skill).toBe('payments-skill');
    expect(routeTask({ title: 'x', type: 'payments' }, all, custom.routing).skill).toBe('payments-skill');
    expect(all.find((s) => s.name === 'payments-skill')).toMatchObject({ builtin: false, executor: { kind: 'manual' } });
  });
});
