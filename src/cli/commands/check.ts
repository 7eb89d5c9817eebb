/**
 * `bo check`: run the gates on the whole project and print (or write) the report. Exit 1 when an
 * error-severity finding exists, 0 otherwise. Each run is saved under reports/project/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { BoError, EXIT } from '../../core/errors.js';
import type { LiveOptions } from '../../gates/live/types.js';
import type { Area } from '../../gates/types.js';
import { writeFileAtomicSync } from '../../store/file/atomic.js';
import type { Session } from '../session.js';
import type { Run } from './types.js';

const AREAS = ['api', 'database', 'security', 'metrics', 'tests', 'contract'] as const;
const FORMATS = ['text', 'json', 'sarif', 'junit', 'markdown'] as const;
const ALIASES: Record<string, Area> = { db: 'database', sec: 'security', test: 'tests' };

export function parseGates(value: string | undefined): Area[] {
  if (!value) return [...AREAS];
  const areas = value.split(',').map((part) => part.trim().toLowerCase()).filter(Boolean).map((part) => ALIASES[part] ?? part);
  const unknown = areas.filter((a) => !(AREAS as readonly string[]).includes(a));
  if (unknown.length || areas.length === 0) throw new BoError('BO_ERR_USAGE', `--gate ${value}: unknown gate ${unknown.join(', ') || '(empty)'} (choose from ${AREAS.join(', ')})`);
  return AREAS.filter((a) => areas.includes(a));
}

/**
 * `--only` / `--skip`: comma-separated rule ids (`sec/sql-injection`), prefixes (`db/*`, `sec/`) or
 * checklist item ids (`database.rollback-plan`). Unknown names are a usage error, so a typo never
 * silently runs everything.
 */
export function ruleSelection(only: string | undefined, skip: string | undefined, ruleIds: readonly string[], items: readonly { id: string; rules: readonly string[] }[]): (ruleId: string) => boolean {
  const expand = (flag: string, value: string | undefined): Set<string> | undefined => {
    if (!value) return undefined;
    const ids = new Set<string>();
    for (const name of value.split(',').map((v) => v.trim()).filter(Boolean)) {
      const prefix = name.endsWith('*') ? name.slice(0, -1) : name.endsWith('/') ? name : undefined;
      const matched = prefix !== undefined ? ruleIds.filter((id) => id.startsWith(prefix)) : ruleIds.includes(name) ? [name] : (items.find((i) => i.id === name)?.rules ?? []);
      if (matched.length === 0) throw new BoError('BO_ERR_USAGE', `${flag} ${name}: no such rule or checklist item (bo rules lists them)`);
      for (const id of matched) ids.add(id);
    }
    return ids;
  };
  const onlyIds = expand('--only', only);
  const skipIds = expand('--skip', skip);
  return (ruleId) => (!onlyIds || onlyIds.has(ruleId)) && !skipIds?.has(ruleId);
}

export function reportId(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

async function check(session: Session, opts: Record<string, unknown>): Promise<number> {
  const createdAt = new Date();
  const areas = parseGates(opts.gate as string | undefined);
  const format = (session.json ? 'json' : ((opts.format as string | undefined) ?? 'text')) as (typeof FORMATS)[number];
  if (!(FORMATS as readonly string[]).includes(format)) throw new BoError('BO_ERR_USAGE', `--format ${format}: choose from ${FORMATS.join(', ')}`);
  const { root, config } = await session.config();
  const tty = Boolean(session.io.stderr.isTTY) && !session.json && !opts.output;
  const progress = tty ? (phase: string, done: number, total: number) => session.io.stderr.write(`\r\u001b[2K${phase} ${total > 1 ? `${done}/${total}` : '…'}`) : undefined;

  const [{ runCheck }, { RULES }, { renderReport }, { CHECKLIST }] = await Promise.all([
    import('../../gates/check-run.js'),
    import('../../gates/rules.js'),
    import('../../report/index.js'),
    import('../../gates/catalog.js'),
  ]);
  const selected = ruleSelection(opts.only as string | undefined, opts.skip as string | undefined, RULES.map((r) => r.id), CHECKLIST);
  const live = opts.live ? liveOptions(session, opts) : undefined;
  const { report } = await withInterrupt((signal) =>
    runCheck({ root, config, areas, selected, live, advisoriesFile: opts.advisories as string | undefined, signal, progress, id: reportId(createdAt), createdAt, rules: RULES }),
  );
  if (tty) session.io.stderr.write('\r\u001b[2K');

  if (opts.save !== false) {
    try {
      const store = await session.store();
      await store.saveReport('project', report.id, report);
    } catch (error) {
      session.warn(`could not save the report: ${(error as Error).message}`);
    }
  }
  const text = renderReport(report, format, format === 'text' && !opts.output ? session.paint : (_style, t) => t);
  if (opts.output) {
    const file = path.resolve(session.cwd, opts.output as string);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomicSync(file, text);
    if (!session.json) session.io.stderr.write(`${report.verdict === 'pass' ? 'pass' : 'fail'}: ${report.summary.errors} errors, ${report.summary.warnings} warnings — ${format} report written to ${session.relative(file)}\n`);
  } else {
    session.io.stdout.write(text);
  }
  return report.verdict === 'fail' ? EXIT.checksFailed : EXIT.ok;
}

/** The live options from the command line (and DATABASE_URL). */
export function liveOptions(session: Session, opts: Record<string, unknown>): LiveOptions {
  const seedRows = opts.seedRows === undefined ? undefined : Number(opts.seedRows);
  if (seedRows !== undefined && (!Number.isInteger(seedRows) || seedRows < 1)) throw new BoError('BO_ERR_USAGE', `--seed-rows ${String(opts.seedRows)}: a positive whole number`);
  const databaseUrl = (opts.databaseUrl ?? session.io.env.DATABASE_URL) as string | undefined;
  return {
    ...(opts.base ? { base: opts.base as string } : {}),
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(opts.runJsMigrations ? { runJsMigrations: true } : {}),
    ...(seedRows !== undefined ? { seedRows } : {}),
  };
}

/**
 * SIGINT/SIGTERM turned into an abort while `fn` runs: long live steps stop and every resource
 * (database, started service) is still closed before the report is written.
 */
export async function withInterrupt<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  try {
    return await fn(controller.signal);
  } finally {
    process.off('SIGINT', abort);
    process.off('SIGTERM', abort);
  }
}

export function registerCheck(program: Command, run: Run): void {
  program
    .command('check')
    .description('run the quality gates (API, database, security checklists, metrics, tests, contract) on the whole project')
    .option('--gate <areas>', `comma-separated areas: ${AREAS.join(',')} (default: all)`)
    .option('--format <format>', `report format: ${FORMATS.join('|')}`, 'text')
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--advisories <file>', 'security advisories JSON (the npm bulk advisory format) for sec/dependency-audit')
    .option('--only <rules>', 'run only these rules: ids, prefixes (db/*) or checklist item ids, comma-separated')
    .option('--skip <rules>', 'leave these rules out (same forms as --only)')
    .option('--live', 'also run the dynamic gates (database, running service, tests)')
    .option('--base <ref>', 'with --live: the OpenAPI document to compare against (a git ref or a file)')
    .option('--database-url <url>', 'with --live: a PostgreSQL server for the database gates (default: DATABASE_URL, else embedded PGlite); a scratch database is used and dropped')
    .option('--run-js-migrations', 'with --live: run knex/TypeORM migration files (executes project code)')
    .option('--seed-rows <n>', 'with --live: rows seeded per table for the query gates')
    .option('--no-save', 'do not save the report under the state dir')
    .addHelpText(
      'after',
      `
Examples:
  $ bo check
  $ bo check --gate api,security
  $ bo check --live --skip metrics/api-response-time,tests/*
  $ bo check --only sec/sql-injection,db/fk-index
  $ bo check --format sarif --output bo.sarif
  $ bo check --format junit -o reports/bo-junit.xml
  $ bo check --json | jq '.findings[] | select(.severity == "error")'

Exit codes: 0 no error findings · 1 error findings · 2 usage or invalid input.
Silence one finding with a comment on or above its line: // bo-ignore <rule-id>: <reason>
Rules and their docs: bo rules, bo rules <id>.`,
    )
    .action((_opts, cmd: Command) => run(cmd, (session) => check(session, cmd.opts())));
}
