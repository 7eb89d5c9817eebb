/**
 * knex calls on the database parameter as the SQL its pg dialect sends: `knex.raw(…)`, and the
 * schema builder chain `knex.schema.withSchema('s').createTable(…).dropTable(…)` link by link
 * (tables, schemas, extensions, renames, raw). knex builders are lazy: one that is neither
 * awaited, returned nor passed on never runs, and is reported rather than read.
 */
import type { Argument } from 'oxc-parser';
import { type Chain, describeChain } from './chains.js';
import type { ReadContext } from './context.js';
import { compileTable, type TableModel } from './knex-compile.js';
import { readRawArguments } from './knex-raw.js';
import { readTableCallback } from './knex-table.js';
import { quoteName } from './pg-text.js';
import { readStatic } from './static-values.js';

const TABLE_METHODS: Record<string, TableModel['method']> = {
  createTable: 'create',
  createTableIfNotExists: 'createIfNot',
  createTableLike: 'create',
  table: 'alter',
  alterTable: 'alter',
};

/** Schema-level statements with one name: `dropTable('t')` is `drop table "t"`. */
const NAMED: Record<string, (name: string, schema: string | undefined) => string> = {
  dropTable: (name, schema) => `drop table ${qualified(name, schema)}`,
  dropTableIfExists: (name, schema) => `drop table if exists ${qualified(name, schema)}`,
  createSchema: (name) => `create schema ${quoteName(name)}`,
  createSchemaIfNotExists: (name) => `create schema if not exists ${quoteName(name)}`,
  dropSchema: (name) => `drop schema ${quoteName(name)}`,
  dropSchemaIfExists: (name) => `drop schema if exists ${quoteName(name)}`,
  createExtension: (name) => `create extension ${quoteName(name)}`,
  createExtensionIfNotExists: (name) => `create extension if not exists ${quoteName(name)}`,
  dropExtension: (name) => `drop extension ${quoteName(name)}`,
  dropExtensionIfExists: (name) => `drop extension if exists ${quoteName(name)}`,
};

const qualified = (name: string, schema: string | undefined) => quoteName(schema ? `${schema}.${name}` : name);

/** A chain whose root is the knex instance; `run` says whether its builder is awaited or returned. */
export function readKnexCall(chain: Chain, ctx: ReadContext, run: boolean): void {
  const first = chain.links[0];
  const line = ctx.line(first?.at ?? chain.root);
  if (first?.name === 'transaction' && first.args?.[0] && chain.links.length === 1) {
    ctx.follow(first.args[0], ctx, { database: true });
    return;
  }
  // A transaction object's commit keeps what it ran, read where it was made; a rollback undoes it.
  if (first?.name === 'commit' && chain.links.length === 1) return;
  if (first?.name === 'rollback' && chain.links.length === 1) return ctx.problem(line, `\`${describeChain(chain)}\` undoes what the transaction ran: not read statically`);
  const lazy = first?.name === 'raw' || (first?.name === 'schema' && chain.links.length > 1);
  if (lazy && !run) {
    ctx.problem(line, `\`${describeChain(chain)}\` is neither awaited nor returned, so knex never runs it`);
    return;
  }
  if (first?.name === 'raw' && first.args && chain.links.length === 1) return emitRaw(first.args, ctx, line, describeChain(chain));
  if (first?.name === 'schema' && !first.args) return readSchemaChain(chain, ctx);
  ctx.problem(line, `\`${describeChain(chain)}\` is not read statically`);
}

function emitRaw(args: readonly Argument[], ctx: ReadContext, line: number, name: string): void {
  const raw = readRawArguments(args, ctx);
  if ('sql' in raw) ctx.emit(raw.sql, line);
  else ctx.problem(line, `\`${name}\` is not read statically: ${raw.error}`);
}

function readSchemaChain(chain: Chain, ctx: ReadContext): void {
  let schema: string | undefined;
  chain.links.slice(1).forEach((link, index) => {
    const line = ctx.line(link.at);
    const name = describeChain(chain, index + 1);
    const fail = (why: string) => ctx.problem(line, `\`${name}\` is not read statically${why ? `: ${why}` : ''}`);
    const args = link.args;
    if (!args) return fail('');
    const text = (i: number) => {
      const value = readStatic(args[i], ctx.scope)?.value;
      return typeof value === 'string' ? value : undefined;
    };
    if (link.name === 'withSchema') {
      schema = text(0);
      return schema === undefined ? fail('its schema is not a string literal') : undefined;
    }
    if (link.name === 'raw') return emitRaw(args, ctx, line, name);
    // Questions change nothing; what is done with the answer (an `if`, a `.then`) is reported where it is used.
    if (link.name === 'hasTable' || link.name === 'hasColumn') return;
    const method = TABLE_METHODS[link.name];
    if (method) {
      const table = text(0);
      const like = link.name === 'createTableLike' ? text(1) : undefined;
      if (table === undefined || (link.name === 'createTableLike' && like === undefined)) return fail('its table name is not a string literal');
      const model: TableModel = { method, table, columns: [], actions: [], line, ...(schema ? { schema } : {}), ...(like ? { like } : {}) };
      readTableCallback(args[link.name === 'createTableLike' ? 2 : 1], model, ctx);
      for (const statement of compileTable(model)) ctx.emit(statement.sql, statement.line);
      return;
    }
    if (link.name === 'renameTable') {
      const from = text(0);
      const to = text(1);
      if (from === undefined || to === undefined) return fail('its names are not string literals');
      return ctx.emit(`alter table ${qualified(from, schema)} rename to ${quoteName(to)}`, line);
    }
    const named = NAMED[link.name];
    if (!named) return fail('');
    const target = text(0);
    if (target === undefined) return fail('its name is not a string literal');
    const cascade = link.name.startsWith('dropSchema') && readStatic(args[1], ctx.scope)?.value === true ? ' cascade' : '';
    ctx.emit(named(target, schema) + cascade, line);
  });
}
