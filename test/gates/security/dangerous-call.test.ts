import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/security/dangerous-call.js';
import { findingsOf, where } from '../../helpers/gates.js';

const PKG = JSON.stringify({ name: 'svc', dependencies: { express: '^4.19.0' } });

/** An Express app with one route; `imports` and `body` vary. */
const express = (imports: string, body: string) => `import express from 'express';
${imports}
const app = express();
app.post('/v1/run/:name', async (req, res) => {
${body}
});
export default app;
`;

const run = (files: Record<string, string>) => findingsOf(rule, { 'package.json': PKG, ...files });

describe('sec/dangerous-call (Express)', () => {
  it('flags request data run as code: eval, new Function, vm, a timer string', async () => {
    const body = [
      '  const total = eval(req.body.formula);',
      "  const fn = new Function('x', req.body.code);",
      '  const out = vm.runInNewContext(req.query.expr as string, {});',
      '  setTimeout(req.body.later, 10);',
      '  res.json({ total, out, fn: typeof fn });',
    ].join('\n');
    const findings = await run({ 'src/app.ts': express("import vm from 'node:vm';", body) });
    expect(where(findings)).toEqual(['src/app.ts:5', 'src/app.ts:6', 'src/app.ts:7', 'src/app.ts:8']);
    expect(findings[0]?.message).toContain('remote code execution');
  });

  it('flags a shell command built from request data; execFile with argv is fine', async () => {
    const body = [
      '  exec(`convert ${req.body.file} out.png`, () => undefined);',
      "  const listing = execSync('ls ' + req.params.name).toString();",
      "  spawn('tar', ['-czf', 'out.tgz', req.params.name], { shell: true });",
      "  execFile('convert', [req.body.file, 'out.png'], () => undefined);",
      "  spawn('tar', ['-czf', 'out.tgz', req.params.name]);",
      '  res.json({ listing });',
    ].join('\n');
    const findings = await run({ 'src/app.ts': express("import { exec, execFile, execSync, spawn } from 'node:child_process';", body) });
    expect(where(findings)).toEqual(['src/app.ts:5', 'src/app.ts:6', 'src/app.ts:7']);
    expect(findings[0]?.message).toContain('command injection');
  });

  it('flags file paths from the request; basename, a prefix check and sendFile root are fine', async () => {
    const body = [
      "  const text = await readFile(path.join(UPLOADS, req.params.name), 'utf8');",
      '  res.sendFile(path.resolve(UPLOADS, req.params.name));',
      '  res.download(path.join(UPLOADS, path.basename(req.params.name)));',
      '  res.sendFile(req.params.name, { root: UPLOADS });',
      '  const full = path.resolve(UPLOADS, req.params.name);',
      '  if (!full.startsWith(UPLOADS + path.sep)) return res.status(400).end();',
      "  const checked = await readFile(full, 'utf8');",
      '  res.json({ text, checked });',
    ].join('\n');
    const imports = "import path from 'node:path';\nimport { readFile } from 'node:fs/promises';\nconst UPLOADS = path.resolve('uploads');";
    const findings = await run({ 'src/app.ts': express(imports, body) });
    expect(where(findings)).toEqual(['src/app.ts:7', 'src/app.ts:8']);
    expect(findings[0]?.message).toContain('path traversal');
  });

  it('flags require() of a request-chosen module and node-serialize', async () => {
    const body = ['  const plugin = require(`./plugins/${req.params.name}`);', '  const profile = serialize.unserialize(req.cookies.profile);', '  res.json({ plugin, profile });'].join('\n');
    expect(where(await run({ 'src/app.ts': express("import serialize from 'node-serialize';", body) }))).toEqual(['src/app.ts:5', 'src/app.ts:6']);
  });

  it('follows request data into a helper in another file', async () => {
    const route = `import { Router } from 'express';
import { makeReport } from './reports.js';
export const router = Router();
router.get('/v1/reports/:name', (req, res) => {
  res.send(makeReport(req.params.name, 'pdf'));
});
`;
    const helper = `import { execSync } from 'child_process';
export function makeReport(name: string, format: string) {
  const command = \`report-tool --format \${format} --name \${name}\`;
  return execSync(command);
}
`;
    const findings = await run({ 'src/routes.ts': route, 'src/reports.ts': helper });
    expect(where(findings)).toEqual(['src/reports.ts:4']);
    expect(findings[0]?.related?.map((r) => `${r.file}:${r.line}`)).toEqual(['src/routes.ts:5', 'src/routes.ts:5']);
  });

  it('passes constant commands, regex exec and numbers', async () => {
    const body = [
      "  const version = execSync('git rev-parse HEAD').toString();",
      '  const match = /^(\\d+)-(\\w+)$/.exec(req.params.name);',
      '  const wait = Number(req.query.wait);',
      '  setTimeout(() => undefined, wait);',
      '  res.json({ version, match });',
    ].join('\n');
    expect(await run({ 'src/app.ts': express("import { execSync } from 'child_process';", body) })).toEqual([]);
  });
});

describe('sec/dangerous-call (Fastify, NestJS)', () => {
  it('flags a Fastify route running a command with a path parameter, not one passing it as argv', async () => {
    const app = `import Fastify from 'fastify';
import cp from 'node:child_process';
const fastify = Fastify();
fastify.get('/v1/ping/:host', async (request) => {
  const { host } = request.params as { host: string };
  return cp.execSync('ping -c 1 ' + host).toString();
});
fastify.get('/v1/trace/:host', async (request) => {
  const { host } = request.params as { host: string };
  return cp.execFileSync('traceroute', ['-m', '5', host]).toString();
});
export default fastify;
`;
    expect(where(await findingsOf(rule, { 'package.json': JSON.stringify({ dependencies: { fastify: '^4.0.0' } }), 'src/app.ts': app }))).toEqual(['src/app.ts:6']);
  });

  it('flags a Nest query parameter used as a file path, not its basename', async () => {
    const controller = `import { Controller, Get, Query, Res } from '@nestjs/common';
import { createReadStream } from 'fs';
import { basename, join } from 'path';

@Controller('v1/files')
export class FilesController {
  @Get()
  download(@Query('file') file: string, @Res() res: any) {
    createReadStream(join(process.cwd(), 'files', file)).pipe(res);
  }

  @Get('safe')
  safe(@Query('file') file: string, @Res() res: any) {
    createReadStream(join(process.cwd(), 'files', basename(file))).pipe(res);
  }
}
`;
    expect(where(await findingsOf(rule, { 'src/files.controller.ts': controller }))).toEqual(['src/files.controller.ts:9']);
  });
});
