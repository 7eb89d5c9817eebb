/** Logs per attempt and the index the task page reads. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AttemptLog, attemptFiles, readAttemptLog, readLogIndex, recordAttempt, taskLogDir, writeTaskFile, type AttemptRecord } from '../../src/executors/logs.js';
import { tempDir } from '../helpers/tasks.js';

const temp = tempDir('bo-logs-');
afterAll(() => temp.cleanup());
const root = temp.dir;
const TASK = 'task-001-x';

const record = (attempt: number, outcome: AttemptRecord['outcome']): AttemptRecord => ({
  attempt,
  agent: 'w',
  startedAt: '2026-01-01T00:00:00.000Z',
  program: 'agent',
  cwd: '/p',
  ...attemptFiles(attempt),
  outcome,
});

describe('the log index', () => {
  it('is empty for a task without attempts, and lists attempts in order, a rewrite replacing its entry', () => {
    expect(readLogIndex(root, TASK)).toEqual({ task: TASK, attempts: [] });
    recordAttempt(root, TASK, record(2, 'running'));
    recordAttempt(root, TASK, record(1, 'gates-failed'));
    const index = recordAttempt(root, TASK, { ...record(2, 'passed'), exitCode: 0 });
    expect(index.attempts.map((a) => `${a.attempt}:${a.outcome}`)).toEqual(['1:gates-failed', '2:passed']);
    expect(readLogIndex(root, TASK)).toEqual(index);
    expect(JSON.parse(readFileSync(path.join(taskLogDir(root, TASK), 'index.json'), 'utf8')).attempts).toHaveLength(2);
  });

  it('a damaged index reads as empty rather than failing the task page', () => {
    const other = 'task-002-y';
    mkdirSync(taskLogDir(root, other), { recursive: true });
    writeFileSync(path.join(taskLogDir(root, other), 'index.json'), '{"task": "task-002-y", "attempts": [{"attempt": "one"}]}');
    expect(readLogIndex(root, other)).toEqual({ task: other, attempts: [] });
    writeFileSync(path.join(taskLogDir(root, other), 'index.json'), '{not json');
    expect(readLogIndex(root, other)).toEqual({ task: other, attempts: [] });
  });
});

describe('AttemptLog', () => {
  it('writes the header, the output within the cap, notes and a footer; keeps the last lines', () => {
    const file = path.join(taskLogDir(root, 'task-003-z'), 'attempt-1.log');
    const log = new AttemptLog(file, '# header', 40);
    log.write(Buffer.from('line one\nline two\n'));
    log.write(Buffer.from('x'.repeat(100)));
    log.write(Buffer.from('\nthe end\n'));
    log.note('timed out');
    expect(log.lastLines(2)).toEqual([`${'x'.repeat(100)}`, 'the end']);
    const summary = log.close('exit 1 after 5 ms');
    expect(summary).toEqual({ produced: 127, omitted: 87 });
    const text = readAttemptLog(root, 'task-003-z', 1);
    expect(text.startsWith('# header\nline one\nline two\nxx')).toBe(true);
    expect(text).toContain('[bo: 87 bytes of output left out here');
    expect(text).toContain('\n[bo] timed out\n');
    expect(text.endsWith('x\nthe end\n\n[bo] exit 1 after 5 ms\n')).toBe(true);
    expect(readAttemptLog(root, 'task-003-z', 9)).toBe('');
  });

  it('task files are written whole into the task\'s log directory', () => {
    const file = writeTaskFile(root, 'task-004-w', 'attempt-1.context.yaml', 'context: {}\n');
    expect(file).toBe(path.join(root, 'logs', 'task-004-w', 'attempt-1.context.yaml'));
    expect(readFileSync(file, 'utf8')).toBe('context: {}\n');
  });
});
