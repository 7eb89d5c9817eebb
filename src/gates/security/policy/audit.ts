/**
 * Audit logging as code shows it: a call to something named for auditing (`recordAudit`,
 * `auditLog.create`, `this.auditService.record`, `logActivity`), a structured log call naming the
 * actor and the action (`logger.info({ actor: user.id, action: 'order.cancel' })`), or a
 * project-wide mechanism every write passes (an audit interceptor, ORM hook or plugin, a database
 * trigger, an audit package).
 */
import type { Node } from 'oxc-parser';
import { isFunction, memberPath, propertyName, stringLiteral, unwrap, walk } from '../../../scan/code/ast.js';
import { nameWords } from '../../../scan/code/facts/names.js';
import type { CheckContext } from '../../types.js';
import { serviceModules } from './files.js';
import type { Target } from './reach.js';

const ACTIVITY = /^(record|log|track|create|write|add|save|emit|publish)(user)?activit(y|ies)$|^activit(y|ies)(log|logs)?$/;
const LOG_METHODS = new Set(['info', 'warn', 'log', 'notice', 'debug', 'audit', 'event', 'write', 'record', 'emit', 'publish', 'track']);
const ACTOR_KEYS = /^(actor|actorId|actor_id|userId|user_id|user|by|performedBy|performed_by|changedBy|changed_by|initiator|initiatedBy|principal|who|operator|editor|adminId)$/;
const ACTION_KEYS = /^(action|actionType|action_type|event|eventType|event_type|eventName|operation|activity|verb|what)$/;

/** A name that says "audit": any of its words is audit/audits/auditing, or it records an activity. */
export function isAuditName(name: string): boolean {
  const words = nameWords(name);
  if (words.some((w) => w === 'audit' || w === 'audits' || w === 'auditing' || w === 'auditlog' || w === 'audited')) return true;
  return ACTIVITY.test(words.join(''));
}

const keysOf = (node: Node): string[] => (node.type === 'ObjectExpression' ? node.properties.flatMap((p) => (p.type === 'Property' ? (propertyName(p.key, p.computed) ?? []) : [])) : []);

/** `logger.info({ actor, action }, 'msg')`, `audit.emit('order.cancel', { userId })`: a log entry naming who and what. */
function isActorActionLog(call: Extract<Node, { type: 'CallExpression' }>): boolean {
  const callee = unwrap(call.callee);
  const method = callee.type === 'MemberExpression' ? propertyName(callee.property, callee.computed) : undefined;
  if (!method || !LOG_METHODS.has(method)) return false;
  const keys = call.arguments.flatMap((arg) => keysOf(unwrap(arg as Node)));
  return keys.some((k) => ACTOR_KEYS.test(k)) && keys.some((k) => ACTION_KEYS.test(k));
}

/** Whether one function writes an audit entry (inline callbacks included). */
export function writesAudit(target: Target): boolean {
  const fn = target.node;
  if (!isFunction(fn) || !fn.body) return false;
  let found = false;
  walk(fn.body as Node, (node) => {
    if (found) return false;
    if (node.type === 'CallExpression' || node.type === 'NewExpression') {
      const path = memberPath(node.callee) ?? '';
      if (path && isAuditName(path)) found = true;
      else if (node.type === 'CallExpression' && isActorActionLog(node)) found = true;
      else if (node.type === 'CallExpression' && /(^|\.)(emit|publish|dispatch)$/.test(path) && /audit/i.test(stringLiteral(node.arguments[0] as Node | undefined) ?? '')) found = true;
    }
    return undefined;
  });
  return found;
}

const GLOBAL_CODE: RegExp[] = [
  /useGlobalInterceptors\([^)]*audit/i,
  /APP_INTERCEPTOR[\s\S]{0,120}audit/i,
  /\.plugin\(\s*[\w.]*audit/i,
  /addHook\(\s*['"]on\w+['"]\s*,\s*[\w.]*audit/i,
  /\buse\(\s*[\w.]*audit\w*\s*[),]/i,
];
const ORM_HOOKS = /\$use\(|\$extends\(|EntitySubscriberInterface|addHook\(|\.(afterCreate|afterUpdate|afterDestroy|afterSave)\(|schema\.post\(|\.post\(\s*['"](save|updateOne|findOneAndUpdate|deleteOne)['"]|@(AfterInsert|AfterUpdate|AfterRemove)\(/;
const SQL_TRIGGER = /CREATE\s+(OR\s+REPLACE\s+)?TRIGGER[\s\S]{0,300}audit|audit[\w]*\s*\(\s*\)\s*RETURNS\s+TRIGGER/i;
const AUDIT_PACKAGE = /audit|paper-?trail|activitylog|activity-log/i;

/**
 * An audit mechanism every endpoint passes without calling it: an interceptor or app-level
 * middleware, an ORM hook or plugin that audits, a database trigger, an audit package.
 */
export function globalAuditMechanism(context: CheckContext): string | undefined {
  return context.memo('policy:global-audit', () => {
    for (const module of serviceModules(context)) {
      const text = module.file.text;
      if (!/audit/i.test(text)) continue;
      if (GLOBAL_CODE.some((r) => r.test(text)) || ORM_HOOKS.test(text)) return `${module.file.path} (audit hook)`;
    }
    for (const file of context.files) {
      if (file.path.endsWith('.sql') && SQL_TRIGGER.test(file.text)) return `${file.path} (audit trigger)`;
    }
    const deps = dependencyNames(context);
    const pkg = deps.find((name) => AUDIT_PACKAGE.test(name));
    return pkg ? `the ${pkg} package` : undefined;
  });
}

function dependencyNames(context: CheckContext): string[] {
  if (!context.packageJson) return [];
  try {
    const json = JSON.parse(context.packageJson.text) as { dependencies?: Record<string, string> };
    return Object.keys(json.dependencies ?? {});
  } catch {
    return [];
  }
}

/** Whether the project has any audit code at all (a function or call named for it, an actor/action log). */
export function hasAuditCode(context: CheckContext): boolean {
  return context.memo('policy:audit-code', () =>
    serviceModules(context).some((module) => {
      const text = module.file.text;
      if (/[\w$]*audit[\w$]*\s*[.(]|(record|log|track)Activit/i.test(text)) return true;
      if (!/actor|performedBy|changedBy/.test(text)) return false;
      let found = false;
      walk(module.program, (node) => {
        if (found) return false;
        if (node.type === 'CallExpression' && isActorActionLog(node)) found = true;
        return undefined;
      });
      return found;
    }),
  );
}
