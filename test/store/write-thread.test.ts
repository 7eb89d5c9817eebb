import * as fs from 'node:fs';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempPathFor, writeAtomic, writeFileAtomicSync, type WriteOutcome } from '../../src/store/file/atomic.js';
import { WriteThread } from '../../src/store/file/write-thread.js';
import { tempDir } from '../helpers/tasks.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function dir(): string {
  const t = tempDir('bo-write-thread-');
  cleanup = t.cleanup;
  return t.dir;
}

const versionOf = (file: string) => {
  const info = statSync(file);
  return { ino: info.ino, size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs };
};

// As the write thread calls it: the flush on libuv's pool.
const writeNow = (target: string, content: string) =>
  new Promise<WriteOutcome>((resolve) => writeAtomic({ temp: tempPathFor(target), target, content }, fs, (fd, then) => fs.fdatasync(fd, then), resolve));

describe('writeAtomic (the write thread runs this function)', () => {
  it('replaces the target whole and answers with the version the file has afterwards', async () => {
    const root = dir();
    const target = path.join(root, 'task.json');
    writeFileSync(target, 'old');
    const outcome = await writeNow(target, '{"new":true}');
    expect(outcome).toEqual({ ok: true, version: versionOf(target) });
    expect(readFileSync(target, 'utf8')).toBe('{"new":true}');
    expect(readdirSync(root)).toEqual(['task.json']);
  });

  it('fails with the error code when the directory is missing, leaving nothing behind', async () => {
    const root = dir();
    const outcome = await writeNow(path.join(root, 'missing', 'task.json'), 'x');
    expect(outcome).toMatchObject({ ok: false, code: 'ENOENT' });
    expect(readdirSync(root)).toEqual([]);
  });

  it('fails when the target cannot be replaced, removing its temp file and keeping the target', async () => {
    const root = dir();
    const target = path.join(root, 'task.json');
    mkdirSync(path.join(target, 'inside'), { recursive: true });
    const outcome = await writeNow(target, 'x');
    expect(outcome.ok).toBe(false);
    expect(readdirSync(root)).toEqual(['task.json']);
    expect(statSync(target).isDirectory()).toBe(true);
  });
});

describe('writeFileAtomicSync (the same write, synchronous)', () => {
  it('answers with the version the file has afterwards', () => {
    const root = dir();
    const target = path.join(root, 'state.json');
    expect(writeFileAtomicSync(target, '{"a":1}')).toEqual(versionOf(target));
    expect(writeFileAtomicSync(target, '{"a":2}', { durable: false })).toEqual(versionOf(target));
    expect(readFileSync(target, 'utf8')).toBe('{"a":2}');
  });

  it('throws the error as the file system gave it, leaving no temp file', () => {
    const root = dir();
    const target = path.join(root, 'missing', 'state.json');
    expect(() => writeFileAtomicSync(target, 'x')).toThrow(expect.objectContaining({ code: 'ENOENT', syscall: 'open' }));
    expect(readdirSync(root)).toEqual([]);
  });
});

describe('WriteThread', () => {
  it('writes many files at once, each answered with its own version', async () => {
    const root = dir();
    const thread = new WriteThread();
    const targets = Array.from({ length: 40 }, (_, i) => path.join(root, `task-${i}.json`));
    const versions = await Promise.all(targets.map((target, i) => thread.write(target, `{"n":${i}}`)));
    await thread.close();
    targets.forEach((target, i) => {
      expect(readFileSync(target, 'utf8')).toBe(`{"n":${i}}`);
      expect(versions[i]).toEqual(versionOf(target));
    });
    expect(readdirSync(root)).toHaveLength(40); // no temp files left
  });

  it('rejects a write that fails with the path and the code, and the others still land', async () => {
    const root = dir();
    const thread = new WriteThread();
    const good = path.join(root, 'good.json');
    const bad = path.join(root, 'nowhere', 'bad.json');
    const [ok, failed] = await Promise.allSettled([thread.write(good, 'fine'), thread.write(bad, 'lost')]);
    await thread.close();
    expect(ok.status).toBe('fulfilled');
    expect(readFileSync(good, 'utf8')).toBe('fine');
    expect(failed.status).toBe('rejected');
    const error = (failed as PromiseRejectedResult).reason as NodeJS.ErrnoException;
    expect(error.message).toContain(bad);
    expect(error.code).toBe('ENOENT');
  });

  it('close waits for the writes already asked for, and refuses later ones', async () => {
    const root = dir();
    const thread = new WriteThread();
    const target = path.join(root, 'last.json');
    const writing = thread.write(target, 'done before close');
    await thread.close();
    await expect(writing).resolves.toEqual(versionOf(target));
    await expect(thread.write(target, 'too late')).rejects.toThrow(/closed/);
    expect(readFileSync(target, 'utf8')).toBe('done before close');
    await thread.close(); // twice is fine
  });

  it('refuses a write asked for while it is closing, and finishes the ones before', async () => {
    const root = dir();
    const thread = new WriteThread();
    const before = thread.write(path.join(root, 'before.json'), 'kept');
    const closing = thread.close();
    await expect(thread.write(path.join(root, 'after.json'), 'refused')).rejects.toThrow(/closed/);
    await closing;
    await expect(before).resolves.toBeDefined();
    expect(readdirSync(root)).toEqual(['before.json']);
  });

  it('closing a thread that never wrote does nothing', async () => {
    await expect(new WriteThread().close()).resolves.toBeUndefined();
  });
});
