/**
 * What to probe, from the config's `service` section: a command to start (its argv, cwd, env and
 * the URL it will listen on) or a base URL that is already up. Without either, a package.json
 * `start` script is used (`npm start` on a free loopback port, PORT set), as most Node services read PORT.
 */
import { createServer } from 'node:net';
import path from 'node:path';
import type { CheckContext } from '../../types.js';
import { splitCommand } from './command.js';

export interface ServicePlan {
  baseUrl: string;
  healthUrl: string;
  /** Whether the health URL was configured (then it must answer 2xx; the default `/health` only has to answer). */
  healthConfigured: boolean;
  /** Absent when the service is already running at `baseUrl`. */
  start?: { argv: string[]; cwd: string; env: Record<string, string> };
  startTimeoutMs: number;
  /** Where the service is configured, for findings about it. */
  origin: { file: string; line: number };
}

export type PlanResult = { plan: ServicePlan } | { skipped: string };

const DEFAULT_START_TIMEOUT_S = 30;

export async function servicePlan(context: CheckContext): Promise<PlanResult> {
  const service = context.config.service ?? {};
  const startScript = packageStartScript(context);
  const command = service.start ?? (service.baseUrl ? undefined : startScript ? 'npm start' : undefined);
  if (!command && !service.baseUrl) {
    return { skipped: 'no service to probe: set `service.start` (or a package.json start script) or `service.baseUrl` in the config' };
  }
  const baseUrl = trimSlash(service.baseUrl ?? `http://127.0.0.1:${await freePort()}`);
  const origin = configOrigin(context, service.start || service.baseUrl ? 'service' : undefined);
  const plan: ServicePlan = {
    baseUrl,
    // A path (`/v1/health`) is taken on the service's own base URL, which may be a free port chosen now.
    healthUrl: service.healthUrl?.startsWith('/') ? `${baseUrl}${service.healthUrl}` : (service.healthUrl ?? `${baseUrl}/health`),
    healthConfigured: service.healthUrl !== undefined,
    startTimeoutMs: (service.startTimeoutSeconds ?? DEFAULT_START_TIMEOUT_S) * 1000,
    origin,
  };
  if (command) {
    const argv = splitCommand(command);
    const port = new URL(baseUrl).port;
    const env: Record<string, string> = { ...(port ? { PORT: port } : {}), ...(service.env ?? {}) };
    plan.start = { argv, cwd: path.resolve(context.root, service.cwd ?? '.'), env };
  }
  return { plan };
}

/** Loopback hosts only may be load-tested: a load test is an attack on anything else. */
export function isLoopback(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

function packageStartScript(context: CheckContext): string | undefined {
  try {
    const json = JSON.parse(context.packageJson?.text ?? '{}') as { scripts?: Record<string, unknown> };
    const start = json.scripts?.start;
    return typeof start === 'string' ? start : undefined;
  } catch {
    return undefined;
  }
}

/** The config file's `service` key when the service is configured there, else package.json's `start` script. */
function configOrigin(context: CheckContext, key: string | undefined): { file: string; line: number } {
  for (const file of ['backend-orchestrator.config.json', 'backend-orchestrator.config.yaml', 'backend-orchestrator.config.yml']) {
    const text = context.fileText(file);
    if (text === undefined || !key) continue;
    return { file, line: lineOf(text, new RegExp(`["']?${key}["']?\\s*:`)) };
  }
  const pkg = context.packageJson;
  return pkg ? { file: pkg.file, line: lineOf(pkg.text, /"start"\s*:/) } : { file: 'package.json', line: 1 };
}

function lineOf(text: string, pattern: RegExp): number {
  const match = pattern.exec(text);
  return match ? text.slice(0, match.index).split('\n').length : 1;
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** A port nobody listens on now (the OS picks it; released before the service binds it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
