/**
 * The audit log of the HTTP API: every mutation (POST, PUT, PATCH, DELETE), whether it succeeded or
 * failed, as one JSON line in `<stateDir>/audit/server.jsonl`: time, actor, method, path, status,
 * the task(s) it touched, and the client address. The actor is the `x-bo-agent` header, else the
 * body's `agent`, else "api" (one token serves every client, so this is who the caller says it
 * is). Each line goes out in one append-mode write, so lines from concurrent requests never
 * interleave; lines are not fsynced (a power cut may lose the last ones, never corrupt earlier ones).
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TASK_ID_PATTERN } from '../tasks/schema.js';

export const MUTATING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const MAX_ACTOR_LENGTH = 100;

export interface AuditEntry {
  time: string;
  actor: string;
  method: string;
  path: string;
  status: number;
  task?: string | string[];
  ip: string;
}

/** Tasks a route touched beyond the one in its path (a created task, claimed ones). */
const noted = new WeakMap<FastifyRequest, string[]>();

export function noteAuditTasks(request: FastifyRequest, ids: readonly string[]): void {
  noted.set(request, [...(noted.get(request) ?? []), ...ids]);
}

export function actorOf(request: FastifyRequest): string {
  const header = request.headers['x-bo-agent'];
  const fromHeader = typeof header === 'string' ? header.trim() : undefined;
  const body = request.body as { agent?: unknown } | undefined;
  const fromBody = body && typeof body === 'object' && !Buffer.isBuffer(body) && typeof body.agent === 'string' ? body.agent.trim() : undefined;
  return (fromHeader || fromBody || 'api').slice(0, MAX_ACTOR_LENGTH);
}

function tasksOf(request: FastifyRequest): string | string[] | undefined {
  const param = (request.params as { id?: unknown } | undefined)?.id;
  const ids = [...(typeof param === 'string' && TASK_ID_PATTERN.test(param) ? [param] : []), ...(noted.get(request) ?? [])];
  const unique = [...new Set(ids)];
  return unique.length === 0 ? undefined : unique.length === 1 ? unique[0] : unique;
}

export function auditEntry(request: FastifyRequest, status: number, now: Date): AuditEntry {
  const task = tasksOf(request);
  return {
    time: now.toISOString(),
    actor: actorOf(request),
    method: request.method,
    path: request.url.split('?')[0] ?? request.url,
    status,
    ...(task !== undefined ? { task } : {}),
    ip: request.ip,
  };
}

export class AuditLog {
  readonly file: string;
  private fd: number | undefined;

  constructor(stateRoot: string) {
    this.file = path.join(stateRoot, 'audit', 'server.jsonl');
  }

  write(entry: AuditEntry): void {
    if (this.fd === undefined) {
      mkdirSync(path.dirname(this.file), { recursive: true });
      this.fd = openSync(this.file, 'a', 0o600);
    }
    writeSync(this.fd, `${JSON.stringify(entry)}\n`);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** An onResponse hook writing one line per mutation; a failed write is logged, never the client's problem. */
export function auditMutations(log: AuditLog, now: () => Date) {
  return async function recordMutation(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (!MUTATING_METHODS.has(request.method)) return;
    try {
      log.write(auditEntry(request, reply.statusCode, now()));
    } catch (error) {
      request.log.warn({ err: error }, `audit log ${log.file} not written`);
    }
  };
}
