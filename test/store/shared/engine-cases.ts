/**
 * The task engine's rules on every store: `next` and `next --batch`, dependencies, claims by many
 * agents on several instances (each task once), and a lapsed lease reclaimed by another instance.
 * The engine is the same code on both stores, so the answers must be the same too.
 */
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/schema.js';
import type { OpenedStore } from '../../../src/store/open.js';
import { TaskEngine } from '../../../src/tasks/engine.js';
import type { Task } from '../../../src/tasks/schema.js';
import { caseKit, type StoreHarness } from './harness.js';

const T0 = new Date('2026-03-01T10:00:00.000Z');

function engineOn(opened: OpenedStore, clock: { now: Date } = { now: T0 }): TaskEngine {
  return new TaskEngine({ store: opened.store, config: defaultConfig(), now: () => clock.now });
}

export function engineCases(harness: StoreHarness): void {
  const { title, fresh } = caseKit(harness);

  describe.skipIf(harness.skip !== undefined)(title('the task engine'), () => {
    it('next ranks by priority, then what a task unblocks; --batch picks tasks whose targets do not overlap', async () => {
      const s = await fresh();
      const engine = engineOn(s.opened);
      await engine.add(
        [
          { key: 'a', title: 'List products', targets: ['GET /api/products'] },
          { key: 'b', title: 'Filter products', targets: ['GET /api/products'], priority: 'high' },
          { key: 'c', title: 'Orders endpoint', targets: ['GET /api/orders'] },
          { key: 'd', title: 'Index orders', depends: ['c'] },
          { key: 'e', title: 'Users endpoint', targets: ['POST /api/users'], priority: 'low' },
        ],
        'tester',
      );
      expect((await engine.next()).map((t) => t.title)).toEqual(['Filter products']);
      expect((await engine.next({ batch: 3 })).map((t) => t.title)).toEqual(['Filter products', 'Orders endpoint', 'Users endpoint']);
      // What another instance sees is the same.
      const other = engineOn(await s.another());
      expect((await other.next({ batch: 3 })).map((t) => t.title)).toEqual(['Filter products', 'Orders endpoint', 'Users endpoint']);
    });

    it('keeps a dependent pending until its dependency is done, then makes it claimable', async () => {
      const s = await fresh();
      const engine = engineOn(s.opened);
      const [api, index] = await engine.add([{ key: 'api', title: 'Orders endpoint' }, { key: 'idx', title: 'Index orders', depends: ['api'] }], 'tester');
      expect(index?.status).toBe('pending');
      await expect(engine.claim(index!.id, 'agent-1')).rejects.toMatchObject({ code: 'BO_ERR_TASK_CONFLICT' });
      await engine.claim(api!.id, 'agent-1');
      await engine.complete(api!.id, 'agent-1');
      const [next] = await engineOn(await s.another()).claimNext({ agent: 'agent-2' });
      expect(next).toMatchObject({ id: index!.id, status: 'in_progress', claim: { agent: 'agent-2' } });
    });

    it('gives every task to exactly one of many agents claiming at once on two instances', async () => {
      const s = await fresh();
      const other = await s.another();
      const TASKS = 60;
      await engineOn(s.opened).add(Array.from({ length: TASKS }, (_, i) => ({ title: `Task ${i}` })), 'tester');
      const agents = Array.from({ length: 8 }, (_, i) => ({ agent: `agent-${i}`, engine: engineOn(i % 2 ? other : s.opened) }));
      const claimed = await Promise.all(
        agents.map(async ({ agent, engine }) => {
          const mine: string[] = [];
          for (;;) {
            const [task] = await engine.claimNext({ agent });
            if (!task) return mine;
            mine.push(task.id);
          }
        }),
      );
      const all = claimed.flat();
      expect(all).toHaveLength(TASKS);
      expect(new Set(all).size).toBe(TASKS);
      const { tasks } = await s.opened.store.listTasks();
      const holder = new Map(claimed.flatMap((ids, i) => ids.map((id) => [id, `agent-${i}`] as const)));
      for (const task of tasks) expect(task.claim?.agent).toBe(holder.get(task.id));
    });

    it('returns a lapsed lease to ready on any instance, and lets another agent claim it; a live lease is refused', async () => {
      const s = await fresh();
      const clock = { now: T0 };
      const first = engineOn(s.opened, clock);
      const [task] = await first.add([{ title: 'Slow task' }], 'tester');
      await first.claim(task!.id, 'agent-1', 60_000);
      const elsewhere = engineOn(await s.another(), clock);
      await expect(elsewhere.claim(task!.id, 'agent-2')).rejects.toMatchObject({ code: 'BO_ERR_TASK_CLAIMED' });
      expect(await elsewhere.claimNext({ agent: 'agent-2' })).toEqual([]);
      clock.now = new Date(T0.getTime() + 61_000);
      expect((await elsewhere.list()).tasks.map((t: Task) => t.status)).toEqual(['ready']);
      const [reclaimed] = await elsewhere.claimNext({ agent: 'agent-2' });
      expect(reclaimed).toMatchObject({ id: task!.id, claim: { agent: 'agent-2' } });
      expect(reclaimed?.history.map((h) => h.note)).toContain('lease of agent-1 expired');
    });
  });
}
