/**
 * A real webhook receiver on 127.0.0.1 for the dispatcher tests: records every request (headers,
 * raw body, whether the signature verifies at the test's clock) and answers as the test decides:
 * a status, or `hang` to never answer (until `close`).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook, type VerifyResult } from '../../../src/events/webhooks/signature.js';

export interface ReceivedRequest {
  method: string;
  path: string;
  id: string;
  timestamp: string;
  contentType: string;
  body: string;
  event: { id: string; type: string; [key: string]: unknown };
  verified: VerifyResult;
}

export type Answer = number | 'hang';

export interface Receiver {
  url: string;
  received: ReceivedRequest[];
  /** The most requests for one webhook-id that were in progress at the same time. */
  maxConcurrentSameId: number;
  /** Answers every request still hanging, with this status. */
  releaseHanging(status: number): void;
  close(): Promise<void>;
}

export interface ReceiverOptions {
  secret: string;
  /** The clock to verify against (the dispatcher's fake one). */
  now: () => number;
  /** Default: 204 for everything. */
  answer?: (request: ReceivedRequest, index: number) => Answer;
  /** Milliseconds to wait before answering (to make overlaps visible). */
  delayMs?: number;
}

export async function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const received: ReceivedRequest[] = [];
  const hanging: ServerResponse[] = [];
  const inProgress = new Map<string, number>();
  const state = { maxConcurrentSameId: 0 };

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const header = (name: string) => String(req.headers[name] ?? '');
    const request: ReceivedRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      id: header('webhook-id'),
      timestamp: header('webhook-timestamp'),
      contentType: header('content-type'),
      body,
      event: JSON.parse(body),
      verified: verifyWebhook({ headers: req.headers, body, secret: options.secret, now: options.now() }),
    };
    const index = received.push(request) - 1;
    const count = (inProgress.get(request.id) ?? 0) + 1;
    inProgress.set(request.id, count);
    state.maxConcurrentSameId = Math.max(state.maxConcurrentSameId, count);
    const answer = options.answer?.(request, index) ?? 204;
    const finish = (status: number) => {
      inProgress.set(request.id, (inProgress.get(request.id) ?? 1) - 1);
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status >= 300 ? `receiver says ${status}` : '');
    };
    if (answer === 'hang') {
      hanging.push(res);
      (res as ServerResponse & { finishWith?: (status: number) => void }).finishWith = finish;
      return;
    }
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    finish(answer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    get maxConcurrentSameId() {
      return state.maxConcurrentSameId;
    },
    releaseHanging(status) {
      for (const res of hanging.splice(0)) (res as ServerResponse & { finishWith: (status: number) => void }).finishWith(status);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
