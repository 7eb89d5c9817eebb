import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEvent } from '../../src/events/envelope.js';
import type { CloudEvent, StoredEvent } from '../../src/events/types.js';
import { FileEventLog, parseLogLine } from '../../src/store/file/event-log.js';
import { stateLayout, type StateLayout } from '../../src/store/file/layout.js';
import { repoRoot } from '../helpers/dist.js';

const SOURCE = 'urn:backend-orchestrator:test';
const event = (id: string, type = 'backend.task.done', source = SOURCE): CloudEvent => createEvent({ id, type, source, data: { n: id } });
const fileLines = (layout: StateLayout) => readFileSync(layout.eventLog, 'utf8').split('\n');

let dir: string;
let layout: StateLayout;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'bo-event-log-'));
  layout = stateLayout(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('FileEventLog: appending', () => {
  it('writes one {"seq","event"} line per event, numbered from 1, and reads them back in order', async () => {
    const log = new FileEventLog(layout);
    expect(await log.lastSeq()).toBe(0);
    expect(await log.read()).toEqual([]);
    const outcome = await log.append([event('a'), event('b')]);
    expect(outcome.appended.map((s) => s.seq)).toEqual([1, 2]);
    expect(outcome.duplicates).toEqual([]);
    const lines = fileLines(layout);
    expect(lines).toHaveLength(3); // two lines, each ended by a newline
    expect(lines[0]).toBe(JSON.stringify({ seq: 1, event: outcome.appended[0]!.event }));
    expect(JSON.parse(lines[1]!)).toEqual({ seq: 2, event: outcome.appended[1]!.event });
    expect((await log.read()).map((s) => [s.seq, s.event.id])).toEqual([[1, 'a'], [2, 'b']]);
    expect(await log.lastSeq()).toBe(2);
  });

  it('writes nothing for a repeat of the same source and id, and returns the stored copy', async () => {
    const log = new FileEventLog(layout);
    const first = await log.append([event('a')]);
    const size = statSync(layout.eventLog).size;
    const again = await log.append([{ ...event('a'), data: { changed: true } }]);
    expect(again.appended).toEqual([]);
    expect(again.duplicates).toEqual(first.appended);
    expect(statSync(layout.eventLog).size).toBe(size);
  });

  it('treats the same id from another source as another event, and a repeat inside one batch as a duplicate', async () => {
    const log = new FileEventLog(layout);
    const outcome = await log.append([event('a'), event('a', 'x', 'urn:other'), event('a')]);
    expect(outcome.appended.map((s) => [s.seq, s.event.source])).toEqual([[1, SOURCE], [2, 'urn:other']]);
    expect(outcome.duplicates.map((s) => s.seq)).toEqual([1]);
    expect(await log.lastSeq()).toBe(2);
  });

  it('continues the sequence across instances (each a separate reader of the same file)', async () => {
    const one = new FileEventLog(layout);
    const two = new FileEventLog(layout);
    await one.append([event('a')]);
    expect((await two.append([event('b')])).appended[0]!.seq).toBe(2);
    expect((await one.append([event('c'), event('b')])).appended.map((s) => s.seq)).toEqual([3]);
    expect((await two.read()).map((s) => s.event.id)).toEqual(['a', 'b', 'c']);
  });

  it('refuses an invalid event with a message naming the field, writing nothing', async () => {
    const log = new FileEventLog(layout);
    await expect(log.append([event('ok'), { ...event('bad'), specversion: '0.3' } as unknown as CloudEvent])).rejects.toMatchObject({
      code: 'BO_ERR_INPUT_INVALID',
      message: expect.stringContaining('event 2 is not a valid CloudEvent: specversion'),
    });
    expect(existsSync(layout.eventLog)).toBe(false);
    expect(await log.append([])).toEqual({ appended: [], duplicates: [] });
  });
});

describe('FileEventLog: reading', () => {
  it('reads after a cursor, by type pattern, up to a limit', async () => {
    const log = new FileEventLog(layout);
    await log.append([event('1', 'backend.task.created'), event('2', 'backend.api.ready'), event('3', 'backend.task.done'), event('4', 'backend.task.done')]);
    expect((await log.read({ afterSeq: 2 })).map((s) => s.seq)).toEqual([3, 4]);
    expect((await log.read({ types: ['backend.task.*'] })).map((s) => s.seq)).toEqual([1, 3, 4]);
    expect((await log.read({ types: ['backend.api.ready'] })).map((s) => s.seq)).toEqual([2]);
    expect((await log.read({ types: ['backend.task.*'], limit: 2 })).map((s) => s.seq)).toEqual([1, 3]);
    expect(await log.read({ limit: 0 })).toEqual([]);
    expect(await log.read({ afterSeq: 4 })).toEqual([]);
  });

  it('finds an event by source and id, or by id alone', async () => {
    const log = new FileEventLog(layout);
    await log.append([event('a'), event('b'), event('b', 'x', 'urn:other')]);
    expect((await log.find(SOURCE, 'b'))?.seq).toBe(2);
    expect(await log.find(SOURCE, 'zzz')).toBeUndefined();
    expect(await log.find('urn:nobody', 'a')).toBeUndefined();
    expect((await log.findById('b')).map((s) => s.seq)).toEqual([2, 3]);
    expect(await log.findById('zzz')).toEqual([]);
  });

  it('skips a torn last line, reports it with file and line, and starts the next append on a new line', async () => {
    const log = new FileEventLog(layout);
    await log.append([event('a'), event('b')]);
    appendFileSync(layout.eventLog, '{"seq":3,"event":{"specversion":"1.0","id":"c"'); // a crash mid-append
    const reader = new FileEventLog(layout);
    expect((await reader.read()).map((s) => s.seq)).toEqual([1, 2]);
    expect(await reader.lastSeq()).toBe(2);
    expect(await reader.problems()).toEqual([{ file: layout.eventLog, line: 3, message: expect.stringContaining('incomplete last line') }]);

    const outcome = await reader.append([event('c')]);
    expect(outcome.appended[0]!.seq).toBe(3);
    const lines = fileLines(layout);
    expect(lines).toHaveLength(5); // 2 good, the torn one, the new one, '' after the last newline
    expect(lines[2]).toBe('{"seq":3,"event":{"specversion":"1.0","id":"c"');
    expect(JSON.parse(lines[3]!).event.id).toBe('c');
    expect((await log.read()).map((s) => s.event.id)).toEqual(['a', 'b', 'c']);
    expect(await log.problems()).toEqual([{ file: layout.eventLog, line: 3, message: expect.stringContaining('not valid JSON') }]);
  });

  it('reports damaged lines in the middle and keeps the rest readable', async () => {
    const log = new FileEventLog(layout);
    await log.append([event('a')]);
    appendFileSync(layout.eventLog, '{"seq":"two","event":{}}\n\n{"seq":9,"event":{"specversion":"1.0","id":"x","source":"s"}}\n');
    await log.append([event('b')]);
    expect((await log.read()).map((s) => [s.seq, s.event.id])).toEqual([[1, 'a'], [2, 'b']]);
    expect((await log.problems()).map((p) => [p.line, p.message])).toEqual([
      [2, expect.stringContaining('"seq"')],
      [4, expect.stringContaining('"type"')],
    ]);
  });

  it('parses log lines strictly enough to catch damage', () => {
    expect(parseLogLine('{"seq":1,"event":{"specversion":"1.0","id":"a","source":"s","type":"t"}}')).toEqual({
      stored: { seq: 1, event: { specversion: '1.0', id: 'a', source: 's', type: 't' } },
    });
    expect(parseLogLine('{"seq":0,"event":{}}')).toHaveProperty('problem');
    expect(parseLogLine('{"seq":1,"event":{"specversion":"0.3","id":"a","source":"s","type":"t"}}')).toHaveProperty('problem');
    expect(parseLogLine('null')).toHaveProperty('problem');
  });
});

/** Writes `count` events straight into the log file (no fsync per event: this is test setup). */
function writeLog(target: StateLayout, count: number, from = 1): void {
  mkdirSync(target.events, { recursive: true });
  const lines: string[] = [];
  for (let seq = from; seq < from + count; seq++) {
    const type = seq % 10 === 0 ? 'backend.api.ready' : 'backend.task.progress';
    lines.push(JSON.stringify({ seq, event: { specversion: '1.0', id: `evt-${seq}`, source: SOURCE, type, time: '2026-03-01T10:00:00.000Z', datacontenttype: 'application/json', subject: `task-${seq}`, data: { seq, note: 'x'.repeat(120) } } }));
  }
  appendFileSync(target.eventLog, `${lines.join('\n')}\n`);
}

describe('FileEventLog: a large log and its index cache', () => {
  it('reads, finds and appends on a 100,000-event log, and a new instance starts from the saved index', async () => {
    writeLog(layout, 100_000);
    const first = new FileEventLog(layout);
    expect(await first.lastSeq()).toBe(100_000);
    const indexFile = path.join(layout.root, '.cache', 'events-index.json');
    expect(existsSync(indexFile)).toBe(true);

    const second = new FileEventLog(layout);
    expect((await second.read({ afterSeq: 99_990 })).map((s) => s.seq)).toEqual([99_991, 99_992, 99_993, 99_994, 99_995, 99_996, 99_997, 99_998, 99_999, 100_000]);
    expect((await second.read({ afterSeq: 50_000, types: ['backend.api.ready'], limit: 3 })).map((s) => s.seq)).toEqual([50_010, 50_020, 50_030]);
    expect((await second.find(SOURCE, 'evt-12345'))?.event.subject).toBe('task-12345');
    expect((await second.append([event('evt-77')])).duplicates[0]?.seq).toBe(77);
    expect((await second.append([event('new')])).appended[0]?.seq).toBe(100_001);
    expect((await first.read({ afterSeq: 100_000 })).map((s) => s.event.id)).toEqual(['new']);
  }, 60_000);

  it('rebuilds the index when the log was replaced, and ignores a damaged index file', async () => {
    writeLog(layout, 1500);
    expect(await new FileEventLog(layout).lastSeq()).toBe(1500);
    const indexFile = path.join(layout.root, '.cache', 'events-index.json');
    expect(existsSync(indexFile)).toBe(true);

    rmSync(layout.eventLog);
    writeLog(layout, 3);
    const afterReplace = new FileEventLog(layout);
    expect(await afterReplace.lastSeq()).toBe(3);
    expect(await afterReplace.find(SOURCE, 'evt-1000')).toBeUndefined();
    expect((await afterReplace.append([event('evt-1000')])).appended[0]?.seq).toBe(4);

    writeFileSync(indexFile, '{"version":1,"keys":');
    const afterDamage = new FileEventLog(layout);
    expect(await afterDamage.lastSeq()).toBe(4);
    expect((await afterDamage.find(SOURCE, 'evt-2'))?.seq).toBe(2);
  });

  it('sees what another process appended since its index was saved', async () => {
    writeLog(layout, 1200);
    const log = new FileEventLog(layout);
    expect(await log.lastSeq()).toBe(1200);
    writeLog(layout, 5, 1201); // as another writer would
    expect(await log.lastSeq()).toBe(1205);
    expect((await new FileEventLog(layout).find(SOURCE, 'evt-1203'))?.seq).toBe(1203);
  });
});

describe('FileEventLog: follow', () => {
  it('delivers the events after the cursor, then those another instance appends, in order, until aborted', async () => {
    const writer = new FileEventLog(layout);
    await writer.append([event('a'), event('b')]);
    const reader = new FileEventLog(layout, { pollMs: 50 });
    const controller = new AbortController();
    const seen: StoredEvent[][] = [];
    const done = reader.follow(1, (batch) => void seen.push(batch), controller.signal);

    await waitFor(() => seen.flat().length === 1);
    await writer.append([event('c'), event('d')]);
    await writer.append([event('e')]);
    await waitFor(() => seen.flat().length === 4);
    controller.abort();
    await done;
    expect(seen.flat().map((s) => [s.seq, s.event.id])).toEqual([[2, 'b'], [3, 'c'], [4, 'd'], [5, 'e']]);

    await writer.append([event('f')]);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(seen.flat()).toHaveLength(4); // stopped: nothing more after the abort
  });

  it('waits for a log that does not exist yet, and does not deliver an incomplete line until it is finished', async () => {
    const reader = new FileEventLog(layout, { pollMs: 20 });
    const controller = new AbortController();
    const seen: StoredEvent[] = [];
    const done = reader.follow(0, (batch) => void seen.push(...batch), controller.signal);
    await new Promise((resolve) => setTimeout(resolve, 60));
    mkdirSync(layout.events, { recursive: true });
    const line = JSON.stringify({ seq: 1, event: event('slow') });
    appendFileSync(layout.eventLog, line.slice(0, 20));
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(seen).toEqual([]);
    appendFileSync(layout.eventLog, `${line.slice(20)}\n`);
    await waitFor(() => seen.length === 1);
    controller.abort();
    await done;
    expect(seen[0]?.event.id).toBe('slow');
  });

  it('wakes on the file notification, not only on the poll', async () => {
    mkdirSync(layout.events, { recursive: true });
    const reader = new FileEventLog(layout, { pollMs: 60_000 }); // a poll this slow never fires during the test
    const controller = new AbortController();
    const seen: StoredEvent[] = [];
    const done = reader.follow(0, (batch) => void seen.push(...batch), controller.signal);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await new FileEventLog(layout).append([event('watched')]);
    await waitFor(() => seen.length === 1, 3000);
    expect(Date.now() - started).toBeLessThan(3000);
    controller.abort();
    await done;
  });

  it('returns at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const seen: StoredEvent[] = [];
    await new FileEventLog(layout).follow(0, (batch) => void seen.push(...batch), controller.signal);
    expect(seen).toEqual([]);
  });
});

describe('FileEventLog: two processes appending at once', () => {
  it('loses no event and gives no seq twice; a shared event is stored once', async () => {
    const bundle = path.join(dir, 'event-log.mjs');
    buildSync({
      stdin: {
        contents: "export { FileEventLog } from './src/store/file/event-log.ts'; export { stateLayout } from './src/store/file/layout.ts';",
        resolveDir: repoRoot,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: bundle,
      logLevel: 'error',
    });
    const worker = path.join(dir, 'append-worker.mjs');
    writeFileSync(
      worker,
      `import { existsSync } from 'node:fs';
const { FileEventLog, stateLayout } = await import(${JSON.stringify(pathToFileURL(bundle).href)});
const [root, name, rounds, goFile] = process.argv.slice(2);
const log = new FileEventLog(stateLayout(root));
const ev = (id) => ({ specversion: '1.0', id, source: 'urn:test', type: 'test.appended', data: { by: name } });
while (!existsSync(goFile)) await new Promise((r) => setTimeout(r, 2));
const appended = [];
for (let i = 0; i < Number(rounds); i++) {
  const out = await log.append([ev(name + '-' + i + '-a'), ev('shared-' + i), ev(name + '-' + i + '-b')]);
  appended.push(...out.appended.map((s) => [s.seq, s.event.id]));
}
process.stdout.write(JSON.stringify(appended));
`,
    );
    const goFile = path.join(dir, 'go');
    const ROUNDS = 40;
    const run = (name: string) =>
      new Promise<[number, string][]>((resolve, reject) => {
        const child = spawn(process.execPath, [worker, dir, name, String(ROUNDS), goFile], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (chunk) => (out += chunk));
        child.stderr.on('data', (chunk) => (err += chunk));
        child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${name} exited ${code}: ${err}`))));
      });
    const workers = [run('p1'), run('p2')];
    await new Promise((resolve) => setTimeout(resolve, 300));
    writeFileSync(goFile, '');
    const [one, two] = await Promise.all(workers);

    const all = [...one!, ...two!];
    const total = ROUNDS * 2 * 2 + ROUNDS; // each process's own two per round, plus each shared event once
    expect(all).toHaveLength(total);
    expect(all.map(([seq]) => seq).sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(new Set(all.map(([, id]) => id)).size).toBe(total);

    const stored = await new FileEventLog(layout).read();
    expect(stored.map((s) => s.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(stored.filter((s) => s.event.id.startsWith('shared-'))).toHaveLength(ROUNDS);
    expect(await new FileEventLog(layout).problems()).toEqual([]);
    // Each process's events are in the order it appended them.
    for (const name of ['p1', 'p2']) {
      const mine = stored.filter((s) => s.event.id.startsWith(`${name}-`)).map((s) => s.event.id);
      expect(mine).toEqual(Array.from({ length: ROUNDS }, (_, i) => [`${name}-${i}-a`, `${name}-${i}-b`]).flat());
    }
  }, 60_000);
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('FileEventLog in a long-lived process (async flush, index kept in memory)', () => {
  it('indexes its own appends without reading them back, and stays right beside another writer', async () => {
    const server = new FileEventLog(layout, { longLived: true });
    const cli = new FileEventLog(layout);
    for (let i = 0; i < 30; i++) await server.append([event(`s${i}a`), event(`s${i}b`)]);
    await cli.append([event('from-cli')]); // the server's index no longer covers the file
    await server.append([event('after-cli'), event('s3a')]);
    expect(await server.lastSeq()).toBe(62);
    expect((await server.read({ afterSeq: 59 })).map((s) => `${s.seq} ${s.event.id}`)).toEqual(['60 s29b', '61 from-cli', '62 after-cli']);
    expect((await server.find(SOURCE, 's17b'))?.seq).toBe(36);
    expect((await server.append([event('s0a')])).duplicates[0]?.seq).toBe(1);
    expect((await new FileEventLog(layout).read()).map((s) => s.seq)).toEqual(Array.from({ length: 62 }, (_, i) => i + 1));
  });

  it('after a torn line, starts its next batch on a line of its own and reports the torn one', async () => {
    const server = new FileEventLog(layout, { longLived: true });
    await server.append([event('a')]);
    appendFileSync(layout.eventLog, '{"seq":2,"event":{"specversion"'); // another writer crashed mid-append
    await server.append([event('b')]);
    expect((await server.read()).map((s) => `${s.seq} ${s.event.id}`)).toEqual(['1 a', '2 b']);
    expect(await server.problems()).toEqual([{ file: layout.eventLog, line: 2, message: expect.stringContaining('not valid JSON') }]);
  });

  it('saves its index for the next process when it closes, not while appending', async () => {
    const server = new FileEventLog(layout, { longLived: true });
    const indexFile = path.join(layout.root, '.cache', 'events-index.json');
    for (let i = 0; i < 11; i++) await server.append(Array.from({ length: 100 }, (_, j) => event(`e${i}-${j}`)));
    expect(existsSync(indexFile)).toBe(false);
    server.close();
    expect(JSON.parse(readFileSync(indexFile, 'utf8')).lastSeq).toBe(1100);
    expect((await new FileEventLog(layout).find(SOURCE, 'e10-99'))?.seq).toBe(1100);
  });
});
