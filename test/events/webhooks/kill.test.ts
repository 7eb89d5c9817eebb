/**
 * The orchestrator killed during delivery (SIGKILL, no clean-up) and started again: nothing is lost,
 * nothing already delivered is sent again, and the interrupted delivery is resent with the same
 * webhook-id. Runs the built CLI (`bo events deliver --follow`) as a real process.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent } from '../../../src/events/envelope.js';
import { FileEventLog } from '../../../src/store/file/event-log.js';
import { stateLayout } from '../../../src/store/file/layout.js';
import { binPath, ensureBuilt } from '../../helpers/dist.js';
import { startReceiver, type Receiver } from './receiver.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
let dir: string;
let receiver: Receiver;

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(path.join(tmpdir(), 'bo-webhook-kill-'));
});
afterAll(async () => {
  await receiver?.close();
  rmSync(dir, { recursive: true, force: true });
});

const deliver = (follow: boolean) => spawn(process.execPath, [binPath, 'events', 'deliver', ...(follow ? ['--follow'] : []), '--json'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
const exited = (child: ReturnType<typeof deliver>) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

describe('killing the dispatcher mid-delivery', () => {
  it('loses nothing and re-sends only the interrupted delivery, under the same webhook-id', async () => {
    let killedAt: string | undefined;
    let child: ReturnType<typeof deliver> | undefined;
    receiver = await startReceiver({
      secret: SECRET,
      now: () => Date.now(),
      // The third event hangs (the process dies while sending it); after the restart all succeed.
      answer: (request) => {
        if (request.event.type === 'backend.task.done' && request.event.subject === 'e3' && killedAt === undefined) {
          killedAt = request.id;
          child?.kill('SIGKILL');
          return 'hang';
        }
        return 204;
      },
    });
    writeFileSync(path.join(dir, 'backend-orchestrator.config.json'), JSON.stringify({ events: { webhooks: [{ id: 'hook', url: receiver.url, secret: SECRET }] } }));
    const log = new FileEventLog(stateLayout(dir));
    const events = ['e1', 'e2', 'e3', 'e4', 'e5'].map((subject) => createEvent({ type: 'backend.task.done', source: 'urn:test', subject, data: { task: subject } }));
    await log.append(events);

    child = deliver(true);
    expect(await exited(child)).toBeNull(); // killed by the signal
    expect(killedAt).toBe(events[2]?.id);
    receiver.releaseHanging(204);

    const again = deliver(false);
    let out = '';
    again.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    expect(await exited(again)).toBe(0);
    expect(out).toContain('hook');

    const ids = receiver.received.map((r) => r.id);
    // Each event arrived, in order; only the interrupted one twice, with one webhook-id.
    expect([...new Set(ids)]).toEqual(events.map((e) => e.id));
    expect(ids.filter((id) => id === events[2]?.id)).toHaveLength(2);
    for (const event of [events[0], events[1], events[3], events[4]]) expect(ids.filter((id) => id === event?.id)).toHaveLength(1);
    expect(receiver.received.every((r) => r.verified.ok)).toBe(true);
  }, 60_000);
});
