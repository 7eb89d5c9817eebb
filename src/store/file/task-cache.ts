/**
 * Parsed task files, by file, valid while the file's version (inode, size, times) is unchanged.
 * Every `bo` command is a new process, so the cache is also kept on disk (`.cache/tasks.json`):
 * a cold process then checks each file with one stat instead of reading and validating it, which
 * is most of what `bo next` costs on a large task list. The snapshot is only a cache: a missing,
 * damaged or foreign one is ignored, and every entry is checked against its file before use.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Task } from '../../tasks/schema.js';
import type { StateProblem } from '../types.js';
import { writeFileAtomicSync } from './atomic.js';

export type ReadResult = { task: Task } | { problem: StateProblem } | undefined;

const SNAPSHOT_VERSION = 1;
/** Below this many files, reading them is as cheap as reading a snapshot. */
const MIN_FILES_FOR_SNAPSHOT = 50;

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

export class TaskCache {
  private readonly entries = new Map<string, { key: string; result: ReadResult }>();
  private loaded = false;
  /** Files read since the last save: when many were, the snapshot is worth rewriting. */
  private misses = 0;

  constructor(private readonly snapshotFile: string) {}

  get(file: string, key: string): ReadResult | 'miss' {
    this.load();
    const hit = this.entries.get(file);
    return hit && hit.key === key ? hit.result : 'miss';
  }

  set(file: string, key: string, result: ReadResult): void {
    this.entries.set(file, { key, result });
    this.misses++;
  }

  delete(file: string): void {
    this.entries.delete(file);
  }

  /** The cached result if it is the object `task` (for `peek`). */
  entryFor(file: string): { key: string; result: ReadResult } | undefined {
    return this.entries.get(file);
  }

  /** Loads the snapshot once per process; its header carries a checksum of the entries line. */
  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    let text: string;
    try {
      text = readFileSync(this.snapshotFile, 'utf8');
    } catch {
      return;
    }
    const newline = text.indexOf('\n');
    try {
      const header = JSON.parse(text.slice(0, newline)) as { version?: number; checksum?: string };
      const body = text.slice(newline + 1);
      if (header.version !== SNAPSHOT_VERSION || header.checksum !== sha1(body)) return;
      const entries = JSON.parse(body) as [string, string, Task][];
      for (const [file, key, task] of entries) if (!this.entries.has(file)) this.entries.set(file, { key, result: { task } });
    } catch {
      // damaged: read the files instead
    }
  }

  /** Rewrites the snapshot when this process had to read many files (so the next one need not). */
  saveIfWorthIt(liveFiles: ReadonlySet<string>): void {
    if (this.misses < MIN_FILES_FOR_SNAPSHOT) return;
    this.misses = 0;
    const entries: [string, string, Task][] = [];
    for (const [file, entry] of this.entries) {
      if (liveFiles.has(file) && entry.result && 'task' in entry.result) entries.push([file, entry.key, entry.result.task]);
    }
    const body = JSON.stringify(entries);
    try {
      mkdirSync(path.dirname(this.snapshotFile), { recursive: true });
      // Not fsynced: a cache lost in a power cut is rebuilt from the task files.
      writeFileAtomicSync(this.snapshotFile, `${JSON.stringify({ version: SNAPSHOT_VERSION, checksum: sha1(body) })}\n${body}`, { durable: false });
    } catch {
      // a read-only state dir works without a snapshot
    }
  }
}
