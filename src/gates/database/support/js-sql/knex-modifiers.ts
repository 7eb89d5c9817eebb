/**
 * What follows a knex column or foreign key in its chain: `.notNullable().defaultTo(0).unique()`,
 * `.references('users.id').onDelete('CASCADE')`. Column modifiers change the column; `primary`,
 * `unique`, `index` and `references` add table actions in the order they are called, as knex does.
 */
import type { Argument } from 'oxc-parser';
import { type Chain, describeChain } from './chains.js';
import type { ReadContext } from './context.js';
import { type ColumnType, defaultSql } from './knex-columns.js';
import type { Foreign, KnexColumn, TableModel } from './knex-compile.js';
import { readKnexSqlValue } from './knex-raw.js';
import { isRecord, readStatic, type Static } from './static-values.js';

/** Modifiers knex's pg dialect does not write (MySQL column placement, unsigned, collation, query context). */
const IGNORED = new Set(['unsigned', 'first', 'after', 'collate', 'queryContext']);
const FOREIGN_SETTINGS = new Set(['inTable', 'on', 'onDelete', 'onUpdate', 'withKeyName', 'deferrable']);

export function readColumnModifiers(chain: Chain, column: KnexColumn | undefined, defaults: ColumnType['defaults'], model: TableModel, ctx: ReadContext, startForeign?: Foreign): void {
  let foreign = startForeign;
  chain.links.slice(1).forEach((link, index) => {
    const line = ctx.line(link.at);
    const fail = (why: string) => ctx.problem(line, `\`${describeChain(chain, index + 1)}\` is not read statically: ${why}`);
    const args = link.args;
    if (!args) return fail('it is not a call');
    const value = (i: number): Static | undefined => readStatic(args[i], ctx.scope)?.value;
    const known = (i: number) => args[i] === undefined || readStatic(args[i], ctx.scope) !== undefined;
    if (!args.every((_, i) => known(i)) && link.name !== 'defaultTo' && link.name !== 'default' && link.name !== 'defaultsTo') return fail('its arguments are not literals');
    if (FOREIGN_SETTINGS.has(link.name)) {
      if (!foreign) return fail('it follows no `references` / `foreign`');
      const setting = value(0);
      if (typeof setting !== 'string') return fail('its argument is not a string literal');
      if (link.name === 'inTable' || link.name === 'on') foreign.inTable = setting;
      else if (link.name === 'withKeyName') foreign.keyName = setting;
      else foreign[link.name as 'onDelete' | 'onUpdate' | 'deferrable'] = setting;
      return;
    }
    if (link.name === 'references') {
      const target = value(0);
      const references = typeof target === 'string' ? target.split('.') : Array.isArray(target) && target.every((t) => typeof t === 'string') ? (target as string[]) : undefined;
      if (!references?.length) return fail('its column is not a literal');
      if (!foreign) {
        if (!column) return fail('it follows no column');
        foreign = { kind: 'foreign', columns: [column.name], line };
        model.actions.push(foreign);
      }
      if (typeof target === 'string' && references.length > 1) {
        foreign.references = [references.pop() as string];
        foreign.inTable = references.join('.');
      } else foreign.references = references;
      return;
    }
    if (!column) return fail('it does not apply to a foreign key');
    const problem = columnModifier(link.name, args, value, column, defaults, model, ctx, line);
    if (problem) fail(problem);
  });
}

/** One column modifier; a reason when it cannot be read. */
function columnModifier(name: string, args: Argument[], value: (i: number) => Static | undefined, column: KnexColumn, defaults: ColumnType['defaults'], model: TableModel, ctx: ReadContext, line: number): string | undefined {
  if (IGNORED.has(name)) return undefined;
  switch (name) {
    case 'notNullable':
    case 'notNull':
      column.nullable = false;
      return undefined;
    case 'nullable':
      column.nullable = true;
      return undefined;
    case 'defaultTo':
    case 'default':
    case 'defaultsTo': {
      const raw = readKnexSqlValue(args[0], ctx);
      if (raw && 'error' in raw) return `its raw SQL cannot be read: ${raw.error}`;
      const known = raw ? undefined : readStatic(args[0], ctx.scope);
      const sql = raw ? raw.sql : known ? defaultSql(known.value, defaults) : undefined;
      if (sql === undefined) return 'its value is not a literal, `knex.fn.now()` or `knex.raw(…)`';
      column.defaultTo = sql;
      return undefined;
    }
    case 'comment': {
      const text = value(0);
      if (typeof text !== 'string') return 'its text is not a string literal';
      column.comment = text;
      return undefined;
    }
    case 'alter':
      if (args.length > 0) return 'its options are not read';
      column.alter = true;
      return undefined;
    case 'primary':
    case 'unique': {
      const given = value(0);
      const settings = isRecord(given) ? given : { [name === 'primary' ? 'constraintName' : 'indexName']: given };
      const indexName = settings[name === 'primary' ? 'constraintName' : 'indexName'];
      if (settings.predicate !== undefined) return 'a `predicate` is a query builder';
      const useConstraint = name === 'unique' && settings.useConstraint !== undefined && !settings.useConstraint ? { useConstraint: false } : {};
      model.actions.push({
        kind: name, columns: [column.name], line, ...useConstraint,
        ...(typeof indexName === 'string' ? { name: indexName } : {}),
        ...(typeof settings.deferrable === 'string' ? { deferrable: settings.deferrable } : {}),
      });
      return undefined;
    }
    case 'index': {
      const indexName = value(0);
      const type = value(1);
      const settings = isRecord(type) ? type : { storageEngineIndexType: type };
      if (settings.predicate !== undefined) return 'a `predicate` is a query builder';
      const using = settings.storageEngineIndexType;
      model.actions.push({
        kind: 'index', columns: [column.name], line,
        ...(typeof indexName === 'string' ? { name: indexName } : {}),
        ...(typeof using === 'string' ? { using } : {}),
        ...(typeof settings.indexType === 'string' && settings.indexType.toLowerCase() === 'unique' ? { unique: true } : {}),
      });
      return undefined;
    }
    default:
      return 'it is not a column modifier this reader knows';
  }
}
