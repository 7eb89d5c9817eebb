/** The kept task listing: reused while nothing changed, read again as soon as something may have. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Config } from '../../src/config/schema.js';
import { Orchestrator } from '../../src/orchestrator.js';
import { matchesFilter, TaskListing } from '../../src/server/task-listing.js';
import { makeTask, tempDir } from '../helpers/tasks.js';

let dir: string;
let cleanup: () => void;
let orchestrator: Orchestrator;
let reads: number;
let listing: TaskListing;
let clock: number;

/** A second orchestrator on the same files: another process, as far as this one can tell. */
const otherProcess = () => new Orchestrator(dir, Config.parse({}), {});
const until = async (condition: () => Promise<boolean>) => {
  for (let i = 0; i < 100; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('condition never held');
};

beforeEach(async () => {
  ({ dir, cleanup } = tempDir('bo-listing-'));
  orchestrator = new Orchestrator(dir, Config.parse({}), {});
  await orchestrator.store.init();
  reads = 0;
  clock = Date.now();
  const engine = { list: (filter?: Parameters<Orchestrator['engine']['list']>[0]) => ((reads += 1), orchestrator.engine.list(filter)) };
  listing = new TaskListing(engine, orchestrator.store, { maxAgeMs: 60_000, now: () => clock });
});
afterEach(() => {
  listing.close();
  cleanup();
});

describe('TaskListing', () => {
  it('reads the store once for many listings while nothing changes, and filters as the engine does', async () => {
    await orchestrator.engine.add([{ title: 'One', type: 'api' }, { title: 'Two', type: 'database' }], 'test');
    expect((await listing.list({})).map((t) => t.title)).toEqual(['One', 'Two']);
    expect((await listing.list({ skill: 'database' })).map((t) => t.title)).toEqual(['Two']);
    expect((await listing.list({ status: 'in_progress' }))).toEqual([]);
    expect(reads).toBe(1);
  });

  it('reads again after another process writes a task, or after invalidate()', async () => {
    await listing.list({});
    await otherProcess().engine.add([{ title: 'Made elsewhere' }], 'other');
    await until(async () => (await listing.list({})).length === 1);
    const before = reads;
    listing.invalidate();
    await listing.list({});
    expect(reads).toBe(before + 1);
  });

  it('reads again once a kept lease has lapsed (the engine makes the task ready), or the listing is too old', async () => {
    const [task] = await orchestrator.engine.add([{ title: 'Leased' }], 'test');
    await orchestrator.engine.claim(task?.id as string, 'claude-1', 60_000);
    await until(async () => (await listing.list({}))[0]?.status === 'in_progress');
    const before = reads;
    clock += 30_000;
    await listing.list({});
    expect(reads).toBe(before);
    clock += 31_000; // past the lease (and within the maximum age)
    await listing.list({});
    expect(reads).toBe(before + 1);
    clock += 61_000;
    await listing.list({});
    expect(reads).toBe(before + 2);
  });

  it('does not keep archived listings', async () => {
    await listing.list({ archived: true });
    await listing.list({ archived: true });
    expect(reads).toBe(2);
  });
});

describe('matchesFilter', () => {
  it('matches status, skill with or without the suffix, and the claiming agent', () => {
    const task = makeTask({ status: 'in_progress', skill: 'database-skill', claim: { agent: 'a', claimedAt: '', leaseUntil: '', leaseMs: 1 } });
    expect(matchesFilter(task, {})).toBe(true);
    expect(matchesFilter(task, { skill: 'database', status: 'in_progress', agent: 'a' })).toBe(true);
    expect(matchesFilter(task, { skill: 'database-skill' })).toBe(true);
    expect(matchesFilter(task, { agent: 'b' })).toBe(false);
    expect(matchesFilter(task, { status: 'ready' })).toBe(false);
  });
});
