/**
 * The one database a `bo check --live` run shares between the database gates (opened through
 * `live.resource`, so it is closed after the last rule whatever happens), and the state it is in.
 * Each gate asks for the state it needs (fresh, migrated, seeded) and the session gets there from
 * where the previous gate left it: one PGlite start per run, migrations applied again only after a
 * gate changed the schema, data seeded again only after it was dropped.
 */
import type { LiveContext } from '../../live/types.js';
import type { CheckContext, RuleVerdict } from '../../types.js';
import { type StatementFailure, runScript } from './apply.js';
import { bundledExtensions, type Database, openPglite, openScratchDatabase, serverLabel } from './connection.js';
import { type JsMigrationRunner, type JsStep, runnerProblem, startJsMigrationRunner } from './js-runner.js';
import { type MigrationPlan, type MigrationStep, migrationPlan, planProblem, scriptStatements } from './migrations.js';
import { type SeedOutcome, seedDatabase } from './seed.js';

export interface ApplyOutcome {
  total: number;
  /** Migrations that applied fully. */
  applied: number;
  failure?: StatementFailure & { migration: string };
}

export interface DatabaseSession {
  db: Database;
  plan: MigrationPlan;
  state: 'fresh' | 'migrated' | 'seeded' | 'dirty';
  /** The first run of every up migration on a fresh database. */
  applied?: ApplyOutcome;
  seeded?: SeedOutcome;
  /** The child process that runs JS migrations (only when the user opted in), started on first use. */
  runner?: Promise<JsMigrationRunner>;
  projectRoot: string;
}

/** The configured server (the command line's, else the config's), if any. */
export const serverUrl = (context: CheckContext, live: LiveContext): string | undefined => live.options.databaseUrl ?? context.config.database?.url;

/**
 * The shared session, or the verdict a database gate returns when there is nothing to run (no
 * migrations, another dialect, JS migrations not allowed) or no database could be had.
 */
export async function databaseSession(context: CheckContext, live: LiveContext): Promise<DatabaseSession | RuleVerdict> {
  const plan = migrationPlan(context, live.options.runJsMigrations === true);
  const problem = planProblem(plan);
  if (problem) return problem;
  const jsSteps = plan.migrations.flatMap((m) => [m.up, m.down]).filter((s): s is JsStep => s?.kind === 'js');
  const missing = jsSteps.length > 0 ? runnerProblem(context.root, jsSteps) : undefined;
  if (missing) return { status: 'skipped', reason: missing };
  const url = serverUrl(context, live);
  try {
    const session = await live.resource<DatabaseSession>(
      'database',
      async () => {
        live.progress(url ? `database: creating a scratch database on ${serverLabel(url)}` : 'database: starting the embedded PostgreSQL');
        const sqlTexts = plan.migrations.map((m) => (m.up.kind === 'sql' ? scriptStatements(m.up).map((s) => s.sql).join('\n') : ''));
        const db = url ? await openScratchDatabase(url) : await openPglite(bundledExtensions(sqlTexts));
        return { db, plan, state: 'fresh', projectRoot: context.root };
      },
      async (session) => {
        const runner = await session.runner?.catch(() => undefined);
        await runner?.close();
        await session.db.close();
      },
    );
    if (session.plan !== plan) {
      // Another project's migrations (one database serving several check contexts, as in tests): start over.
      Object.assign(session, { plan, state: session.state === 'fresh' ? 'fresh' : 'dirty', applied: undefined, seeded: undefined });
    }
    return session;
  } catch (error) {
    const where = url ? `a scratch database on ${serverLabel(url)}` : 'the embedded PostgreSQL (PGlite)';
    return { status: 'skipped', reason: `could not open ${where}: ${(error as Error).message}` };
  }
}

export const isSession = (value: DatabaseSession | RuleVerdict): value is DatabaseSession => 'db' in value;

/** Runs one migration step: SQL statement by statement, or a JS migration's function in the runner. */
export async function runStep(session: DatabaseSession, step: MigrationStep, signal?: AbortSignal): Promise<StatementFailure | undefined> {
  if (step.kind === 'sql') return runScript(session.db, step, signal);
  session.runner ??= (async () =>
    startJsMigrationRunner({
      projectRoot: session.projectRoot,
      databaseUrl: await session.db.connectionUrl(),
      typescript: session.plan.migrations.some((m) => m.up.kind === 'js' && /\.[cm]?tsx?$/.test(m.up.file)),
    }))();
  let runner: JsMigrationRunner;
  try {
    runner = await session.runner;
  } catch (error) {
    return { file: step.file, line: step.line, statement: `${step.direction}() of ${step.file}`, message: (error as Error).message };
  }
  return runner.run(step, signal);
}

async function toFresh(session: DatabaseSession): Promise<void> {
  if (session.state === 'fresh') return;
  await session.db.reset();
  session.state = 'fresh';
}

/** Every up migration in order on a fresh database; the first failing statement stops it. */
export async function applyAll(session: DatabaseSession, live: LiveContext): Promise<ApplyOutcome> {
  await toFresh(session);
  session.state = 'dirty';
  const { migrations } = session.plan;
  const outcome: ApplyOutcome = { total: migrations.length, applied: 0 };
  for (const [i, migration] of migrations.entries()) {
    live.progress('database: applying migrations', i, migrations.length);
    const failure = await runStep(session, migration.up, live.signal);
    if (failure) {
      outcome.failure = { ...failure, migration: migration.name };
      break;
    }
    outcome.applied += 1;
  }
  live.progress('database: applying migrations', outcome.applied, migrations.length);
  if (!outcome.failure) session.state = 'migrated';
  session.applied ??= outcome;
  return outcome;
}

/** The database with every migration applied (done once, again only after a gate changed it). */
export async function migrated(session: DatabaseSession, live: LiveContext): Promise<ApplyOutcome> {
  if ((session.state === 'migrated' || session.state === 'seeded') && session.applied) return session.applied;
  return applyAll(session, live);
}

/** Migrated, then every table seeded with `rows` rows and analysed. */
export async function seeded(session: DatabaseSession, live: LiveContext, rows: number): Promise<{ applied: ApplyOutcome; seeded?: SeedOutcome }> {
  const applied = await migrated(session, live);
  if (applied.failure) return { applied };
  if (session.state !== 'seeded' || !session.seeded || session.seeded.rows !== rows) {
    if (session.state === 'seeded') await applyAll(session, live);
    live.progress(`database: seeding ${rows} rows per table`);
    session.seeded = await seedDatabase(session.db, rows, live.signal);
    session.state = 'seeded';
  }
  return { applied, seeded: session.seeded };
}

/** Rows per table for the query gates: the command line's, else the config's, else 10,000. */
export const seedRows = (context: CheckContext, live: LiveContext): number => live.options.seedRows ?? context.config.database?.seedRows ?? 10_000;

/** The verdict of a gate that needs the migrations applied when they are not. */
export const migrationsFailed = (applied: ApplyOutcome): RuleVerdict => ({
  status: 'skipped',
  reason: `the migrations do not apply (${applied.failure?.file}:${applied.failure?.line}, see db/migrations-apply)`,
});
