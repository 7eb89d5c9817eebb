/**
 * What db/query-uses-index and db/query-time share: the migrated database seeded to the
 * configured row count, and the project's queries. Either the two, or the verdict to return.
 */
import type { LiveContext } from '../../live/types.js';
import type { CheckContext, Reporter, RuleVerdict } from '../../types.js';
import { Aborted } from './apply.js';
import { type FoundQuery, projectQueries } from './queries.js';
import { type QueryTarget, queryTarget } from './explain.js';
import { databaseSession, isSession, migrationsFailed, seeded, seedRows } from './session.js';

export interface QueryRun {
  target: QueryTarget;
  queries: FoundQuery[];
  rows: number;
}

export async function prepareQueries(context: CheckContext, live: LiveContext, reporter: Reporter): Promise<QueryRun | RuleVerdict> {
  const queries = projectQueries(context, (file, error) => reporter.internalError(file, error));
  const session = await databaseSession(context, live);
  if (!isSession(session)) return session;
  if (queries.length === 0) {
    return { status: 'not-applicable', reason: 'no queries found in the code (constant SQL passed to `.query(…)`, Prisma Client calls, knex query-builder chains) and none configured (database.queries)' };
  }
  const rows = seedRows(context, live);
  let prepared: Awaited<ReturnType<typeof seeded>>;
  try {
    prepared = await seeded(session, live, rows);
  } catch (error) {
    if (error instanceof Aborted) return { status: 'skipped', reason: 'interrupted' };
    throw error;
  }
  const { applied, seeded: outcome } = prepared;
  if (applied.failure || !outcome) return migrationsFailed(applied);
  for (const problem of outcome.problems) reporter.internalError(undefined, new Error(`could not seed table ${problem.table}: ${problem.message}`));
  return { target: await queryTarget(session.db, outcome.counts), queries, rows };
}

export const isQueryRun = (value: QueryRun | RuleVerdict): value is QueryRun => 'target' in value;

/** The query as it reads in a message: its first words. */
export const queryLabel = (query: FoundQuery, max = 90): string => {
  const flat = query.sql.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};
