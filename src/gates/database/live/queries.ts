/**
 * The SQL queries the project runs, for EXPLAIN: string and template literals (without
 * interpolation) passed to `.query(…)`, `.execute(…)` and the like (node-postgres, pg-promise,
 * postgres drivers' query objects `{ text }`), also through a `const` of the same module; the SQL
 * that Prisma Client calls and knex query-builder chains run (prisma-queries.ts, knex-queries.ts);
 * and the queries listed in config `database.queries`. Only constant SQL with `$n` parameters is taken:
 * text built from values cannot be explained as written (and is sec/sql-injection's business).
 */
import type { Node } from 'oxc-parser';
import { methodCall, objectProperty, stringLiteral, unwrap, walk } from '../../../scan/code/ast.js';
import { isTestFile } from '../../../scan/code/index.js';
import type { ParsedModule } from '../../../scan/parse.js';
import { CONFIG_FILE_NAMES } from '../../../config/schema.js';
import type { CheckContext } from '../../types.js';
import { isJsMigrationPath } from '../support/js-migrations.js';
import { knexQueriesInModule } from './knex-queries.js';
import { prismaModels } from './prisma-models.js';
import { prismaQueriesInModule } from './prisma-queries.js';

export interface FoundQuery {
  sql: string;
  file: string;
  line: number;
  column: number;
  source: 'code' | 'config';
}

const SQL_METHODS = new Set(['query', 'execute', 'one', 'oneOrNone', 'many', 'manyOrNone', 'any', 'none', 'result', 'queryOne', 'queryRows', 'maybeOne', 'unsafe']);
const CALL_PREFILTER = /\.(?:query|execute|one|oneOrNone|many|manyOrNone|any|none|result|queryOne|queryRows|maybeOne|unsafe)\s*[<(]/;
const LOOKS_LIKE_SQL = /^\s*(?:\(\s*)?(?:SELECT|WITH|UPDATE|DELETE|INSERT)\b/i;
/** Quoted text blanked, so that `?` or `$1` inside a string literal do not count. */
const unquoted = (sql: string) => sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"/g, "''");

/** Constant SQL a driver runs as written: PostgreSQL `$n` placeholders, not `?` (MySQL, SQLite) or named ones. */
export function isExplainable(sql: string): boolean {
  if (!LOOKS_LIKE_SQL.test(sql)) return false;
  const bare = unquoted(sql);
  return !/\?/.test(bare.replace(/\?\||\?&/g, '')) && !/(?<![:\w]):[A-Za-z_]\w*/.test(bare.replace(/::\w+/g, ''));
}

/** `const NAME = '…'` of a module, by name (a name declared twice is left out: which one runs is not clear). */
function constantStrings(module: ParsedModule): Map<string, Node> {
  const found = new Map<string, Node>();
  const twice = new Set<string>();
  walk(module.program, (node) => {
    if (node.type !== 'VariableDeclaration' || node.kind !== 'const') return;
    for (const declarator of node.declarations) {
      if (declarator.id.type !== 'Identifier' || !declarator.init) continue;
      const name = declarator.id.name;
      if (found.has(name)) twice.add(name);
      found.set(name, declarator.init);
    }
  });
  for (const name of twice) found.delete(name);
  return found;
}

/** The SQL text node of a call's first argument: a literal, a `{ text }` object, or a constant holding one. */
function sqlArgument(argument: Node, constants: () => Map<string, Node>): Node | undefined {
  let node = unwrap(argument);
  if (node.type === 'Identifier') node = constants().get(node.name) ?? node;
  node = unwrap(node);
  if (node.type === 'ObjectExpression') {
    const text = objectProperty(node, 'text') ?? objectProperty(node, 'sql');
    return text ? unwrap(text) : undefined;
  }
  return node;
}

export function queriesInModule(module: ParsedModule): FoundQuery[] {
  if (!CALL_PREFILTER.test(module.file.text)) return [];
  let constants: Map<string, Node> | undefined;
  const found: FoundQuery[] = [];
  const seen = new Set<number>();
  walk(module.program, (node) => {
    const call = methodCall(node);
    if (!call || !SQL_METHODS.has(call.name)) return;
    const [first] = call.call.arguments;
    if (!first || first.type === 'SpreadElement') return;
    const text = sqlArgument(first, () => (constants ??= constantStrings(module)));
    const sql = text ? stringLiteral(text) : undefined;
    if (!text || sql === undefined || !isExplainable(sql) || seen.has(text.start)) return;
    seen.add(text.start);
    const { line, column } = module.lines.position(text.start);
    found.push({ sql: sql.trim(), file: module.file.path, line, column, source: 'code' });
  });
  return found;
}

/** Where the config file mentions a configured query (its first words), else its first line. */
function configSite(context: CheckContext, sql: string): { file: string; line: number } {
  const config = context.files.find((f) => (CONFIG_FILE_NAMES as readonly string[]).includes(f.path));
  if (!config) return { file: CONFIG_FILE_NAMES[0], line: 1 };
  const head = sql.trim().split(/\s+/).slice(0, 4).join(' ');
  const at = config.text.indexOf(head);
  return { file: config.path, line: at < 0 ? 1 : config.text.slice(0, at).split('\n').length };
}

/**
 * Tables the code creates itself rather than the migrations (a migration runner's bookkeeping
 * table, a cache table made at start-up), lower case: a query on them cannot be explained on the
 * migrated schema, and that says nothing about the query.
 */
export function codeCreatedTables(context: CheckContext): Set<string> {
  return context.memo('database/live/code-tables', () => {
    const names = new Set(['schema_migrations', 'knex_migrations', 'knex_migrations_lock', '_prisma_migrations', 'migrations', 'typeorm_migrations', 'sequelizemeta', 'kysely_migration', 'kysely_migration_lock', 'pgmigrations', 'mikro_orm_migrations']);
    for (const module of context.modules) {
      if (isTestFile(module.file.path) || !/CREATE\s+TABLE/i.test(module.file.text)) continue;
      for (const match of module.file.text.matchAll(/CREATE\s+(?:UNLOGGED\s+|TEMP(?:ORARY)?\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?((?:"?\w+"?\.)?"?\w+"?)/gi)) {
        names.add((match[1] as string).replace(/"/g, '').split('.').pop()?.toLowerCase() ?? '');
      }
    }
    return names;
  });
}

/** A PostgreSQL error about a table the code creates itself. */
export function aboutCodeTable(context: CheckContext, error: string): boolean {
  const relation = /relation "(?:[^"]+\.)?([^"]+)" does not exist/.exec(error)?.[1];
  return relation !== undefined && codeCreatedTables(context).has(relation.toLowerCase());
}

export function projectQueries(context: CheckContext, reportError: (file: string, error: unknown) => void): FoundQuery[] {
  return context.memo('database/live/queries', () => {
    const found: FoundQuery[] = [];
    const models = prismaModels(context);
    for (const module of context.modules) {
      const path = module.file.path;
      if (isTestFile(path) || isJsMigrationPath(path)) continue;
      try {
        found.push(...queriesInModule(module), ...prismaQueriesInModule(module, models), ...knexQueriesInModule(module));
      } catch (error) {
        reportError(path, error);
      }
    }
    for (const sql of context.config.database?.queries ?? []) {
      found.push({ sql: sql.trim(), ...configSite(context, sql), column: 1, source: 'config' });
    }
    return found;
  });
}
