/**
 * `bo mcp`: the MCP server on this process's stdin/stdout until the client closes stdin. Stdout
 * carries the protocol and nothing else: diagnostics, and anything a library would print with
 * console.log, go to stderr.
 */
import type { Readable, Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Orchestrator } from '../orchestrator.js';
import { createMcpServer } from './server.js';

export interface StdioOptions {
  agent?: string;
  stdin?: Readable;
  stdout?: Writable;
  /** Diagnostics (default: stderr). */
  log?: (line: string) => void;
}

/** Serves until stdin ends (the client went away); resolves once the server is closed. */
export async function runStdio(orchestrator: Orchestrator, options: StdioOptions = {}): Promise<void> {
  const stdin = options.stdin ?? process.stdin;
  const stdout = options.stdout ?? process.stdout;
  const log = options.log ?? ((line: string) => void process.stderr.write(`bo mcp: ${line}\n`));
  if (stdout === process.stdout) {
    // One stray console.log from any module would corrupt the JSON-RPC stream: send them to stderr.
    console.log = console.info = console.debug = console.error;
    // A promise some gate forgot to await must not end the agent's session: log it, keep serving.
    process.on('unhandledRejection', (reason) => log(`unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`));
  }

  const server = createMcpServer(orchestrator, { ...(options.agent ? { agent: options.agent } : {}), log });
  const transport = new StdioServerTransport(stdin, stdout);
  const closed = new Promise<void>((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      server.close().then(resolve, resolve);
    };
    stdin.on('end', finish);
    stdin.on('close', finish);
    transport.onclose = finish;
  });
  transport.onerror = (error) => log(`transport: ${error.message}`);
  await server.connect(transport);
  await closed;
}
