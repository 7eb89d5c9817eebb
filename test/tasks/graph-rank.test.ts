import { describe, expect, it } from 'vitest';
import { findCycle, unblockCounts } from '../../src/tasks/graph.js';
import { normalizeTarget, rankTasks, selectBatch, targetsOverlap } from '../../src/tasks/rank.js';
import { makeTask } from '../helpers/tasks.js';

describe('findCycle', () => {
  it('finds none in a DAG', () => {
    expect(findCycle(new Map([['a', ['b']], ['b', ['c']], ['c', []]]))).toBeUndefined();
  });
  it('names the cycle as a closed path', () => {
    expect(findCycle(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]]))).toEqual(['a', 'b', 'c', 'a']);
    expect(findCycle(new Map([['x', ['x']]]))).toEqual(['x', 'x']);
  });
});

describe('unblockCounts', () => {
  it('counts direct and transitive dependents once each', () => {
    const counts = unblockCounts(new Map([['a', []], ['b', ['a']], ['c', ['b', 'a']], ['d', []]]));
    expect(Object.fromEntries(counts)).toEqual({ a: 2, b: 1, c: 0, d: 0 });
  });
});

describe('rankTasks', () => {
  it('orders by priority, then unblocks, then age', () => {
    const tasks = [
      makeTask({ id: 'task-001-low', priority: 'low', createdAt: '2026-01-01T00:00:00Z' }),
      makeTask({ id: 'task-002-old', createdAt: '2026-01-01T00:00:00Z' }),
      makeTask({ id: 'task-003-new', createdAt: '2026-01-02T00:00:00Z' }),
      makeTask({ id: 'task-004-unblocks', createdAt: '2026-01-03T00:00:00Z' }),
      makeTask({ id: 'task-005-high', priority: 'high', createdAt: '2026-01-04T00:00:00Z' }),
    ];
    const ranked = rankTasks(tasks, new Map([['task-004-unblocks', 3]]));
    expect(ranked.map((t) => t.id)).toEqual(['task-005-high', 'task-004-unblocks', 'task-002-old', 'task-003-new', 'task-001-low']);
  });
});

describe('targets and batches', () => {
  it('normalises parameter styles and methods', () => {
    expect(normalizeTarget('GET /api/products/:id/')).toEqual({ method: 'GET', name: '/api/products/{}' });
    expect(targetsOverlap('GET /api/products/{id}', '/api/products/:productId')).toBe(true);
    expect(targetsOverlap('GET /api/products', 'POST /api/products')).toBe(false);
    expect(targetsOverlap('Product', 'product')).toBe(true);
  });

  it('selects tasks with disjoint targets, avoiding busy ones', () => {
    const ranked = [
      makeTask({ id: 'task-001-a', targets: ['GET /api/products'] }),
      makeTask({ id: 'task-002-b', targets: ['GET /api/products', 'Product'] }),
      makeTask({ id: 'task-003-c', targets: ['Order'] }),
      makeTask({ id: 'task-004-d', targets: [] }),
      makeTask({ id: 'task-005-e', targets: ['User'] }),
    ];
    expect(selectBatch(ranked, 3).map((t) => t.id)).toEqual(['task-001-a', 'task-003-c', 'task-004-d']);
    expect(selectBatch(ranked, 10, ['order']).map((t) => t.id)).toEqual(['task-001-a', 'task-004-d', 'task-005-e']);
  });
});

describe('CandidateQueue', () => {
  it('takes from the front in order, whatever its length', async () => {
    const { CandidateQueue } = await import('../../src/tasks/candidate-queue.js');
    const tasks = Array.from({ length: 3000 }, (_, i) => makeTask({ id: `task-${String(i + 1).padStart(4, '0')}-t` }));
    const queue = new CandidateQueue([...tasks]);
    const taken = [];
    for (let task = queue.take(); task; task = queue.take()) taken.push(task.id);
    expect(taken).toEqual(tasks.map((t) => t.id));
    expect(queue.size).toBe(0);
    expect(queue.take()).toBeUndefined();
  });

  it('shuffles only the leading run of equally ranked candidates', async () => {
    const { CandidateQueue } = await import('../../src/tasks/candidate-queue.js');
    const queue = new CandidateQueue([
      makeTask({ id: 'task-000-taken' }),
      makeTask({ id: 'task-001-a' }),
      makeTask({ id: 'task-002-b' }),
      makeTask({ id: 'task-003-c' }),
      makeTask({ id: 'task-004-low', priority: 'low' }),
    ]);
    expect(queue.take()?.id).toBe('task-000-taken');
    queue.spreadEqualRanks((t) => t.priority, () => 0);
    expect(queue.size).toBe(4);
    const left = [];
    for (let task = queue.take(); task; task = queue.take()) left.push(task.id);
    expect(left).toEqual(['task-002-b', 'task-003-c', 'task-001-a', 'task-004-low']);
    new CandidateQueue().spreadEqualRanks((t) => t.priority);
  });
});
