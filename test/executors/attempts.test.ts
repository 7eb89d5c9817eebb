/** The bookkeeping of attempts: what the next attempt is told, what counts as failed, how a command failure reads. */
import { describe, expect, it } from 'vitest';
import { commandFailure, commandOutcome, failedAttempts, nextAttemptNumber, previousFailures, resultFailures } from '../../src/executors/attempts.js';
import type { AttemptRecord, LogIndex } from '../../src/executors/logs.js';

const record = (attempt: number, outcome: AttemptRecord['outcome'], extra: Partial<AttemptRecord> = {}): AttemptRecord => ({
  attempt,
  agent: 'w',
  startedAt: '2026-01-01T00:00:00.000Z',
  program: 'agent',
  cwd: '/p',
  log: `attempt-${attempt}.log`,
  contextFile: `attempt-${attempt}.context.yaml`,
  failuresFile: `attempt-${attempt}.failures.json`,
  outcome,
  ...extra,
});
const index = (...attempts: AttemptRecord[]): LogIndex => ({ task: 'task-001-x', attempts });
const gateFailure = { rule: 'api/pagination', severity: 'error' as const, file: 'src/app.js', line: 8, message: 'no pagination', hint: 'add limit' };
const crash = { rule: 'bo/command-exit', severity: 'error' as const, file: 'ai-state/logs/x/attempt-2.log', line: 0, message: 'the command exited with status 1', hint: 'h' };
const failedResult = { verdict: 'fail', failures: [gateFailure] };

describe('failedAttempts and nextAttemptNumber', () => {
  it('counts failed submits (the task) and command failures (the index), not interruptions or lost claims', () => {
    expect(failedAttempts({ attempts: 0 }, index())).toBe(0);
    const runs = index(record(1, 'gates-failed'), record(2, 'command-failed'), record(3, 'timed-out'), record(4, 'start-failed'), record(5, 'interrupted'), record(6, 'lost-claim'));
    expect(failedAttempts({ attempts: 1 }, runs)).toBe(4);
    expect(nextAttemptNumber(runs)).toBe(7);
    expect(nextAttemptNumber(index())).toBe(1);
  });
});

describe('previousFailures', () => {
  it('a first attempt gets nothing, unless an earlier submit (by a person) failed', () => {
    expect(previousFailures({ result: null }, index())).toEqual([]);
    expect(previousFailures({ result: failedResult }, index())).toEqual([gateFailure]);
  });

  it('after a command failure: that failure; after failed gates: their items; after a pass: nothing', () => {
    expect(previousFailures({ result: failedResult }, index(record(1, 'gates-failed'), record(2, 'command-failed', { failure: crash })))).toEqual([crash]);
    expect(previousFailures({ result: failedResult }, index(record(1, 'command-failed', { failure: crash }), record(2, 'gates-failed')))).toEqual([gateFailure]);
    expect(previousFailures({ result: { verdict: 'pass', failures: [] } }, index(record(1, 'passed')))).toEqual([]);
  });

  it('looks past interrupted runs to the last real verdict', () => {
    expect(previousFailures({ result: null }, index(record(1, 'timed-out', { failure: crash }), record(2, 'interrupted'), record(3, 'lost-claim')))).toEqual([crash]);
  });
});

describe('resultFailures', () => {
  it('reads failing items, tolerating partial ones and dropping junk', () => {
    expect(resultFailures({ verdict: 'fail', failures: [{ rule: 'x/y', message: 'm' }, 'junk', { message: 'no rule' }] })).toEqual([{ rule: 'x/y', severity: 'error', file: '', line: 0, message: 'm', hint: '' }]);
    expect(resultFailures({ verdict: 'pass' })).toEqual([]);
  });

  it('turns a submit error into one failing item', () => {
    expect(resultFailures({ verdict: 'error', error: 'scan crashed' })).toEqual([expect.objectContaining({ rule: 'bo/submit-error', message: 'the submit could not run: scan crashed' })]);
  });
});

describe('commandOutcome and commandFailure', () => {
  const details = { program: 'claude', timeoutMs: 90_000, logFile: 'ai-state/logs/t/attempt-1.log', lastLines: ['Error: no API key', 'exiting'] };

  it('classifies how a command ended', () => {
    expect(commandOutcome({ exitCode: 0, timedOut: false })).toBe('exited-0');
    expect(commandOutcome({ exitCode: 2, timedOut: false })).toBe('command-failed');
    expect(commandOutcome({ exitCode: null, timedOut: true })).toBe('timed-out');
    expect(commandOutcome({ exitCode: null, timedOut: false, startError: 'spawn claude ENOENT' })).toBe('start-failed');
  });

  it('says what happened, with the last output and the log', () => {
    expect(commandFailure({ exitCode: 2, signal: null, timedOut: false }, details)).toMatchObject({ rule: 'bo/command-exit', file: details.logFile, message: 'the command exited with status 2; its last output:\n   | Error: no API key\n   | exiting' });
    expect(commandFailure({ exitCode: null, signal: 'SIGKILL', timedOut: false }, { ...details, lastLines: [] }).message).toBe('the command was killed by SIGKILL');
    expect(commandFailure({ exitCode: null, signal: 'SIGTERM', timedOut: true }, details).message).toMatch(/^the command was stopped after 1.5 min \(the executor's timeoutMinutes\)/);
    expect(commandFailure({ exitCode: null, signal: null, timedOut: false, startError: 'spawn claude ENOENT' }, details)).toMatchObject({ rule: 'bo/command-start', message: 'claude could not be started: spawn claude ENOENT' });
  });
});
