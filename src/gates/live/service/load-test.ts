/**
 * The load test: autocannon (programmatic, in this process) against one endpoint at a time, for a
 * bounded duration (or a bounded number of requests when the service's rate limit only allows so
 * many) and a bounded number of connections. Latency is recorded per answer, so 429s from a rate
 * limiter are counted apart and kept out of both the latency and the error rate. The generator's own
 * overhead is the same run against a trivial server in this process.
 */
import autocannon, { type Result } from 'autocannon';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoadTarget {
  id: string;
  path: string;
  headers: Record<string, string>;
}

export interface LoadBounds {
  durationSeconds: number;
  connections: number;
  /** A number of requests instead of a duration (kept under the service's advertised rate limit). */
  amount?: number;
}

export interface LoadStats {
  id: string;
  /** Answers other than 429, plus socket errors and timeouts. */
  requests: number;
  /** Non-2xx/3xx answers (429 excepted), socket errors and timeouts. */
  errors: number;
  rateLimited: number;
  avg: number;
  p50: number;
  p95: number;
  p99: number;
}

export async function loadEndpoint(baseUrl: string, target: LoadTarget, bounds: LoadBounds, signal: AbortSignal): Promise<LoadStats> {
  const latencies: number[] = [];
  let failed = 0;
  let rateLimited = 0;
  const connections = bounds.amount !== undefined ? Math.max(1, Math.min(bounds.connections, bounds.amount)) : bounds.connections;
  const result = await new Promise<Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: baseUrl + target.path,
        method: 'GET',
        headers: target.headers,
        connections,
        ...(bounds.amount !== undefined ? { amount: bounds.amount } : { duration: bounds.durationSeconds }),
        timeout: 10,
        sampleInt: 100,
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode === 429) {
        rateLimited++;
        return;
      }
      latencies.push(responseTime);
      if (statusCode >= 400) failed++;
    });
    const stop = () => instance.stop();
    signal.addEventListener('abort', stop, { once: true });
    instance.once('done', () => signal.removeEventListener('abort', stop));
  });
  const socketErrors = result.errors;
  return { id: target.id, requests: latencies.length + socketErrors, errors: failed + socketErrors, rateLimited, ...summarise(latencies) };
}

/** The same load against a server that answers at once, in this process: what the generator itself adds. */
export async function generatorOverhead(bounds: LoadBounds, signal: AbortSignal): Promise<LoadStats> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    return await loadEndpoint(`http://127.0.0.1:${port}`, { id: 'load generator (trivial local server)', path: '/', headers: {} }, bounds, signal);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function summarise(latencies: number[]): Pick<LoadStats, 'avg' | 'p50' | 'p95' | 'p99'> {
  if (latencies.length === 0) return { avg: 0, p50: 0, p95: 0, p99: 0 };
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
  const round = (n: number) => Math.round(n * 100) / 100;
  return { avg: round(sorted.reduce((s, v) => s + v, 0) / sorted.length), p50: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)) };
}
