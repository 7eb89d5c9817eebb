/**
 * Runs SQL scripts statement by statement, so that the statement PostgreSQL rejects is known by
 * its file and line, with PostgreSQL's own message (and the line of the error's position inside
 * the statement, when it gives one).
 */
import { LineIndex } from '../../../scan/position.js';
import { asPostgresError, type Database } from './connection.js';
import { scriptStatements, type SqlScript } from './migrations.js';

export interface StatementFailure {
  file: string;
  /** Where the failing statement starts. */
  line: number;
  /** Where PostgreSQL says the error is, when it gives a position. */
  errorLine?: number;
  statement: string;
  /** PostgreSQL's message, with its detail and hint. */
  message: string;
}

export class Aborted extends Error {
  constructor() {
    super('stopped (interrupted)');
  }
}

/** Runs every statement of `script`; the first one that fails ends it. */
export async function runScript(db: Database, script: SqlScript, signal?: AbortSignal): Promise<StatementFailure | undefined> {
  const lines = script.statements ? undefined : new LineIndex(script.text);
  for (const statement of scriptStatements(script)) {
    if (signal?.aborted) throw new Aborted();
    try {
      await db.exec(statement.sql);
    } catch (error) {
      const problem = asPostgresError(error);
      const failure: StatementFailure = { file: script.file, line: statement.line, statement: statement.sql, message: describeError(problem) };
      const position = Number(problem.position);
      if (lines && statement.offset !== undefined && Number.isInteger(position) && position > 0) failure.errorLine = lines.line(statement.offset + position - 1);
      return failure;
    }
  }
  return undefined;
}

export function describeError(error: { message: string; detail?: string; hint?: string }): string {
  return [error.message, error.detail && `(${error.detail})`, error.hint && `hint: ${error.hint}`].filter(Boolean).join(' ');
}

/** The statement's first line, shortened, for messages. */
export function statementHead(statement: string, max = 80): string {
  const flat = statement.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
