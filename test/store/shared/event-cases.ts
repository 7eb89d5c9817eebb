/**
 * The outbox contract (EventLog) on every store: sequence numbers in append order, a repeat of a
 * source + id stored once, concurrent appends from two instances, reading by cursor, type and
 * limit, and `follow` across instances until aborted.
 */
import { describe, expect, it } from 'vitest';
import type { CloudEvent, StoredEvent } from '../../../src/events/types.js';
import { caseKit, type StoreHarness } from './harness.js';

export const cloudEvent = (id: string, type = 'backend.task.created', source = 'urn:backend-orchestrator:test', data: unknown = { n: id }): CloudEvent => ({
  specversion: '1.0',
  id,
  source,
  type,
  time: '2026-03-01T10:00:00.000Z',
  datacontenttype: 'application/json',
  data,
});

export function eventCases(harness: StoreHarness): void {
  const { title, fresh } = caseKit(harness);

  describe.skipIf(harness.skip !== undefined)(title('the event outbox'), () => {
    it('numbers events from 1 in append order and reads them back', async () => {
      const { opened } = await fresh();
      expect(await opened.events.lastSeq()).toBe(0);
      const { appended } = await opened.events.append([cloudEvent('e1'), cloudEvent('e2')]);
      expect(appended.map((s) => s.seq)).toEqual([1, 2]);
      await opened.events.append([cloudEvent('e3', 'backend.api.ready')]);
      const read = await opened.events.read();
      expect(read.map((s) => [s.seq, s.event.id])).toEqual([[1, 'e1'], [2, 'e2'], [3, 'e3']]);
      expect(read[2]?.event).toEqual(cloudEvent('e3', 'backend.api.ready'));
      expect(await opened.events.lastSeq()).toBe(3);
    });

    it('stores a repeat of a source and id once and returns the stored copy; another source is another event', async () => {
      const { opened } = await fresh();
      await opened.events.append([cloudEvent('e1')]);
      const again = await opened.events.append([cloudEvent('e1', 'backend.task.created', 'urn:backend-orchestrator:test', { changed: true }), cloudEvent('e1', 'backend.task.created', 'urn:other')]);
      expect(again.appended.map((s) => [s.seq, s.event.source])).toEqual([[2, 'urn:other']]);
      expect(again.duplicates).toEqual([{ seq: 1, event: cloudEvent('e1') }]);
      const inBatch = await opened.events.append([cloudEvent('e2'), cloudEvent('e2')]);
      expect(inBatch.appended.map((s) => s.seq)).toEqual([3]);
      expect(inBatch.duplicates.map((s) => s.seq)).toEqual([3]);
      expect(await opened.events.lastSeq()).toBe(3);
    });

    it('refuses an invalid event, naming it, and writes nothing of the batch', async () => {
      const { opened } = await fresh();
      const bad = { ...cloudEvent('e2'), specversion: '0.3' } as unknown as CloudEvent;
      await expect(opened.events.append([cloudEvent('e1'), bad])).rejects.toMatchObject({ code: 'BO_ERR_INPUT_INVALID', message: expect.stringContaining('event 2') });
      expect(await opened.events.lastSeq()).toBe(0);
    });

    it('reads after a cursor, by type pattern, up to a limit, and finds by source and id', async () => {
      const { opened } = await fresh();
      await opened.events.append([cloudEvent('a', 'backend.task.created'), cloudEvent('b', 'backend.api.ready'), cloudEvent('c', 'backend.task.done'), cloudEvent('d', 'backend_task_x')]);
      expect((await opened.events.read({ afterSeq: 1 })).map((s) => s.event.id)).toEqual(['b', 'c', 'd']);
      expect((await opened.events.read({ types: ['backend.task.*'] })).map((s) => s.event.id)).toEqual(['a', 'c']);
      expect((await opened.events.read({ types: ['backend.api.ready', 'backend.task.done'] })).map((s) => s.event.id)).toEqual(['b', 'c']);
      expect((await opened.events.read({ types: ['*'], limit: 2 })).map((s) => s.event.id)).toEqual(['a', 'b']);
      expect(await opened.events.read({ limit: 0 })).toEqual([]);
      expect((await opened.events.find('urn:backend-orchestrator:test', 'c'))?.seq).toBe(3);
      expect(await opened.events.find('urn:other', 'c')).toBeUndefined();
    });

    it('loses no event and gives no seq twice when two instances append at once', async () => {
      const s = await fresh();
      const other = await s.another();
      await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? other : s.opened).events.append([cloudEvent(`e${i}`), cloudEvent('shared')])));
      const all = await (await s.another()).events.read();
      expect(all).toHaveLength(41);
      expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
      expect(new Set(all.map((e) => e.event.id)).size).toBe(41);
    });

    it('follows: the events after the cursor, then those another instance appends, in order, until aborted', async () => {
      const s = await fresh();
      const other = await s.another();
      await s.opened.events.append([cloudEvent('e1'), cloudEvent('e2')]);
      const seen: StoredEvent[] = [];
      const stop = new AbortController();
      const following = s.opened.events.follow(1, (batch) => {
        seen.push(...batch);
      }, stop.signal);
      await expect.poll(() => seen.map((e) => e.event.id)).toEqual(['e2']);
      await other.events.append([cloudEvent('e3')]);
      await other.events.append([cloudEvent('e4'), cloudEvent('e5')]);
      await expect.poll(() => seen.map((e) => e.seq), { timeout: 5000 }).toEqual([2, 3, 4, 5]);
      stop.abort();
      await following;
      const done = new AbortController();
      done.abort();
      await s.opened.events.follow(0, () => {
        throw new Error('must not be called');
      }, done.signal);
    });
  });
}
