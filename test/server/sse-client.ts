/** A minimal Server-Sent Events client over node:http for the tests: messages as they arrive. */
import { request, type IncomingMessage } from 'node:http';

export interface SseMessage {
  id?: string;
  event?: string;
  data: string;
}

export interface SseConnection {
  response: IncomingMessage;
  messages: SseMessage[];
  /** Resolves once `count` messages (not comments) arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<SseMessage[]>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  /** Raw text received, comments included. */
  raw(): string;
  close(): void;
}

export function parseSse(text: string): SseMessage[] {
  return text
    .split('\n\n')
    .slice(0, -1)
    .map((block) => {
      const message: SseMessage = { data: '' };
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('id: ')) message.id = line.slice(4);
        else if (line.startsWith('event: ')) message.event = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      message.data = data.join('\n');
      return { block, message, hasData: data.length > 0 };
    })
    .filter((entry) => entry.hasData)
    .map((entry) => entry.message);
}

export function openSseConnection(url: string, headers: Record<string, string>): Promise<SseConnection> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (response) => {
      let text = '';
      const waiters: (() => void)[] = [];
      const connection: SseConnection = {
        response,
        messages: [],
        raw: () => text,
        waitFor(count, timeoutMs = 5_000) {
          return new Promise((done, fail) => {
            const timer = setTimeout(() => fail(new Error(`timed out waiting for ${count} SSE messages; got: ${text}`)), timeoutMs);
            const check = () => {
              if (connection.messages.length < count) return false;
              clearTimeout(timer);
              done(connection.messages.slice(0, count));
              return true;
            };
            if (!check()) waiters.push(() => void check());
          });
        },
        ended: new Promise((done) => response.on('close', () => done())),
        close: () => req.destroy(),
      };
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
        connection.messages = parseSse(text);
        for (const waiter of [...waiters]) waiter();
      });
      resolve(connection);
    });
    req.on('error', reject);
    req.end();
  });
}
