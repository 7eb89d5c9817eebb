import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/security/input-validated.js';
import { findingsOf, where } from '../../helpers/gates.js';

const app = (routes: string) => `import express from 'express';
import { z } from 'zod';
import { validate } from './validate';
const app = express();
${routes}
export default app;
`;
const VALIDATE = "import { z } from 'zod';\nexport const validate = (schemas) => (req, res, next) => next();\n";

describe('sec/input-validated', () => {
  it('errors on an unvalidated body of a mutation and warns on unvalidated query and raw path params (Express)', async () => {
    const findings = await findingsOf(rule, {
      'src/validate.ts': VALIDATE,
      'src/app.ts': app(
        [
          'app.post("/v1/users", async (req, res) => { res.status(201).json(await User.create(req.body)); });',
          'app.get("/v1/users", async (req, res) => { res.json(await User.find({ role: req.query.role })); });',
          'app.get("/v1/files/:name", async (req, res) => { res.sendFile(req.params.name); });',
          'app.get("/v1/users/:id", async (req, res) => { res.json(await User.findById(req.params.id)); });',
        ].join('\n'),
      ),
    });
    expect(where(findings)).toEqual(['src/app.ts:5', 'src/app.ts:6', 'src/app.ts:7']);
    expect(findings.map((f) => f.severity)).toEqual(['error', 'warning', 'warning']);
    expect(findings[0]?.message).toContain('the whole body');
    expect(findings[1]?.message).toContain('query parameters role');
    expect(findings[2]?.message).toContain('path parameter name');
  });

  it('passes validator middleware, schemas parsed in the handler or a service, and handlers that answer 400 themselves', async () => {
    const findings = await findingsOf(rule, {
      'src/validate.ts': VALIDATE,
      'src/service.ts': "import { z } from 'zod';\nconst input = z.object({ name: z.string() });\nexport async function createTeam(data) { const parsed = input.parse(data); return parsed; }\n",
      'src/app.ts': app(
        [
          'const body = z.object({ name: z.string() });',
          'app.post("/v1/users", validate({ body }), async (req, res) => { res.status(201).json(await User.create(req.body)); });',
          'app.post("/v1/tags", async (req, res) => { const data = body.parse(req.body); res.json(data); });',
          'import { createTeam } from "./service";',
          'app.post("/v1/teams", async (req, res) => { res.json(await createTeam(req.body)); });',
          'app.post("/v1/notes", async (req, res) => { if (typeof req.body.text !== "string") return res.status(400).json({ error: "text" }); res.json({}); });',
          'app.get("/v1/items/:itemId", async (req, res) => { res.json(await Item.findById(req.params.itemId)); });',
          'app.get("/v1/pages/:n", async (req, res) => { res.json(await Page.find(Number(req.params.n))); });',
        ].join('\n'),
      ),
    });
    expect(findings).toEqual([]);
  });

  it('reads Fastify schemas', async () => {
    const server = (options: string) => `import Fastify from 'fastify';
const app = Fastify();
app.post('/v1/notes', ${options}async (request) => db.note.create({ data: request.body }));
`;
    expect(where(await findingsOf(rule, { 'src/server.ts': server('') }))).toEqual(['src/server.ts:3']);
    expect(await findingsOf(rule, { 'src/server.ts': server("{ schema: { body: { type: 'object', properties: { text: { type: 'string' } } } } }, ") })).toEqual([]);
  });

  it('reads Nest DTOs: class-validator decorators pass, a bare @Body() fails', async () => {
    const controller = (dto: string) => `import { Controller, Post, Body } from '@nestjs/common';
import { IsString } from 'class-validator';
class CreateNoteDto {
  ${dto}
  text: string;
}
@Controller('notes')
export class NotesController {
  @Post()
  create(@Body() dto: CreateNoteDto) { return dto; }
}
`;
    expect(where(await findingsOf(rule, { 'src/notes.controller.ts': controller('') }))).toEqual(['src/notes.controller.ts:9']);
    expect(await findingsOf(rule, { 'src/notes.controller.ts': controller('@IsString()') })).toEqual([]);
  });
});
