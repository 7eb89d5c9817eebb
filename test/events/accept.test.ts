/** The intake door: bad events are refused with a reason and recorded; they never reach the outbox or make tasks. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { intake, MAX_EVENT_BYTES } from '../../src/events/accept.js';
import { FileEventLog } from '../../src/store/file/event-log.js';
import { stateLayout } from '../../src/store/file/layout.js';
import { bo } from '../helpers/cli.js';
import { makeEngine } from '../helpers/tasks.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function setup() {
  const made = await makeEngine();
  cleanups.push(made.cleanup);
  const layout = stateLayout(made.dir, 'ai-state');
  const log = new FileEventLog(layout);
  const deps = { log, engine: made.engine, actor: 'tester', eventsDir: layout.events, now: new Date('2026-06-01T00:00:00Z') };
  const rejected = () => readFileSync(path.join(layout.events, 'rejected.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  return { ...made, log, deps, rejected };
}

describe('intake', () => {
  it('refuses what is not JSON, not an event, of an unknown type, too large, or a request without an endpoint; records each refusal', async () => {
    const { deps, log, engine, rejected } = await setup();
    const cases: [unknown, RegExp][] = [
      ['{"event": "frontend.api.request", "endpoint": ', /not valid JSON/],
      ['{"endpoint": "/api/x"}', /not an event/],
      ['{"event": "billing.invoice.paid", "amount": 3}', /unknown event type "billing\.invoice\.paid"/],
      [JSON.stringify({ event: 'frontend.api.request', endpoint: '/api/x', description: 'x'.repeat(MAX_EVENT_BYTES) }), /too large/],
      ['{"event": "frontend.api.request", "endpoint": "api/x"}', /must be a path starting with "\/"/],
      ['{"specversion": "1.0", "id": "1", "source": "urn:x"}', /type/],
    ];
    for (const [body, reason] of cases) {
      const outcome = await intake({ body, contentType: 'application/json', from: '127.0.0.1' }, deps);
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.problems.map((p) => `${p.path}: ${p.message}`).join('; ')).toMatch(reason);
    }
    expect(await log.lastSeq()).toBe(0);
    expect((await engine.list()).tasks).toEqual([]);
    const log_ = rejected();
    expect(log_).toHaveLength(cases.length);
    expect(log_[0]).toMatchObject({ at: '2026-06-01T00:00:00.000Z', from: '127.0.0.1', body: '{"event": "frontend.api.request", "endpoint": ' });
    expect(log_[3].body).toHaveLength(1024);
  });

  it('accepts the plain form and CloudEvents, and types the config adds', async () => {
    const { deps } = await setup();
    const plain = await intake({ body: '{"event": "frontend.api.request", "endpoint": "/api/x", "requirements": ["pagination"]}' }, deps);
    expect(plain).toMatchObject({ ok: true, received: [{ type: 'frontend.api.request', task: { action: 'created' } }] });
    const custom = await intake({ body: { specversion: '1.0', id: 'a', source: 'urn:data', type: 'data.etl.finished' } }, { ...deps, acceptTypes: ['data.etl.finished'] });
    expect(custom).toMatchObject({ ok: true, received: [{ type: 'data.etl.finished', duplicate: false }] });
  });
});

describe('bo emit', () => {
  it('refuses an unknown type with exit 2 and records it', async () => {
    const { dir, rejected } = await setup();
    const result = await bo(dir, ['emit', 'billing.invoice.paid', '--data', '{"amount": 3}']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown event type "billing\.invoice\.paid"/);
    expect(rejected()[0]).toMatchObject({ from: 'bo emit' });
  });
});
