/**
 * The outbox on the file store: `ai-state/events/backend.jsonl`, one `{"seq":N,"event":{…}}` line
 * per event. Appends hold the `events` lock, go out in one write per batch and are fsynced before
 * they return; `source` + `id` identify an event, so a repeat writes nothing and returns the copy
 * already stored. A line torn by a crash mid-append is reported (file and line) and skipped, and
 * the next append starts on a fresh line.
 *
 * Reading a 100,000-event log must not mean parsing it each time, so an index (the keys seen, the
 * last seq, and the byte offset of every 256th seq) is kept in memory and, for the next process,
 * in `ai-state/.cache/events-index.json`. The log is append-only, so an index stays valid while the
 * file keeps its inode, is at least as long, and still holds the same bytes just before the point
 * the index covers; only what was appended since is read. Anything else rebuilds it from the log.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, fsync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, watch, writeSync, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { eventKey, typeMatches, validatedBatch, type AppendOutcome, type CloudEvent, type EventLog, type EventQuery, type StoredEvent } from '../../events/types.js';
import type { StateProblem } from '../types.js';
import { writeFileAtomicSync } from './atomic.js';
import type { StateLayout } from './layout.js';
import { withLock, type LockOptions } from './lock.js';
import { Wakeup } from '../../core/wakeup.js';

const INDEX_VERSION = 2;
/** One offset kept per this many seqs: a read from any cursor parses at most this many extra lines. */
const CHECKPOINT_EVERY = 256;
/** The index on disk is rewritten once it lags the log by this many lines (each process reads the lag). */
const SAVE_AFTER_LINES = 1000;
/** The bytes before the covered end that prove the covered part is still the same file. */
const TAIL_BYTES = 4096;
const READ_CHUNK = 1 << 20;
/** Events handed to a `follow` callback at once, at most. */
const FOLLOW_BATCH = 1000;
const DEFAULT_POLL_MS = 250;

export interface FileEventLogOptions {
  lock?: LockOptions;
  /** How often `follow` looks at the file when no change notification came (fs.watch can miss some). */
  pollMs?: number;
  /**
   * A long-lived process (a server): flush through the thread pool, so the event loop keeps
   * answering while the disk flushes (the CLI fsyncs synchronously: one append, nothing else to
   * do meanwhile), and save the index for the next process on `close()` rather than every
   * SAVE_AFTER_LINES lines on the hot path.
   */
  longLived?: boolean;
}

/** A complete line of the log: its text and where it sits. */
interface RawLine {
  text: string;
  offset: number;
  end: number;
  line: number;
}

type Checkpoint = [seq: number, offset: number, line: number];
/** Per source: its ids and their seqs, as two parallel arrays (arrays parse far faster than a 100,000-key object). */
type SavedKeys = [source: string, ids: string[], seqs: number[]][];

interface IndexSnapshot {
  version: number;
  ino: number;
  size: number;
  lines: number;
  lastSeq: number;
  tailHash: string;
  checkpoints: Checkpoint[];
  problems: StateProblem[];
  keys: SavedKeys;
}

/**
 * `source` + `id` → seq. Only appends and look-ups need it, so the saved arrays become maps on
 * first use: a process that only lists events (or only asks for the last seq) never builds them.
 */
class KeyTable {
  private map: Map<string, Map<string, number>> | undefined;
  private pending: [string, string, number][] = [];

  constructor(private saved: SavedKeys = []) {}

  add(source: string, id: string, seq: number): void {
    if (this.map) setFirst(this.map, source, id, seq);
    else this.pending.push([source, id, seq]);
  }

  get(source: string, id: string): number | undefined {
    return this.materialize().get(source)?.get(id);
  }

  /** The seq of `id` under every source that has it. */
  seqsOf(id: string): number[] {
    return [...this.materialize().values()].flatMap((ids) => (ids.has(id) ? [ids.get(id) as number] : []));
  }

  toJSON(): SavedKeys {
    return [...this.materialize()].map(([source, ids]) => [source, [...ids.keys()], [...ids.values()]]);
  }

  private materialize(): Map<string, Map<string, number>> {
    if (this.map) return this.map;
    const map = new Map<string, Map<string, number>>();
    for (const [source, ids, seqs] of this.saved) for (let i = 0; i < ids.length; i++) setFirst(map, source, ids[i] as string, seqs[i] as number);
    for (const [source, id, seq] of this.pending) setFirst(map, source, id, seq);
    this.saved = [];
    this.pending = [];
    this.map = map;
    return map;
  }
}

/** The first line with a key wins: a later copy (written by hand) is not the event the log holds. */
function setFirst(map: Map<string, Map<string, number>>, source: string, id: string, seq: number): void {
  let ids = map.get(source);
  if (!ids) map.set(source, (ids = new Map()));
  if (!ids.has(id)) ids.set(id, seq);
}

/** What the index knows about the log's first `size` bytes (always a whole number of lines). */
class LogIndex {
  size = 0;
  lines = 0;
  lastSeq = 0;
  tailHash = '';
  readonly checkpoints: Checkpoint[] = [];
  readonly problems: StateProblem[] = [];

  constructor(
    readonly ino: number,
    readonly keys = new KeyTable(),
  ) {}

  add(raw: RawLine, file: string): void {
    if (raw.text.trim() === '') {
      this.size = raw.end;
      this.lines = raw.line;
      return;
    }
    const parsed = parseLogLine(raw.text);
    if ('problem' in parsed) {
      this.size = raw.end;
      this.lines = raw.line;
      this.problems.push({ file, line: raw.line, message: parsed.problem });
      return;
    }
    this.addStored(parsed.stored, raw);
  }

  /** A line whose event is known already (just written by this process): no parsing. */
  addStored(stored: StoredEvent, raw: RawLine): void {
    this.size = raw.end;
    this.lines = raw.line;
    const { seq, event } = stored;
    this.keys.add(event.source, event.id, seq);
    const last = this.checkpoints.at(-1);
    if (!last || seq >= last[0] + CHECKPOINT_EVERY) this.checkpoints.push([seq, raw.offset, raw.line]);
    this.lastSeq = Math.max(this.lastSeq, seq);
  }

  /** Where to start reading to see every event with a seq above `afterSeq` (seqs grow down the file). */
  startAfter(afterSeq: number): { offset: number; line: number } {
    let low = 0;
    let high = this.checkpoints.length - 1;
    let found: Checkpoint | undefined;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const checkpoint = this.checkpoints[middle]!;
      if (checkpoint[0] <= afterSeq + 1) {
        found = checkpoint;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found ? { offset: found[1], line: found[2] } : { offset: 0, line: 1 };
  }

  toJSON(): IndexSnapshot {
    const { ino, size, lines, lastSeq, tailHash, checkpoints, problems } = this;
    return { version: INDEX_VERSION, ino, size, lines, lastSeq, tailHash, checkpoints, problems, keys: this.keys.toJSON() };
  }

  static fromJSON(raw: IndexSnapshot): LogIndex {
    const index = new LogIndex(raw.ino, new KeyTable(raw.keys));
    Object.assign(index, { size: raw.size, lines: raw.lines, lastSeq: raw.lastSeq, tailHash: raw.tailHash });
    index.checkpoints.push(...raw.checkpoints);
    index.problems.push(...raw.problems);
    return index;
  }
}

/**
 * One log line. Checked by hand rather than with the zod schema: every event was validated on
 * append, and reading 100,000 lines must stay cheap; this only catches damaged lines.
 */
export function parseLogLine(text: string): { stored: StoredEvent } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: 'not valid JSON (a write cut short by a crash?): line ignored' };
  }
  const { seq, event } = (value ?? {}) as { seq?: unknown; event?: Record<string, unknown> };
  if (!Number.isSafeInteger(seq) || (seq as number) < 1) return { problem: 'no positive integer "seq": line ignored' };
  if (typeof event !== 'object' || event === null || event.specversion !== '1.0') return { problem: 'no CloudEvents 1.0 "event": line ignored' };
  for (const key of ['id', 'source', 'type'] as const) {
    if (typeof event[key] !== 'string' || event[key] === '') return { problem: `event without "${key}": line ignored` };
  }
  return { stored: { seq: seq as number, event: event as CloudEvent } };
}

/** The complete lines from `start` up to `end` (exclusive; default: the end of the file). */
function* readLines(fd: number, start: number, firstLine: number, end = Number.POSITIVE_INFINITY): Generator<RawLine> {
  const chunk = Buffer.allocUnsafe(READ_CHUNK);
  let carry = Buffer.alloc(0);
  let carryOffset = start;
  let position = start;
  let line = firstLine;
  while (position < end) {
    const bytes = readSync(fd, chunk, 0, Math.min(chunk.length, end - position), position);
    if (bytes === 0) return;
    position += bytes;
    const buffer = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, bytes)]) : chunk.subarray(0, bytes);
    let from = 0;
    for (let newline = buffer.indexOf(10, from); newline >= 0; newline = buffer.indexOf(10, from)) {
      yield { text: buffer.toString('utf8', from, newline), offset: carryOffset + from, end: carryOffset + newline + 1, line: line++ };
      from = newline + 1;
    }
    carry = Buffer.from(buffer.subarray(from)); // a copy: `chunk` is reused by the next read
    carryOffset += from;
  }
}

function tailHash(fd: number, size: number): string {
  const length = Math.min(size, TAIL_BYTES);
  const buffer = Buffer.alloc(length);
  const bytes = length > 0 ? readSync(fd, buffer, 0, length, size - length) : 0;
  return createHash('sha1').update(buffer.subarray(0, bytes)).update(String(size)).digest('hex');
}

/** The event on a line, or undefined for a blank or damaged one (the index reports those). */
function storedOn(raw: RawLine): StoredEvent | undefined {
  if (raw.text.trim() === '') return undefined;
  const parsed = parseLogLine(raw.text);
  return 'stored' in parsed ? parsed.stored : undefined;
}


export class FileEventLog implements EventLog {
  readonly file: string;
  private readonly indexFile: string;
  private index: LogIndex | undefined;
  /** Lines the index on disk covers: it is rewritten once the one in memory is far enough ahead. */
  private savedLines = -1;
  private dirMade = false;

  constructor(
    readonly layout: StateLayout,
    private readonly options: FileEventLogOptions = {},
  ) {
    this.file = layout.eventLog;
    this.indexFile = path.join(layout.root, '.cache', 'events-index.json');
  }

  async append(events: readonly CloudEvent[]): Promise<AppendOutcome> {
    const valid = validatedBatch(events);
    if (valid.length === 0) return { appended: [], duplicates: [] };
    if (!this.dirMade) {
      mkdirSync(this.layout.events, { recursive: true });
      this.dirMade = true;
    }
    return withLock(this.layout.locks, 'events', async () => this.appendLocked(valid), this.options.lock);
  }

  private async appendLocked(events: readonly CloudEvent[]): Promise<AppendOutcome> {
    const fd = openSync(this.file, 'a+', 0o644);
    try {
      return await this.appendThrough(fd, events);
    } finally {
      closeSync(fd);
    }
  }

  /** The append itself, on the log opened for reading and appending. */
  private async appendThrough(fd: number, events: readonly CloudEvent[]): Promise<AppendOutcome> {
    const index = this.refreshFrom(fd);
    const outcome: AppendOutcome = { appended: [], duplicates: [] };
    const inBatch = new Map<string, StoredEvent>();
    let seq = index.lastSeq;
    for (const event of events) {
      const known = index.keys.get(event.source, event.id);
      const earlier = inBatch.get(eventKey(event));
      if (known !== undefined) outcome.duplicates.push(this.locate(index, known) ?? { seq: known, event });
      else if (earlier) outcome.duplicates.push(earlier);
      else {
        const stored = { seq: ++seq, event };
        inBatch.set(eventKey(event), stored);
        outcome.appended.push(stored);
      }
    }
    if (outcome.appended.length === 0) return outcome;

    const size = fstatSync(fd).size;
    // Bytes past the last complete line, found while holding the lock, are a crashed writer's
    // torn line: it stays (and is reported) and the batch starts on a line of its own.
    const lines = outcome.appended.map((stored) => `${JSON.stringify(stored)}\n`);
    const text = (size > index.size ? '\n' : '') + lines.join('');
    writeAll(fd, text);
    if (this.options.longLived) await new Promise<void>((resolve, reject) => fsync(fd, (error) => (error ? reject(error) : resolve())));
    else fsyncSync(fd);
    if (size === 0) fsyncDirectory(this.layout.events); // a new file: make its name durable too
    if (size === index.size) {
      // The index covered the whole file: add what we wrote without reading it back.
      let offset = size;
      outcome.appended.forEach((stored, i) => {
        const line = lines[i] as string;
        const end = offset + Buffer.byteLength(line);
        index.addStored(stored, { text: line, offset, end, line: index.lines + 1 });
        offset = end;
      });
      index.tailHash = tailHash(fd, index.size);
      this.saveIfDue(index);
      return outcome;
    }
    this.refreshFrom(fd); // after a torn line: read what the file now holds
    return outcome;
  }

  async read(query: EventQuery = {}): Promise<StoredEvent[]> {
    const afterSeq = query.afterSeq ?? 0;
    const limit = query.limit ?? Number.POSITIVE_INFINITY;
    const found: StoredEvent[] = [];
    if (limit <= 0) return found;
    this.scan(afterSeq, (stored) => {
      if (stored.seq > afterSeq && typeMatches(stored.event.type, query.types)) found.push(stored);
      return found.length < limit;
    });
    return found;
  }

  async find(source: string, id: string): Promise<StoredEvent | undefined> {
    const index = this.refresh();
    const seq = index.keys.get(source, id);
    return seq === undefined ? undefined : this.locate(index, seq);
  }

  /** Every stored event with this id, whatever its source (for `bo events --since <id>`). */
  async findById(id: string): Promise<StoredEvent[]> {
    const index = this.refresh();
    const found: StoredEvent[] = [];
    for (const seq of index.keys.seqsOf(id)) {
      const stored = this.locate(index, seq);
      if (stored) found.push(stored);
    }
    return found.sort((a, b) => a.seq - b.seq);
  }

  async lastSeq(): Promise<number> {
    return this.refresh().lastSeq;
  }

  /** Damaged lines (file and line number), and an incomplete last line: all skipped by readers. */
  async problems(): Promise<StateProblem[]> {
    const index = this.refresh();
    const problems = [...index.problems];
    const size = this.fileSize();
    if (size > index.size) {
      problems.push({ file: this.file, line: index.lines + 1, message: 'incomplete last line (a write in progress, or one cut short by a crash): ignored' });
    }
    return problems;
  }

  async follow(afterSeq: number, onEvents: (events: StoredEvent[]) => void | Promise<void>, signal: AbortSignal): Promise<void> {
    mkdirSync(this.layout.events, { recursive: true });
    const wakeup = new Wakeup();
    let watcher: FSWatcher | undefined;
    try {
      watcher = watch(this.layout.events, () => wakeup.fire());
      watcher.on('error', () => watcher?.close()); // the poll carries on alone
    } catch {
      watcher = undefined; // no file notifications here: polling only
    }
    const onAbort = () => wakeup.fire();
    signal.addEventListener('abort', onAbort);
    const cursor = { seq: afterSeq, position: undefined as { ino: number; offset: number; line: number } | undefined };
    try {
      while (!signal.aborted) {
        wakeup.clear();
        const batch = this.readNew(cursor);
        if (batch.length > 0) {
          await onEvents(batch);
          continue;
        }
        await wakeup.wait(this.options.pollMs ?? DEFAULT_POLL_MS);
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      watcher?.close();
    }
  }

  /** Events after the cursor's seq, from where the last look ended (re-found if the file changed). */
  private readNew(cursor: { seq: number; position: { ino: number; offset: number; line: number } | undefined }): StoredEvent[] {
    let fd: number;
    try {
      fd = openSync(this.file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    try {
      const { ino, size } = fstatSync(fd);
      let position = cursor.position;
      if (!position || position.ino !== ino || size < position.offset) position = { ino, ...this.refresh().startAfter(cursor.seq) };
      const batch: StoredEvent[] = [];
      for (const raw of readLines(fd, position.offset, position.line)) {
        position = { ino, offset: raw.end, line: raw.line + 1 };
        const stored = storedOn(raw);
        if (stored && stored.seq > cursor.seq) {
          batch.push(stored);
          cursor.seq = stored.seq;
          if (batch.length >= FOLLOW_BATCH) break;
        }
      }
      cursor.position = position;
      return batch;
    } finally {
      closeSync(fd);
    }
  }

  /** Calls `visit` on each valid event from the first that may follow `afterSeq`, until it returns false. */
  private scan(afterSeq: number, visit: (stored: StoredEvent) => boolean): void {
    const index = this.refresh();
    if (index.size === 0) return;
    const start = index.startAfter(afterSeq);
    const fd = openSync(this.file, 'r');
    try {
      for (const raw of readLines(fd, start.offset, start.line, index.size)) {
        const stored = storedOn(raw);
        if (stored && !visit(stored)) return;
      }
    } finally {
      closeSync(fd);
    }
  }

  /** The stored event with sequence number `seq`, read from the checkpoint before it. */
  private locate(index: LogIndex, seq: number): StoredEvent | undefined {
    let found: StoredEvent | undefined;
    const start = index.startAfter(seq - 1);
    const fd = openSync(this.file, 'r');
    try {
      for (const raw of readLines(fd, start.offset, start.line, index.size)) {
        const stored = storedOn(raw);
        if (stored?.seq === seq) {
          found = stored;
          break;
        }
      }
    } finally {
      closeSync(fd);
    }
    return found;
  }

  private fileSize(): number {
    try {
      const fd = openSync(this.file, 'r');
      try {
        return fstatSync(fd).size;
      } finally {
        closeSync(fd);
      }
    } catch {
      return 0;
    }
  }

  /** Brings the index up to the end of the log's last complete line, reading only what is new. */
  private refresh(): LogIndex {
    let fd: number;
    try {
      fd = openSync(this.file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.index = new LogIndex(0);
      return this.index;
    }
    try {
      return this.refreshFrom(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** Brings the index up to date with the log open on `fd` (the caller closes it). */
  private refreshFrom(fd: number): LogIndex {
    const info = fstatSync(fd);
    let index = this.index ?? this.loadSaved();
    const sameFile = index && index.ino === info.ino && info.size >= index.size && (index.size === 0 || tailHash(fd, index.size) === index.tailHash);
    if (!index || !sameFile) {
      index = new LogIndex(info.ino);
      this.savedLines = -1;
    }
    if (info.size > index.size) {
      for (const raw of readLines(fd, index.size, index.lines + 1, info.size)) index.add(raw, this.file);
      index.tailHash = tailHash(fd, index.size);
    }
    this.index = index;
    this.saveIfDue(index);
    return index;
  }

  private saveIfDue(index: LogIndex): void {
    if (!this.options.longLived && index.lines - Math.max(this.savedLines, 0) >= SAVE_AFTER_LINES) this.save(index);
  }

  /** Saves the index for the next process if it is far enough ahead of the saved one. */
  close(): void {
    const index = this.index;
    if (index && index.lines - Math.max(this.savedLines, 0) >= SAVE_AFTER_LINES) this.save(index);
  }

  private loadSaved(): LogIndex | undefined {
    try {
      const raw = JSON.parse(readFileSync(this.indexFile, 'utf8')) as IndexSnapshot;
      if (raw.version !== INDEX_VERSION) return undefined;
      const index = LogIndex.fromJSON(raw);
      this.savedLines = index.lines;
      return index;
    } catch {
      return undefined; // missing or damaged: it is only a cache, the log is read instead
    }
  }

  private save(index: LogIndex): void {
    try {
      mkdirSync(path.dirname(this.indexFile), { recursive: true });
      writeFileAtomicSync(this.indexFile, JSON.stringify(index), { durable: false });
      this.savedLines = index.lines;
    } catch {
      // no cache written: the next process reads the log instead
    }
  }
}

function writeAll(fd: number, text: string): void {
  const buffer = Buffer.from(text, 'utf8');
  let written = 0;
  while (written < buffer.length) written += writeSync(fd, buffer, written, buffer.length - written);
}

function fsyncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // not supported on this platform: the file's own fsync is what we can do
  }
}

