/**
 * What the MCP tests share: a copy of examples/shop-api to work on, the agent's two attempts
 * (examples/agent-work/category-products, as the e2e test plays them), a client on `bo mcp` over
 * stdio or in-process, and `call`, which asserts that every answer stays under the answer limit.
 *
 * The stdio server is test/mcp/bo-mcp-entry.ts bundled with esbuild the way scripts/build.mjs
 * bundles the CLI (tsx cannot run the gates: its CommonJS resolver fails on ESM-only
 * dependencies such as @chevrotain/utils). The bundle goes under .bo-tmp/ in the repository, so
 * that the runtime `require`s of bundled code still find node_modules.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { expect } from 'vitest';
import { createMcpServer } from '../../src/mcp/server.js';
import type { Orchestrator } from '../../src/orchestrator.js';

export const REPO = path.resolve(import.meta.dirname, '../..');
export const EXAMPLE = path.join(REPO, 'examples/shop-api');
const FIXTURE = path.join(REPO, 'examples/agent-work/category-products');
const ENTRY = path.join(REPO, 'test/mcp/bo-mcp-entry.ts');
export const ANSWER_LIMIT = 8 * 1024;

/** A copy of the example (without its state) that runs with this repository's dependencies. */
export function copyShopApi(editConfig: (config: Record<string, unknown>) => void = () => undefined): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bo-mcp-'));
  cpSync(EXAMPLE, dir, { recursive: true, filter: (src) => !/node_modules|ai-state|coverage/.test(path.relative(EXAMPLE, src)) });
  symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const file = path.join(dir, 'backend-orchestrator.config.json');
  const config = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  editConfig(config);
  writeFileSync(file, JSON.stringify(config, null, 2));
  return dir;
}

/** The agent's attempt: the example's files plus the attempt's code, and its OpenAPI operation. */
export function implement(dir: string, attempt: 'flawed' | 'fixed'): void {
  for (const [file, target] of [
    ['category-repository.ts', 'src/repositories/category-repository.ts'],
    ['categories.ts', 'src/routes/categories.ts'],
  ] as const) {
    const original = readFileSync(path.join(EXAMPLE, target), 'utf8');
    writeFileSync(path.join(dir, target), original + readFileSync(path.join(FIXTURE, attempt, `${file}.append`), 'utf8'));
  }
  const spec = readFileSync(path.join(EXAMPLE, 'openapi.yaml'), 'utf8');
  const at = spec.indexOf('  /api/v1/products:');
  writeFileSync(path.join(dir, 'openapi.yaml'), spec.slice(0, at) + readFileSync(path.join(FIXTURE, attempt, 'openapi.yaml.insert'), 'utf8') + spec.slice(at));
}

/** `bo mcp` as one ES module (and a function that removes it). */
export async function bundleServer(): Promise<{ file: string; remove: () => void }> {
  const dir = path.join(REPO, '.bo-tmp', `mcp-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'bo-mcp.mjs');
  await build({
    absWorkingDir: REPO,
    entryPoints: [ENTRY],
    outfile: file,
    bundle: true,
    format: 'esm',
    platform: 'node',
    mainFields: ['module', 'main'],
    target: 'node20',
    banner: { js: "import { createRequire as __boCreateRequire } from 'node:module'; const require = __boCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A client on `bo mcp` (the bundle `server`) started in `cwd`; stderr is collected for assertions. */
export async function connectStdio(server: string, cwd: string, args: string[] = [], env: Record<string, string> = {}): Promise<{ client: Client; stderr: () => string }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [server, 'mcp', ...args],
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', ...env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const client = new Client({ name: 'bo-mcp-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

/** A client on an in-process server (no child process: fast, and coverage counts). */
export async function connectInProcess(orchestrator: Orchestrator, agent = 'agent-in-process'): Promise<Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await createMcpServer(orchestrator, { agent }).connect(serverSide);
  const client = new Client({ name: 'bo-mcp-test', version: '1.0.0' });
  await client.connect(clientSide);
  return client;
}

export interface Answer {
  isError: boolean;
  text: string;
  json<T = any>(): T;
}

/** Calls a tool; every answer is one text item under the answer limit. */
export async function call(client: Client, name: string, args: Record<string, unknown> = {}, options: { onprogress?: (p: { progress: number; message?: string }) => void } = {}): Promise<Answer> {
  const result = await client.callTool({ name, arguments: args }, undefined, { timeout: 120_000, ...(options.onprogress ? { onprogress: options.onprogress } : {}) });
  const content = result.content as { type: string; text: string }[];
  expect(content).toHaveLength(1);
  expect(content[0]?.type).toBe('text');
  const text = content[0]?.text ?? '';
  expect(Buffer.byteLength(text), `${name} answered ${Buffer.byteLength(text)} bytes`).toBeLessThan(ANSWER_LIMIT);
  return { isError: result.isError === true, text, json: () => JSON.parse(text) };
}
