/** The work behind `bo emit` and `bo events` (loaded only when one of them runs: keeps start-up of other commands small). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Received } from '../../events/receive.js';
import { BoError } from '../../core/errors.js';
import { JsonParseError, parseJson } from '../../core/json.js';
import { createEvent, defaultSource } from '../../events/envelope.js';
import { checkKnownData, parseStructured, type IntakeProblem } from '../../events/intake.js';
import { typeMatches, type EventLog, type StoredEvent } from '../../events/types.js';
import { problemText } from '../../store/file/file-store.js';
import { stateLayout } from '../../store/file/layout.js';
import { printJson } from '../io.js';

import type { Session } from '../session.js';

/** Where the outbox is, for messages: its file, or the PostgreSQL server and database. */
async function outboxName(session: Session): Promise<string> {
  const opened = await session.opened();
  return opened.kind === 'file' ? opened.layout.eventLog : `the outbox at ${opened.label}`;
}

/** `--data` or `--data-file` (relative to the working directory) as JSON; neither: no data. */
function readData(session: Session, opts: { data?: string; dataFile?: string }): unknown {
  if (opts.data !== undefined && opts.dataFile !== undefined) throw new BoError('BO_ERR_USAGE', 'give --data or --data-file, not both');
  let text: string;
  let from: string;
  if (opts.data !== undefined) {
    text = opts.data;
    from = '--data';
  } else if (opts.dataFile !== undefined) {
    from = `--data-file ${opts.dataFile}`;
    try {
      text = readFileSync(path.resolve(session.cwd, opts.dataFile), 'utf8');
    } catch (error) {
      throw new BoError('BO_ERR_INPUT_INVALID', `${from}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  } else {
    return undefined;
  }
  try {
    return parseJson(text);
  } catch (error) {
    const e = error as JsonParseError;
    throw new BoError('BO_ERR_INPUT_INVALID', `${from}: not valid JSON at ${e.line}:${e.column}: ${e.message}`);
  }
}

const problemsText = (problems: readonly IntakeProblem[]) => problems.map((p) => `${p.path}: ${p.message}`).join('; ');

export async function emit(session: Session, type: string, opts: Record<string, string | undefined>): Promise<void> {
  const data = readData(session, opts);
  const { root, config } = await session.config();
  const draft = createEvent({
    type,
    source: opts.source ?? defaultSource(root, config),
    data,
    ...(opts.subject !== undefined ? { subject: opts.subject } : {}),
    ...(opts.id !== undefined ? { id: opts.id } : {}),
  });
  // The same checks as HTTP intake: the envelope's rules, then the data of the types we know.
  const envelope = parseStructured(draft);
  const known = envelope.ok ? checkKnownData(envelope.event) : envelope;
  const { typeProblems, recordRejection, sizeOf, MAX_EVENT_BYTES } = await import('../../events/accept.js');
  const problems = !known.ok ? known.problems : [...typeProblems([known.event], config.events?.accept), ...(sizeOf(draft) > MAX_EVENT_BYTES ? [{ path: '(body)', message: `too large: ${sizeOf(draft)} bytes (at most ${MAX_EVENT_BYTES})` }] : [])];
  if (problems.length > 0 || !known.ok) {
    recordRejection(stateLayout(root, config.stateDir).events, { at: new Date().toISOString(), problems, body: JSON.stringify(draft).slice(0, 1024), from: 'bo emit' });
    throw new BoError('BO_ERR_INPUT_INVALID', `the event is not valid: ${problemsText(problems)}`);
  }
  const checked = known;

  const log = await session.events();
  const { receiveEvents } = await import('../../events/receive.js');
  const [received] = await receiveEvents([checked.event], { log, engine: await session.engine(), actor: session.actor() });
  const stored = (await log.read({ afterSeq: (received as Received).seq - 1, limit: 1 }))[0] as StoredEvent;
  const { duplicate, task } = received as Received;
  if (session.json) {
    printJson(session.io, { ...stored, duplicate, ...(task ? { task } : {}) });
  } else {
    if (duplicate) session.out(`Already in the log: ${stored.event.id} from ${stored.event.source} (seq ${stored.seq}); nothing written`);
    else session.out(`Appended ${stored.event.type} ${stored.event.id} as seq ${stored.seq}`);
    if (task && duplicate) session.out(`Task ${task.id} (${task.action === 'created' ? 'created' : 'linked'} when it was first received)`);
    else if (task) session.out(`${task.action === 'created' ? 'Created' : 'Linked to'} task ${task.id}`);
  }
}

/** `--since`: a sequence number, or the id of an event in the log (listing starts after it). */
async function sinceSeq(session: Session, log: EventLog, since: string | undefined): Promise<number> {
  if (since === undefined) return 0;
  if (/^\d+$/.test(since)) return Number(since);
  const matches = await log.findById(since);
  if (matches.length === 0) throw new BoError('BO_ERR_USAGE', `--since ${since}: no event with that id in ${await outboxName(session)}; give a sequence number or an event id (bo events lists both)`);
  const sources = new Set(matches.map((m) => m.event.source));
  if (sources.size > 1) throw new BoError('BO_ERR_USAGE', `--since ${since}: events from ${[...sources].join(' and ')} share that id; give the sequence number instead (${matches.map((m) => m.seq).join(' or ')})`);
  return (matches[0] as StoredEvent).seq;
}

export const eventLine = (stored: StoredEvent) =>
  [String(stored.seq), stored.event.time ?? '-', stored.event.type, stored.event.subject ?? ''].join('  ').trimEnd();

export async function list(session: Session, opts: { type?: string[]; since?: string; limit?: number; follow?: boolean }): Promise<void> {
  if (opts.follow && opts.limit !== undefined) throw new BoError('BO_ERR_USAGE', '--limit does not go with --follow (which prints every event until stopped)');
  const log = await session.events();
  const types = opts.type?.flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean);
  const afterSeq = await sinceSeq(session, log, opts.since);
  for (const problem of await log.problems()) session.warn(problemText(problem));
  if (opts.follow) return follow(session, log, afterSeq, types);

  const events = await log.read({ afterSeq, ...(types?.length ? { types } : {}), ...(opts.limit !== undefined ? { limit: opts.limit } : {}) });
  if (session.json) printJson(session.io, events);
  else if (events.length === 0) session.out(session.paint('dim', `no events${afterSeq > 0 ? ` after seq ${afterSeq}` : ''}${types?.length ? ` of type ${types.join(', ')}` : ''}`));
  else for (const stored of events) session.out(eventLine(stored));
}

/** Prints events as they are appended (one JSON object per line with --json) until SIGINT/SIGTERM. */
async function follow(session: Session, log: EventLog, afterSeq: number, types: string[] | undefined): Promise<void> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await log.follow(
      afterSeq,
      (batch) => {
        for (const stored of batch) {
          if (!typeMatches(stored.event.type, types)) continue;
          session.io.stdout.write(session.json ? `${JSON.stringify(stored)}\n` : `${eventLine(stored)}\n`);
        }
      },
      controller.signal,
    );
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

