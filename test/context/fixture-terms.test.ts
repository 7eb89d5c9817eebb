import { describe, expect, it } from 'vitest';
import { casingOf } from '../../src/context/naming.js';
import { compoundKey, matchKeys, resourceSegments, stem } from '../../src/context/terms.js';
import { makeRegistry } from '../fixtures/registry.js';

describe('terms', () => {
  it.each([
    ['users', 'user'],
    ['categories', 'category'],
    ['addresses', 'address'],
    ['boxes', 'box'],
    ['status', 'status'],
    ['access', 'access'],
    ['bus', 'bus'],
  ])('stems %s to %s', (word, expected) => expect(stem(word)).toBe(expected));

  it('gives compound names one key however they are written', () => {
    for (const name of ['OrderItem', 'order_items', 'order-items', 'orderItems', 'ORDER_ITEMS']) expect(compoundKey(name)).toBe('orderitem');
    expect(matchKeys('speed up order items')).toContain('orderitem');
  });

  it('keeps only the resource segments of a path', () => {
    expect(resourceSegments('/api/v2/users/{userId}/order-items/:id')).toEqual(['users', 'order-items']);
  });

  it.each([
    ['order-items', 'kebab-case'],
    ['order_items', 'snake_case'],
    ['orderItems', 'camelCase'],
    ['OrderItems', 'PascalCase'],
    ['orders', undefined],
  ])('reads the casing of %s', (name, casing) => expect(casingOf(name)).toBe(casing));
});

describe('makeRegistry', () => {
  it('makes registries of the asked size, the same every time', () => {
    const registry = makeRegistry({ endpoints: 2000, models: 300 });
    expect(registry.endpoints).toHaveLength(2000);
    expect(registry.models).toHaveLength(300);
    expect(new Set(registry.endpoints.map((e) => e.id)).size).toBe(2000);
    expect(new Set(registry.models.map((m) => m.name)).size).toBe(300);
    expect(makeRegistry({ endpoints: 2000, models: 300 })).toEqual(registry);
    expect(makeRegistry({ endpoints: 2000, models: 300, seed: 1 })).not.toEqual(registry);
  });

  it('references only models that exist', () => {
    const { models } = makeRegistry({ endpoints: 10, models: 300 });
    const names = new Set(models.map((m) => m.name));
    for (const field of models.flatMap((m) => m.fields)) if (field.references) expect(names).toContain(field.references.model);
  });
});
