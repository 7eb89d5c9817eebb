import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/security/audit-log.js';
import { findingsOf, where } from '../../helpers/gates.js';

const app = (routes: string) => `import express from 'express';
import { authenticate } from './auth';
import * as orders from './orders';
const app = express();
${routes}
export default app;
`;
const AUTH = 'export const authenticate = (req, res, next) => next();\n';

describe('sec/audit-log', () => {
  it('warns per mutating endpoint that misses the audit calls the others make (Express → service)', async () => {
    const findings = await findingsOf(rule, {
      'src/auth.ts': AUTH,
      'src/audit.ts': 'export async function recordAudit(entry) { await db.audit.create({ data: entry }); }\n',
      'src/orders.ts': `import { recordAudit } from './audit';
export async function cancel(user, id) {
  await db.order.update({ where: { id }, data: { status: 'cancelled' } });
  await recordAudit({ actorId: user.id, action: 'order.cancel', entityId: id });
}
export async function rename(user, id, name) {
  await db.order.update({ where: { id }, data: { name } });
}
export async function pay(user, id) {
  await db.$transaction(async (tx) => {
    await tx.order.update({ where: { id }, data: { paid: true } });
    logger.info({ actor: user.id, action: 'order.pay', orderId: id }, 'order paid');
  });
}
`,
      'src/app.ts': app(
        [
          "app.post('/v1/orders/:id/cancel', authenticate, async (req, res) => res.json(await orders.cancel(req.user, req.params.id)));",
          "app.patch('/v1/orders/:id', authenticate, async (req, res) => res.json(await orders.rename(req.user, req.params.id, req.body.name)));",
          "app.post('/v1/orders/:id/pay', authenticate, async (req, res) => res.json(await orders.pay(req.user, req.params.id)));",
          "app.post('/v1/auth/login', async (req, res) => res.json({}));",
          "app.get('/v1/orders', authenticate, async (req, res) => res.json([]));",
        ].join('\n'),
      ),
    });
    expect(where(findings)).toEqual(['src/app.ts:6']);
    expect(findings[0]?.message).toContain('PATCH /v1/orders/{id}');
  });

  it('reports a project without any audit mechanism once, not per endpoint', async () => {
    const findings = await findingsOf(rule, {
      'src/auth.ts': AUTH,
      'src/orders.ts': 'export const cancel = async (u, id) => db.order.delete({ where: { id } });\n',
      'src/app.ts': app(
        [
          "app.post('/v1/orders', authenticate, async (req, res) => res.json({}));",
          "app.delete('/v1/orders/:id', authenticate, async (req, res) => res.json(await orders.cancel(req.user, req.params.id)));",
        ].join('\n'),
      ),
    });
    expect(where(findings)).toEqual(['src/app.ts:5']);
    expect(findings[0]?.message).toContain('no audit logging in the project');
  });

  it('passes audit middleware in the chain and project-wide mechanisms (a trigger in the migrations)', async () => {
    const routes = app("app.delete('/v1/orders/:id', authenticate, auditTrail('order.delete'), async (req, res) => res.end());").replace(
      "import * as orders from './orders';",
      "import { auditTrail } from './audit';",
    );
    expect(await findingsOf(rule, { 'src/auth.ts': AUTH, 'src/audit.ts': 'export const auditTrail = (a) => (req, res, next) => next();\n', 'src/app.ts': routes })).toEqual([]);
    const trigger = 'CREATE TABLE audit_log (id serial primary key);\nCREATE TRIGGER orders_audit AFTER UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION audit_row();\n';
    const plain = app("app.delete('/v1/orders/:id', authenticate, async (req, res) => res.end());");
    expect(await findingsOf(rule, { 'src/auth.ts': AUTH, 'src/orders.ts': 'export {}', 'src/app.ts': plain, 'migrations/001_audit.sql': trigger })).toEqual([]);
  });

  it('follows a Nest controller into an injected audit service; a global audit interceptor covers everything', async () => {
    const controller = `import { Controller, Delete, Param, UseGuards } from '@nestjs/common';
import { NotesService } from './notes.service';
@Controller('notes')
export class NotesController {
  constructor(private readonly notes: NotesService) {}
  @Delete(':id')
  remove(@Param('id') id: string) { return this.notes.remove(id); }
  @Delete()
  clear() { return this.notes.clear(); }
}
`;
    const service = `import { Injectable } from '@nestjs/common';
import { AuditService } from './audit.service';
@Injectable()
export class NotesService {
  constructor(private readonly audit: AuditService) {}
  async remove(id: string) { await this.repo.delete(id); await this.audit.record('note.delete', id); }
  async clear() { await this.repo.clear(); }
}
`;
    const files = { 'src/notes.controller.ts': controller, 'src/notes.service.ts': service, 'src/audit.service.ts': 'export class AuditService { async record(action, id) {} }\n' };
    expect(where(await findingsOf(rule, files))).toEqual(['src/notes.controller.ts:8']);
    const main = "import { NestFactory } from '@nestjs/core';\nconst app = await NestFactory.create(AppModule);\napp.useGlobalInterceptors(new AuditInterceptor());\n";
    expect(await findingsOf(rule, { ...files, 'src/main.ts': main })).toEqual([]);
  });

  it('reads Fastify handlers', async () => {
    const server = (body: string) => `import Fastify from 'fastify';
const app = Fastify();
app.post('/v1/notes', async (request) => { const note = await db.note.create({ data: request.body }); ${body} return note; });
app.put('/v1/notes/:id', async (request) => { await auditLog.write({ by: request.user.id, action: 'note.update' }); return {}; });
`;
    expect(where(await findingsOf(rule, { 'src/server.ts': server('') }))).toEqual(['src/server.ts:3']);
    expect(await findingsOf(rule, { 'src/server.ts': server("await auditLog.write({ by: request.user.id, action: 'note.create' });") })).toEqual([]);
  });
});
