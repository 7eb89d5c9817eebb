/** The work behind `bo events deliver | dead-letter | verify` (loaded only when one of them runs). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config/schema.js';
import { BoError, EXIT } from '../../core/errors.js';
import { JsonParseError, parseJson } from '../../core/json.js';
import { replayDeadLetters, type DeadLetter } from '../../events/webhooks/delivery-state.js';
import { DEFAULT_TIMEOUT_MS, type AttemptReport, type DeliverSummary, type WebhookDispatcher } from '../../events/webhooks/dispatcher.js';
import { dispatcherFromConfig } from '../../events/webhooks/from-config.js';
import { DEFAULT_TOLERANCE_SECONDS, resolveSecret, verifyWebhook } from '../../events/webhooks/signature.js';
import { printJson, table } from '../io.js';

import type { Session } from '../session.js';
import { withInterrupt } from './check.js';

const configuredIds = (config: Config) => (config.events?.webhooks ?? []).map((webhook) => webhook.id ?? webhook.url);

/** `--subscription` must name a configured subscription (or one with delivery state left). */
function pickSubscriptions(all: readonly string[], wanted: string | undefined): string[] {
  if (wanted === undefined) return [...all];
  if (!all.includes(wanted)) throw new BoError('BO_ERR_USAGE', `--subscription ${wanted}: no such webhook subscription (${all.length ? `known: ${all.join(', ')}` : 'none configured in events.webhooks'})`);
  return [wanted];
}

const NO_WEBHOOKS = 'no webhook subscriptions in the config: add them under events.webhooks ({ "url": …, "secret": "env:NAME", "types": […] })';

interface DispatcherChoice {
  subscription?: string;
  timeoutMs?: number;
  onAttempt?: (attempt: AttemptReport) => void;
}

/** A dispatcher over this project's outbox and delivery state; undefined when no webhooks are configured. */
async function projectDispatcher(session: Session, choice: DispatcherChoice): Promise<{ dispatcher: WebhookDispatcher; ids: string[] } | undefined> {
  const { config } = await session.config();
  const ids = pickSubscriptions(configuredIds(config), choice.subscription);
  if (ids.length === 0) return undefined;
  const dispatcher = dispatcherFromConfig({
    log: await session.events(),
    store: await session.deliveries(),
    config,
    env: session.io.env,
    only: ids,
    timeoutMs: choice.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(choice.onAttempt ? { onAttempt: choice.onAttempt } : {}),
  });
  return dispatcher ? { dispatcher, ids } : undefined;
}

export async function deliver(session: Session, opts: { follow?: boolean; subscription?: string; timeout?: number }): Promise<void> {
  const project = await projectDispatcher(session, {
    ...(opts.subscription !== undefined ? { subscription: opts.subscription } : {}),
    ...(opts.timeout !== undefined ? { timeoutMs: opts.timeout } : {}),
    ...(opts.follow ? { onAttempt: (attempt: AttemptReport) => printAttempt(session, attempt) } : {}),
  });
  if (!project) {
    if (session.json) printJson(session.io, { subscriptions: [] });
    else session.out(session.paint('dim', NO_WEBHOOKS));
    return;
  }
  if (opts.follow) {
    if (!session.json) session.io.stderr.write(`delivering to ${project.ids.join(', ')} until interrupted (Ctrl-C)\n`);
    await withInterrupt((signal) => project.dispatcher.run(signal));
    return;
  }
  printSummary(session, await project.dispatcher.deliverDue());
}

/**
 * One short pass for a command that has just published events (`bo submit`): delivers what is
 * due within `budgetMs` and prints nothing. What is not delivered by then stays pending (an
 * attempt cut short is not counted, and goes again with the same webhook-id) for
 * `bo events deliver`. Undefined when no webhooks are configured.
 */
export async function deliverOnce(session: Session, options: { budgetMs: number }): Promise<DeliverSummary | undefined> {
  const project = await projectDispatcher(session, {});
  return project?.dispatcher.deliverDue(AbortSignal.timeout(options.budgetMs));
}

function printAttempt(session: Session, attempt: AttemptReport): void {
  if (session.json) {
    session.io.stdout.write(`${JSON.stringify(attempt)}\n`);
    return;
  }
  const p = session.paint;
  const what = `${attempt.subscription}  ${attempt.type}  ${attempt.eventId}  (attempt ${attempt.attempts}${attempt.status ? `, HTTP ${attempt.status}` : ''})`;
  if (attempt.outcome === 'delivered') session.out(`${p('green', 'delivered')}  ${what}`);
  else if (attempt.outcome === 'retry') session.out(`${p('yellow', 'retry')}  ${what}: ${attempt.error} — next at ${attempt.nextAttemptAt}`);
  else session.out(`${p('red', 'dead')}  ${what}: ${attempt.error} — bo events dead-letter --replay ${attempt.eventId}`);
}

function printSummary(session: Session, summary: DeliverSummary): void {
  if (session.json) {
    printJson(session.io, { subscriptions: summary.subscriptions });
    return;
  }
  const rows = summary.subscriptions.map((s) => [
    s.subscription,
    s.busy ? 'busy (another dispatcher)' : String(s.delivered),
    String(s.retried),
    String(s.dead),
    String(s.pending),
    String(s.deadLetters),
    s.nextAttemptAt ?? '-',
  ]);
  session.io.stdout.write(table(['subscription', 'delivered', 'retrying', 'dead now', 'pending', 'dead letters', 'next attempt'], rows, session.paint));
  if (summary.subscriptions.some((s) => s.deadLetters > 0)) session.out(session.paint('dim', 'bo events dead-letter lists the dead letters; --replay puts them back in the queue'));
}

interface DeadLetterRow extends DeadLetter {
  subscription: string;
}

export async function deadLetters(session: Session, opts: { subscription?: string; replay?: string[]; replayAll?: boolean }): Promise<number> {
  if (opts.replay && opts.replayAll) throw new BoError('BO_ERR_USAGE', 'give --replay <eventId...> or --replay-all, not both');
  const { config } = await session.config();
  const store = await session.deliveries();
  const states = await store.list();
  const configured = configuredIds(config);
  const known = [...new Set([...configured, ...states.map((s) => s.subscription)])];
  const ids = pickSubscriptions(known, opts.subscription);

  if (!opts.replay && !opts.replayAll) {
    const rows: DeadLetterRow[] = states.filter((s) => ids.includes(s.subscription)).flatMap((s) => s.deadLetters.map((d) => ({ subscription: s.subscription, ...d })));
    if (session.json) printJson(session.io, { deadLetters: rows });
    else if (rows.length === 0) session.out(session.paint('dim', 'no dead letters'));
    else {
      const cells = rows.map((d) => [d.subscription, d.eventId, d.type, String(d.attempts), d.deadAt, d.lastError]);
      session.io.stdout.write(table(['subscription', 'event id', 'type', 'attempts', 'dead since', 'last error'], cells, session.paint));
    }
    return EXIT.ok;
  }

  // Replayed deliveries are sent by `bo events deliver`, so only subscriptions still configured take them.
  if (opts.subscription !== undefined && !configured.includes(opts.subscription)) {
    throw new BoError('BO_ERR_USAGE', `--subscription ${opts.subscription}: no longer in events.webhooks, so nothing would deliver its dead letters (add it back to replay them)`);
  }
  const targets = ids.filter((id) => configured.includes(id) && states.some((s) => s.subscription === id));
  const wanted = opts.replayAll ? 'all' : (opts.replay ?? []);
  const replayed: DeadLetterRow[] = [];
  for (const subscription of targets) {
    const candidates = states.find((s) => s.subscription === subscription)?.deadLetters ?? [];
    if (wanted !== 'all' && !candidates.some((d) => wanted.includes(d.eventId))) continue;
    await store.update(subscription, (state) => {
      const result = replayDeadLetters(state, wanted === 'all' ? 'all' : wanted, Date.now());
      replayed.push(...result.replayed.map((d) => ({ subscription, ...d })));
      return result.state;
    });
  }
  const missing = wanted === 'all' ? [] : wanted.filter((id) => !replayed.some((d) => d.eventId === id));
  if (session.json) printJson(session.io, { replayed, missing });
  else {
    session.out(replayed.length ? `${replayed.length} dead letter(s) back in the queue: bo events deliver sends them` : 'nothing to replay');
    for (const d of replayed) session.out(`  ${d.subscription}  ${d.eventId}  ${d.type}`);
  }
  if (missing.length === 0) return EXIT.ok;
  session.io.stderr.write(`bo: no dead letter for event ${missing.join(', ')}${opts.subscription ? ` in ${opts.subscription}` : ''} (bo events dead-letter lists them)\n`);
  return EXIT.notFound;
}

/** `--header 'name: value'` (repeatable) over `--headers-file` (a JSON object). */
function readHeaders(session: Session, opts: { header?: string[]; headersFile?: string }): Record<string, string> {
  const headers: Record<string, string> = {};
  if (opts.headersFile) {
    const raw = parseJson(readInput(session, opts.headersFile, '--headers-file').toString('utf8'));
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new BoError('BO_ERR_INPUT_INVALID', `--headers-file ${opts.headersFile}: expected a JSON object of header names and values`);
    for (const [name, value] of Object.entries(raw)) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(' ') : String(value);
  }
  for (const line of opts.header ?? []) {
    const at = line.indexOf(':');
    if (at <= 0) throw new BoError('BO_ERR_USAGE', `--header "${line}": expected "name: value", e.g. --header 'webhook-id: msg_123'`);
    headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
  }
  return headers;
}

function readInput(session: Session, file: string, option: string): Buffer {
  try {
    return file === '-' ? readFileSync(0) : readFileSync(path.resolve(session.cwd, file));
  } catch (error) {
    throw new BoError('BO_ERR_USAGE', `${option} ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

export async function verify(session: Session, opts: { secret: string; bodyFile?: string; header?: string[]; headersFile?: string; tolerance?: string; now?: string }): Promise<number> {
  let secret: Buffer;
  try {
    secret = resolveSecret(opts.secret, session.io.env);
  } catch (error) {
    throw new BoError('BO_ERR_USAGE', `--secret: ${(error as Error).message}`);
  }
  const tolerance = opts.tolerance === undefined ? DEFAULT_TOLERANCE_SECONDS : wholeSeconds(opts.tolerance, '--tolerance');
  const now = opts.now === undefined ? undefined : wholeSeconds(opts.now, '--now') * 1000;
  let headers: Record<string, string>;
  try {
    headers = readHeaders(session, opts);
  } catch (error) {
    if (!(error instanceof JsonParseError)) throw error;
    throw new BoError('BO_ERR_INPUT_INVALID', `--headers-file ${opts.headersFile}: not valid JSON at ${error.line}:${error.column}: ${error.message}`);
  }
  if (opts.bodyFile === undefined && process.stdin.isTTY) throw new BoError('BO_ERR_USAGE', 'give the body with --body-file <file>, or pipe it on stdin');
  const body = readInput(session, opts.bodyFile ?? '-', '--body-file');
  const result = verifyWebhook({ headers, body, secret, toleranceSeconds: tolerance, ...(now !== undefined ? { now } : {}) });
  if (session.json) printJson(session.io, result.ok ? { valid: true, id: headers['webhook-id'], timestamp: headers['webhook-timestamp'] } : { valid: false, code: result.code, reason: result.reason });
  else if (result.ok) session.out(`${session.paint('green', 'valid')}: webhook ${headers['webhook-id']} signed at ${headers['webhook-timestamp']}`);
  else session.out(`${session.paint('red', 'invalid')}: ${result.reason}`);
  return result.ok ? EXIT.ok : EXIT.checksFailed;
}

function wholeSeconds(value: string, option: string): number {
  if (!/^\d+$/.test(value.trim())) throw new BoError('BO_ERR_USAGE', `${option}: "${value}" is not a whole number of seconds`);
  return Number(value);
}

