import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerEvents } from '../../src/cli/commands/events.js';
import type { Run } from '../../src/cli/commands/types.js';
import type { Io } from '../../src/cli/io.js';
import { Session, type GlobalOptions } from '../../src/cli/session.js';
import { EXIT, isBoError } from '../../src/core/errors.js';
import { createEvent } from '../../src/events/envelope.js';
import { FileEventLog } from '../../src/store/file/event-log.js';
import { stateLayout } from '../../src/store/file/layout.js';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
  json<T = any>(): T;
}

/**
 * The CLI as src/cli/main.ts builds it (global --json/--cwd/--no-color, exit codes from BoError),
 * with `registerEvents` on it, run in-process. `extend` adds commands after it, as the webhook
 * commands are added to `bo events`. `output()` shows what was printed so far (for --follow).
 */
function start(cwd: string, args: string[], extend?: (program: Command, run: Run) => void): { done: Promise<Result>; output: () => string } {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    env: { NO_COLOR: '1' },
  };
  let code: number = EXIT.ok;
  const program = new Command('bo')
    .option('-C, --cwd <dir>')
    .option('--json')
    .option('--no-color')
    .exitOverride()
    .configureOutput({ writeOut: (text) => (stdout += text), writeErr: (text) => (stderr += text) });
  const run: Run = async (cmd, fn) => {
    code = (await fn(new Session(io, cwd, cmd.optsWithGlobals<GlobalOptions>()))) ?? EXIT.ok;
  };
  registerEvents(program, run);
  extend?.(program, run);
  const done = (async () => {
    try {
      await program.parseAsync(args, { from: 'user' });
    } catch (error) {
      if (error instanceof CommanderError) code = error.code === 'commander.helpDisplayed' ? EXIT.ok : EXIT.invalid;
      else if (isBoError(error)) {
        stderr += `bo: ${error.message}\n`;
        code = error.exitCode;
      } else throw error;
    }
    return { code, stdout, stderr, json: () => JSON.parse(stdout) };
  })();
  return { done, output: () => stdout };
}

const cli = (cwd: string, args: string[], extend?: (program: Command, run: Run) => void) => start(cwd, args, extend).done;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'bo-events-cli-'));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'shop-api' }));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const logOf = () => new FileEventLog(stateLayout(dir));

describe('bo emit', () => {
  it('appends an event with this project as its source and prints its id and seq', async () => {
    const text = await cli(dir, ['emit', 'backend.task.done', '--subject', 'task-001-x', '--data', '{"task": "task-001-x"}']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Appended backend\.task\.done [0-9a-f-]{36} as seq 1\n$/);

    const json = await cli(dir, ['emit', 'backend.docs.updated', '--json']);
    expect(json.code).toBe(0);
    expect(json.json()).toMatchObject({ seq: 2, duplicate: false, event: { specversion: '1.0', type: 'backend.docs.updated', source: 'urn:backend-orchestrator:shop-api' } });
    const stored = await logOf().read();
    expect(stored.map((s) => [s.seq, s.event.type, s.event.subject, s.event.data])).toEqual([
      [1, 'backend.task.done', 'task-001-x', { task: 'task-001-x' }],
      [2, 'backend.docs.updated', undefined, undefined],
    ]);
  });

  it('says an event with the same id and source is already there, writing nothing (exit 0)', async () => {
    expect((await cli(dir, ['emit', 'backend.task.done', '--id', 'evt-1'])).code).toBe(0);
    const again = await cli(dir, ['emit', 'backend.task.done', '--id', 'evt-1', '--data', '{"other": true}']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('Already in the log: evt-1 from urn:backend-orchestrator:shop-api (seq 1); nothing written\n');
    const json = await cli(dir, ['emit', 'backend.task.done', '--id', 'evt-1', '--json']);
    expect(json.json()).toMatchObject({ seq: 1, duplicate: true });
    const fromElsewhere = await cli(dir, ['emit', 'backend.task.done', '--id', 'evt-1', '--source', 'urn:other', '--json']);
    expect(fromElsewhere.json()).toMatchObject({ seq: 2, duplicate: false, event: { source: 'urn:other' } });
  });

  it('reads the data from a file and checks the data of known types', async () => {
    writeFileSync(path.join(dir, 'request.json'), '{"endpoint": "/api/products", "method": "get", "requirements": ["pagination"]}');
    const ok = await cli(dir, ['emit', 'frontend.api.request', '--data-file', 'request.json', '--json']);
    expect(ok.code).toBe(0);
    expect(ok.json().event.data).toEqual({ endpoint: '/api/products', method: 'GET', requirements: ['pagination'] });
    // The request was handled: a task for it, announced after the request in the log.
    expect(ok.json().task).toMatchObject({ action: 'created' });
    const types = (await logOf().read()).map((s) => s.event.type);
    expect(types).toEqual(['frontend.api.request', 'backend.task.created']);

    const bad = await cli(dir, ['emit', 'frontend.api.request', '--data', '{"endpoint": "api/products"}']);
    expect(bad.code).toBe(EXIT.invalid);
    expect(bad.stderr).toContain('data.endpoint: must be a path starting with "/"');
    expect(await logOf().lastSeq()).toBe(2);
  });

  it('refuses data that is not JSON, both data options at once, an unreadable file and an empty type', async () => {
    const notJson = await cli(dir, ['emit', 'x.y', '--data', '{"a": }']);
    expect(notJson.code).toBe(EXIT.invalid);
    expect(notJson.stderr).toMatch(/--data: not valid JSON at 1:7/);
    const both = await cli(dir, ['emit', 'x.y', '--data', '{}', '--data-file', 'f.json']);
    expect([both.code, both.stderr]).toEqual([EXIT.invalid, 'bo: give --data or --data-file, not both\n']);
    const missing = await cli(dir, ['emit', 'x.y', '--data-file', 'nope.json']);
    expect([missing.code, missing.stderr]).toEqual([EXIT.invalid, 'bo: --data-file nope.json: cannot read it (ENOENT)\n']);
    const empty = await cli(dir, ['emit', '']);
    expect(empty.code).toBe(EXIT.invalid);
    expect(empty.stderr).toContain('type: must not be shorter than 1 characters');
    expect(await logOf().lastSeq()).toBe(0);
  });
});

describe('bo events', () => {
  async function seed(): Promise<string[]> {
    const source = 'urn:backend-orchestrator:shop-api';
    const at = new Date('2026-03-01T10:00:00Z');
    const events = [
      createEvent({ type: 'backend.task.created', source, subject: 'task-001-a', id: 'e1', time: at }),
      createEvent({ type: 'backend.api.ready', source, subject: '/api/products', id: 'e2', time: at }),
      createEvent({ type: 'backend.task.done', source, subject: 'task-001-a', id: 'e3', time: at }),
      createEvent({ type: 'backend.docs.updated', source, id: 'e4', time: at }),
    ];
    await logOf().append(events);
    return events.map((e) => e.id);
  }

  it('lists every event, one line each: seq, time, type, subject', async () => {
    await seed();
    const result = await cli(dir, ['events']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        '1  2026-03-01T10:00:00.000Z  backend.task.created  task-001-a',
        '2  2026-03-01T10:00:00.000Z  backend.api.ready  /api/products',
        '3  2026-03-01T10:00:00.000Z  backend.task.done  task-001-a',
        '4  2026-03-01T10:00:00.000Z  backend.docs.updated',
        '',
      ].join('\n'),
    );
    expect((await cli(dir, ['events', 'list'])).stdout).toBe(result.stdout);
  });

  it('filters by type patterns, starts after a seq or an event id, and stops at a limit', async () => {
    await seed();
    const seqs = async (args: string[]) => (await cli(dir, ['events', ...args, '--json'])).json().map((s: { seq: number }) => s.seq);
    expect(await seqs(['--type', 'backend.task.*'])).toEqual([1, 3]);
    expect(await seqs(['--type', 'backend.api.ready', '--type', 'backend.docs.updated'])).toEqual([2, 4]);
    expect(await seqs(['--type', 'backend.api.ready,backend.task.done'])).toEqual([2, 3]);
    expect(await seqs(['--since', '2'])).toEqual([3, 4]);
    expect(await seqs(['--since', 'e3'])).toEqual([4]);
    expect(await seqs(['--limit', '2'])).toEqual([1, 2]);
    expect(await seqs(['--since', '1', '--type', 'backend.task.*', '--limit', '5'])).toEqual([3]);
    const full = (await cli(dir, ['events', '--since', '3', '--json'])).json();
    expect(full).toEqual([{ seq: 4, event: expect.objectContaining({ id: 'e4', type: 'backend.docs.updated' }) }]);
  });

  it('says so when nothing matches, and names a bad --since, --limit or argument', async () => {
    expect((await cli(dir, ['events'])).stdout).toBe('no events\n');
    await seed();
    expect((await cli(dir, ['events', '--since', '4', '--type', 'x.*'])).stdout).toBe('no events after seq 4 of type x.*\n');
    expect((await cli(dir, ['events', '--since', '4', '--json'])).json()).toEqual([]);
    const unknownId = await cli(dir, ['events', '--since', 'nope']);
    expect(unknownId.code).toBe(EXIT.invalid);
    expect(unknownId.stderr).toContain('--since nope: no event with that id');
    expect((await cli(dir, ['events', '--limit', '0'])).code).toBe(EXIT.invalid);
    expect((await cli(dir, ['events', '--follow', '--limit', '3'])).code).toBe(EXIT.invalid);
    expect((await cli(dir, ['events', 'bogus'])).code).toBe(EXIT.invalid);
  });

  it('warns about a damaged line of the log on stderr and lists the rest', async () => {
    await seed();
    appendFileSync(stateLayout(dir).eventLog, '{"seq":5,"ev');
    const result = await cli(dir, ['events', '--json']);
    expect(result.code).toBe(0);
    expect(result.json()).toHaveLength(4);
    expect(result.stderr).toContain(`${stateLayout(dir).eventLog}:5:1: incomplete last line`);
  });

  it('--follow prints the events there and those appended later until SIGINT, then exits 0', async () => {
    await seed();
    const listeners = process.listenerCount('SIGINT');
    const running = start(dir, ['events', '--follow', '--json', '--since', '1', '--type', 'backend.task.*']);
    const lines = () => running.output().split('\n').filter(Boolean).map((line) => JSON.parse(line) as { seq: number; event: { id: string } });
    await waitFor(() => lines().length === 1);
    await logOf().append([
      createEvent({ type: 'backend.task.claimed', source: 'urn:x', id: 'later-1' }),
      createEvent({ type: 'backend.api.changed', source: 'urn:x', id: 'later-2' }),
    ]);
    await waitFor(() => lines().length === 2);
    process.emit('SIGINT');
    const result = await running.done;
    expect(result.code).toBe(0);
    expect(lines().map((l) => [l.seq, l.event.id])).toEqual([[3, 'e3'], [5, 'later-1']]);
    expect(process.listenerCount('SIGINT')).toBe(listeners); // its handler is gone once it stops
  });

  it('--follow in text mode stops on SIGTERM too', async () => {
    await seed();
    const running = start(dir, ['events', '--follow', '--since', '3']);
    await waitFor(() => running.output().length > 0);
    await logOf().append([createEvent({ type: 'backend.task.failed', source: 'urn:x', id: 'f1', subject: 'task-002-b', time: new Date('2026-03-02T00:00:00Z') })]);
    await waitFor(() => running.output().split('\n').length === 3);
    process.emit('SIGTERM');
    const result = await running.done;
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('4  2026-03-01T10:00:00.000Z  backend.docs.updated\n5  2026-03-02T00:00:00.000Z  backend.task.failed  task-002-b\n');
  });
});

describe('bo events with subcommands', () => {
  /** A subcommand with the same option names as the listing, as `bo events deliver --follow` has. */
  const probe = (seen: string[]) => (program: Command) => {
    const events = program.commands.find((c) => c.name() === 'events') as Command;
    events
      .command('probe')
      .option('--follow')
      .option('--since <x>')
      .action((opts: { follow?: boolean; since?: string }) => void seen.push(`probe follow=${opts.follow ?? false} since=${opts.since ?? '-'}`));
  };

  it('routes `bo events <sub> --follow` to the subcommand and `bo events --type …` to the listing', async () => {
    const seen: string[] = [];
    const sub = await cli(dir, ['events', 'probe', '--follow', '--since', '7'], probe(seen));
    expect(sub.code).toBe(0);
    expect(seen).toEqual(['probe follow=true since=7']);
    const listing = await cli(dir, ['events', '--type', 'backend.*', '--json'], probe(seen));
    expect([listing.code, listing.stdout]).toEqual([0, '[]\n']);
    expect(seen).toHaveLength(1);
  });

  it('registers the webhook subcommands beside the listing', async () => {
    const names: string[] = [];
    await cli(dir, ['events', '--json'], (program) => {
      const events = program.commands.find((c) => c.name() === 'events') as Command;
      names.push(...events.commands.map((c) => c.name()));
    });
    expect(names).toEqual(expect.arrayContaining(['list', 'deliver', 'dead-letter', 'verify']));
  });
});

async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
