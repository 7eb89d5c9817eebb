/** PATCH's rules: which fields change, what their gates become, when a task may not change. */
import { describe, expect, it } from 'vitest';
import { applyTaskPatch, gatesFor } from '../../src/server/task-update.js';
import { makeTask } from '../helpers/tasks.js';

const NOW = new Date('2026-04-01T09:00:00.000Z');
const context = { actor: 'lead', now: NOW, skillGates: ['api', 'security'] };

describe('gatesFor', () => {
  it('adds the gates of new requirements and drops those only a dropped requirement asked for', () => {
    expect(gatesFor(['api', 'api/pagination'], ['pagination'], ['filtering'], ['api'])).toEqual(['api', 'api/filtering']);
    expect(gatesFor(['api', 'api/pagination'], ['pagination'], ['pagination', 'auth required'], ['api'])).toEqual(['api', 'api/pagination', 'sec/authn-required']);
  });

  it('keeps a gate the skill runs anyway, and gates added by hand', () => {
    expect(gatesFor(['api/rate-limit', 'custom/rule'], ['rate limiting'], [], ['api/rate-limit'])).toEqual(['api/rate-limit', 'custom/rule']);
  });
});

describe('applyTaskPatch', () => {
  it('changes the given fields, records one history entry naming them, leaves the status', () => {
    const task = makeTask({ requirements: ['pagination'], criteria: { gates: ['api', 'api/pagination'], thresholds: {} } });
    const next = applyTaskPatch(task, { title: '  New title ', priority: 'high', requirements: ['filtering', 'filtering', ' '] }, context);
    expect(next).toMatchObject({ title: 'New title', priority: 'high', requirements: ['filtering'], status: 'ready', updatedAt: NOW.toISOString() });
    expect(next?.criteria.gates).toEqual(['api', 'api/filtering']);
    expect(next?.history).toEqual([{ at: NOW.toISOString(), from: 'ready', to: 'ready', by: 'lead', note: 'updated title, priority, requirements' }]);
  });

  it('uses the targets matched to the registry when there are some', () => {
    const next = applyTaskPatch(makeTask(), { targets: ['GET /api/products/:id'] }, { ...context, resolvedTargets: ['GET /api/products/{id}'] });
    expect(next?.targets).toEqual(['GET /api/products/{id}']);
  });

  it('changes nothing (undefined) when every value is already so', () => {
    const task = makeTask({ title: 'Same', priority: 'low' });
    expect(applyTaskPatch(task, { title: 'Same', priority: 'low', requirements: [] }, context)).toBeUndefined();
  });

  it('refuses a finished task and one being validated', () => {
    expect(() => applyTaskPatch(makeTask({ status: 'done' }), { title: 'x' }, context)).toThrow(/is done; it can no longer change/);
    expect(() => applyTaskPatch(makeTask({ status: 'validating' }), { title: 'x' }, context)).toThrow(/being validated/);
  });
});
