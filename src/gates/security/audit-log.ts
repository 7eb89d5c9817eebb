import type { Node } from 'oxc-parser';
import { endpointSite } from '../../scan/code/sites.js';
import { defineRule } from '../define.js';
import { codeEndpoints, isMutating, isOperational, type CodeEndpoint } from '../support/endpoints.js';
import type { CheckContext } from '../types.js';
import { globalAuditMechanism, hasAuditCode, isAuditName, writesAudit } from './policy/audit.js';
import { allowlistedBy, isCredentialPath } from './policy/public-endpoints.js';
import { functionHas, reachableFunctions } from './policy/reach.js';

/** Decorators on a Nest handler or its controller that audit (`@Audit('x')`, `@UseInterceptors(AuditInterceptor)`). */
function auditDecorated(context: CheckContext, entry: CodeEndpoint): boolean {
  const site = endpointSite(context.index, entry.endpoint);
  const owners = [site?.node, site?.handlers()[0]?.scope.classNode as Node | undefined];
  return owners.some((node) =>
    ((node as { decorators?: Node[] } | undefined)?.decorators ?? []).some((d) => /audit/i.test(site?.module.file.text.slice(d.start, d.end) ?? '')),
  );
}

/** Whether an endpoint's writes are audited: middleware, decorator, or a call in what it runs. */
function audited(context: CheckContext, entry: CodeEndpoint): boolean | undefined {
  const site = endpointSite(context.index, entry.endpoint);
  if (site?.chain().some((c) => isAuditName(c.name))) return true;
  if (auditDecorated(context, entry)) return true;
  const reached = reachableFunctions(context, entry.endpoint);
  if (reached.length === 0) return undefined;
  return reached.some((target) => functionHas(target, 'audit', writesAudit));
}

const label = (e: CodeEndpoint) => `${e.endpoint.method} ${e.endpoint.path}`;

export default defineRule({
  id: 'sec/audit-log',
  area: 'security',
  checklist: 'Audit logging enabled',
  severity: 'warning',
  docs: {
    description:
      'Every mutating endpoint leaves an audit entry saying who did what: an audit middleware or interceptor before it, or a call in its handler or the services it calls (a few calls deep) ' +
      'to something named for auditing (`recordAudit`, `auditLog.create`, `this.audit.record`, `logActivity`) or a structured log naming the actor and the action (`logger.info({ actor, action })`). ' +
      'Project-wide mechanisms count for every endpoint: a global audit interceptor, an ORM hook or plugin that audits, an audit trigger in the migrations, an audit package. ' +
      'A project with no audit mechanism at all gets one finding, not one per endpoint. Credential endpoints (login, register, token) are exempt: sign-ins are usually recorded by the auth layer.',
    failing: `export async function cancelOrder(user, id) {
  await orders.update(id, { status: 'cancelled' });
}`,
    passing: `export async function cancelOrder(user, id) {
  await orders.update(id, { status: 'cancelled' });
  await recordAudit({ actorId: user.id, action: 'order.cancel', entityType: 'order', entityId: id });
}`,
    whenNotToUse: 'For services whose writes are audited outside the code (a gateway or a database-level audit extension such as pgaudit).',
  },
  check(context, reporter) {
    const mutating = codeEndpoints(context).filter(
      (e) => isMutating(e.endpoint) && !isOperational(e.endpoint.path) && !isCredentialPath(e.endpoint.path) && !allowlistedBy(context, e.endpoint),
    );
    if (mutating.length === 0) return { status: 'not-applicable', reason: 'no mutating endpoints found in code' };
    const global = globalAuditMechanism(context);
    if (global) return undefined;
    const chainAudits = (e: CodeEndpoint) => endpointSite(context.index, e.endpoint)?.chain().some((c) => isAuditName(c.name)) ?? false;
    if (!hasAuditCode(context) && !mutating.some(chainAudits)) {
      const first = mutating[0] as CodeEndpoint;
      reporter.report({
        file: first.file,
        line: first.line,
        subject: 'project',
        message: `no audit logging in the project: none of its ${mutating.length} mutating endpoints (${mutating.slice(0, 3).map(label).join(', ')}${mutating.length > 3 ? ', …' : ''}) records who changed what`,
        hint: 'Add an audit log (a table or log stream with actor, action, entity, time) and write to it from each write path, e.g. `await recordAudit({ actorId: req.user.id, action: \'order.cancel\', entityId: id })`, or from one middleware/interceptor.',
      });
      return undefined;
    }
    let decided = 0;
    for (const entry of mutating) {
      const verdict = audited(context, entry);
      if (verdict === undefined) continue;
      decided++;
      if (verdict) continue;
      reporter.report({
        file: entry.file,
        line: entry.line,
        subject: entry.endpoint.id,
        message: `${label(entry)} changes data without an audit entry: no audit middleware before it and no audit call in its handler or the functions it calls`,
        hint: 'Record the change where it happens, with who and what (e.g. `await recordAudit({ actorId: user.id, action: \'…\', entityId: id })`), like the other write paths of this project do.',
      });
    }
    if (decided === 0) return { status: 'skipped', reason: 'the handlers of the mutating endpoints could not be found in code' };
    return undefined;
  },
});
