/** Background gate runs: one at a time, progress to subscribers, the newest kept. */
import { describe, expect, it } from 'vitest';
import { CheckRuns, type CheckUpdate } from '../../src/server/check-runs.js';
import { ProblemError } from '../../src/server/problem.js';
import type { CheckRequest } from '../../src/orchestrator.js';
import type { Report } from '../../src/report/model.js';

/** A check that reports progress and finishes when told to. */
function controllable() {
  let finish: (outcome: { report?: Partial<Report>; error?: Error }) => void = () => undefined;
  let seen: CheckRequest | undefined;
  const check = (request: CheckRequest) =>
    new Promise<Report>((resolve, reject) => {
      seen = request;
      finish = ({ report, error }) => (error ? reject(error) : resolve({ id: 'r-1', verdict: 'pass', summary: { errors: 0 }, ...report } as Report));
    });
  return { check, finish: (outcome: Parameters<typeof finish>[0]) => finish(outcome), request: () => seen as CheckRequest };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('CheckRuns', () => {
  it('runs in the background: progress goes to subscribers, then done with the report', async () => {
    const fake = controllable();
    const runs = new CheckRuns(fake.check);
    const run = runs.start({ areas: ['api'] });
    expect(run.status).toBe('running');
    expect(fake.request().areas).toEqual(['api']);
    const updates: CheckUpdate[] = [];
    runs.subscribe(run.id, (update) => updates.push(update));
    fake.request().progress?.('api', 1, 3);
    expect(runs.get(run.id)?.progress).toEqual({ phase: 'api', done: 1, total: 3 });
    fake.finish({ report: { id: 'r-9', verdict: 'fail' } });
    await tick();
    expect(updates.map((u) => u.type)).toEqual(['progress', 'done']);
    expect(runs.get(run.id)).toMatchObject({ status: 'done', report: { id: 'r-9', verdict: 'fail' }, finishedAt: expect.any(String) });
  });

  it('refuses a second run while one runs (409 naming it), and allows one after', async () => {
    const fake = controllable();
    const runs = new CheckRuns(fake.check);
    const first = runs.start({});
    let refused: unknown;
    try {
      runs.start({});
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ProblemError);
    expect((refused as ProblemError).status).toBe(409);
    expect((refused as ProblemError).extra.running).toBe(first.id);
    fake.finish({ error: new Error('the scan broke') });
    await tick();
    expect(runs.get(first.id)).toMatchObject({ status: 'failed', error: 'the scan broke' });
    expect(runs.start({}).status).toBe('running');
  });

  it('keeps only the newest finished runs, and stop() aborts the running one', async () => {
    const fake = controllable();
    const runs = new CheckRuns(fake.check, { keep: 2 });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(runs.start({}).id);
      fake.finish({});
      await tick();
    }
    expect(ids.map((id) => runs.get(id)?.status)).toEqual([undefined, 'done', 'done']);
    runs.start({});
    const stopping = runs.stop();
    expect(fake.request().signal?.aborted).toBe(true);
    fake.finish({ error: new Error('aborted') });
    await stopping;
  });
});
