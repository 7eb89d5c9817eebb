/**
 * Which statements can change the tables we model. Only those are parsed: INSERTs, functions,
 * grants and the like are valid SQL that cannot add a column or an index, so parsing them would
 * only cost time and report problems that do not matter. A statement whose first words are not SQL
 * we know is reported, since a typo there may hide a table.
 */

export type StatementClass = 'schema' | 'other' | 'unknown';

const SCHEMA = [
  /^CREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:GLOBAL|LOCAL)\s+)?(?:TEMP\s+|TEMPORARY\s+|UNLOGGED\s+)?TABLE\b/,
  /^CREATE\s+(?:UNIQUE\s+|FULLTEXT\s+|SPATIAL\s+)?INDEX\b/,
  /^CREATE\s+TYPE\b/,
  /^(?:ALTER|DROP)\s+(?:TABLE|INDEX|TYPE)\b/,
  /^RENAME\s+TABLE\b/,
];

/** Statements that never change a table's columns, keys or indexes. */
const OTHER_FIRST_WORDS = new Set(
  `SELECT INSERT UPDATE DELETE MERGE UPSERT REPLACE WITH VALUES TABLE BEGIN START COMMIT END ROLLBACK ABORT
  SAVEPOINT RELEASE SET RESET SHOW PRAGMA GRANT REVOKE COMMENT DO CALL EXEC EXECUTE ANALYZE ANALYSE VACUUM
  LOCK UNLOCK TRUNCATE COPY USE DECLARE REFRESH REINDEX CLUSTER DISCARD LISTEN NOTIFY UNLISTEN PREPARE
  DEALLOCATE EXPLAIN LOAD IMPORT ATTACH DETACH DELIMITER SECURITY CHECKPOINT FLUSH OPTIMIZE REPAIR HANDLER`
    .split(/\s+/)
    .filter(Boolean),
);

/** Objects other than tables, indexes and types that CREATE / ALTER / DROP may name. */
const OTHER_OBJECTS =
  /^(?:CREATE|ALTER|DROP)\s+(?:OR\s+REPLACE\s+)?(?:(?:DEFINER\s*=\s*\S+|SQL\s+SECURITY\s+\w+|ALGORITHM\s*=\s*\w+|TEMP|TEMPORARY|RECURSIVE|CONSTRAINT|TRUSTED|PROCEDURAL|DEFAULT|UNIQUE)\s+)*(?:FUNCTION|PROCEDURE|TRIGGER|VIEW|MATERIALIZED|EXTENSION|SEQUENCE|SCHEMA|DATABASE|ROLE|USER|GROUP|POLICY|DOMAIN|RULE|PUBLICATION|SUBSCRIPTION|SERVER|AGGREGATE|OPERATOR|COLLATION|CAST|CONVERSION|EVENT|STATISTICS|TEXT|FOREIGN|TABLESPACE|LANGUAGE|ACCESS|TRANSFORM|VIRTUAL|OWNED|PRIVILEGES|LOGFILE|RESOURCE|SPATIAL\s+REFERENCE|ROUTINE|DEFAULT\s+PRIVILEGES)\b/;

/** The statement's leading words, upper-cased, comments dropped. */
export function head(statement: string): string {
  return statement
    .slice(0, 300)
    .replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' ')
    .trim()
    .toUpperCase();
}

export function classifyStatement(statement: string): StatementClass {
  const words = head(statement);
  if (SCHEMA.some((pattern) => pattern.test(words))) return 'schema';
  if (OTHER_OBJECTS.test(words)) return 'other';
  const first = /^[A-Z_]+/.exec(words)?.[0] ?? '';
  return OTHER_FIRST_WORDS.has(first) ? 'other' : 'unknown';
}
