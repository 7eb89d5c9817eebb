/**
 * `bo serve` in-process: it listens on 127.0.0.1 by default, prints the URL and a generated token
 * once, serves until SIGINT/SIGTERM and then closes. The command is registered on a program of its
 * own here, as main.ts will register it.
 */
import { createServer, type Server } from 'node:net';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parsePort, registerServe, startDeliveryLoop } from '../../src/cli/commands/serve.js';
import type { Run } from '../../src/cli/commands/types.js';
import type { Io } from '../../src/cli/io.js';
import { Session, type GlobalOptions } from '../../src/cli/session.js';
import { isBoError } from '../../src/core/errors.js';
import { tempDir } from '../helpers/tasks.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir('bo-serve-'));
});
afterEach(() => cleanup());

interface Started {
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first line that names the URL (or the JSON). */
  ready: Promise<string>;
  done: Promise<unknown>;
}

function startServe(args: string[], env: Record<string, string> = {}): Started {
  let stdout = '';
  let stderr = '';
  let onReady: (text: string) => void = () => undefined;
  const ready = new Promise<string>((resolve) => (onReady = resolve));
  const io: Io = {
    stdout: {
      write: (text: string) => {
        stdout += text;
        if (/http:\/\//.test(stdout)) onReady(stdout);
      },
    },
    stderr: { write: (text: string) => (stderr += text) },
    env: { NO_COLOR: '1', ...env },
  };
  const program = new Command('bo').option('--json').option('-C, --cwd <dir>').exitOverride();
  const run: Run = async (cmd, fn) => {
    await fn(new Session(io, dir, cmd.optsWithGlobals<GlobalOptions>()));
  };
  registerServe(program, run);
  const done = program.parseAsync(['serve', ...args], { from: 'user' });
  done.catch(() => onReady(''));
  return { stdout: () => stdout, stderr: () => stderr, ready, done };
}

describe('bo serve', () => {
  it('listens on 127.0.0.1, prints the URL and the generated token once, serves until SIGINT', async () => {
    const first = startServe(['--port', '0']);
    const text = await first.ready;
    const url = /(http:\/\/[^\s/]+)\/v1/.exec(text)?.[1] as string;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await new Promise((resolve) => setTimeout(resolve, 20)); // the token line follows the URL line
    const token = /printed this once[^\n]*\n\s+(\S+)/.exec(first.stdout())?.[1] as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await fetch(`${url}/v1/health`)).status).toBe(200);
    expect((await fetch(`${url}/v1/tasks`)).status).toBe(401);
    expect((await fetch(`${url}/v1/tasks`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    process.emit('SIGINT');
    await first.done;
    expect(first.stdout()).toContain('bo serve: stopped (SIGINT)');
    await expect(fetch(`${url}/v1/health`)).rejects.toThrow();

    const second = startServe(['--port', '0']);
    await second.ready;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(second.stdout()).not.toContain(token);
    expect(second.stdout()).toContain('token: from ai-state/server-token');
    process.emit('SIGTERM');
    await second.done;
  });

  it('--json prints one object with the URLs and where the token is; BO_TOKEN is used as given', async () => {
    const started = startServe(['--port', '0', '--json'], { BO_TOKEN: 'env-token-0123456789' });
    await started.ready;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const printed = JSON.parse(started.stdout());
    expect(printed).toMatchObject({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:/), openapi: expect.stringMatching(/\/v1\/openapi\.json$/), token: { source: 'env' } });
    expect(printed.token.value).toBeUndefined();
    expect((await fetch(`${printed.api}/tasks`, { headers: { authorization: 'Bearer env-token-0123456789' } })).status).toBe(200);
    process.emit('SIGTERM');
    await started.done;
    expect(started.stdout().trim().split('\n').length).toBe(JSON.stringify(printed, null, 2).split('\n').length);
  });

  it('says which port is taken, and refuses a port that is not one', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const started = startServe(['--port', String(port), '--token', 'given-token-0123456789']);
    const error = await started.done.catch((e: unknown) => e);
    blocker.close();
    expect(isBoError(error) && error.message).toMatch(new RegExp(`port ${port} on 127.0.0.1 is in use`));
    expect(() => parsePort('70000')).toThrow(/not a port/);
    expect(() => parsePort('http')).toThrow(/not a port/);
    expect(parsePort('0')).toBe(0);
  });
});

describe('startDeliveryLoop', () => {
  it('delivers every interval, never two passes at once, reports failures, and stops', async () => {
    let calls = 0;
    let active = 0;
    let overlapped = false;
    const warnings: string[] = [];
    const orchestrator = {
      deliverWebhooks: async () => {
        calls++;
        active++;
        if (active > 1) overlapped = true;
        await new Promise((resolve) => setTimeout(resolve, 35));
        active--;
        if (calls === 2) throw new Error('receiver down');
      },
    };
    const stop = startDeliveryLoop(orchestrator, 10, (text) => warnings.push(text));
    await new Promise((resolve) => setTimeout(resolve, 150));
    await stop();
    const after = calls;
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(calls).toBe(after);
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(overlapped).toBe(false);
    expect(warnings).toEqual(['webhook delivery postponed: receiver down']);
  });
});
