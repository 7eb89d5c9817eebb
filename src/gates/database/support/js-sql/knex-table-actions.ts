/**
 * knex's table-level builder calls (`t.primary([...])`, `t.unique(...)`, `t.index(...)`,
 * `t.foreign(...)`, `t.timestamps(...)`, `t.dropColumn(...)`, `t.renameColumn(...)`, the drops of
 * indexes and constraints, `t.comment(...)`) recorded on the table model with their arguments.
 */
import type { Foreign, TableAction, TableModel } from './knex-compile.js';
import { isRecord, type Static } from './static-values.js';

/** `'a'` or `['a', 'b']` as a list of column names. */
const columnList = (value: Static): string[] | undefined =>
  typeof value === 'string' ? [value] : Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : value === null || value === undefined ? [] : undefined;

export type ActionResult = { foreign?: Foreign } | { error: string } | Record<string, never>;

/** Table-level calls: records what they do on the model; undefined for a method it does not know. */
export function tableAction(method: string, values: Static[], model: TableModel, line: number): ActionResult | undefined {
  const [first, second, third] = values;
  const columns = columnList(first);
  const push = (action: TableAction): Record<string, never> => (model.actions.push(action), {});
  const options = (value: Static, nameKey: string) => (isRecord(value) ? value : { [nameKey]: value });
  switch (method) {
    case 'timestamps': {
      const settings = isRecord(first) ? first : { useTimestamps: first, defaultToNow: second, useCamelCase: third };
      for (const name of settings.useCamelCase ? ['createdAt', 'updatedAt'] : ['created_at', 'updated_at']) {
        const now = settings.defaultToNow === true;
        model.columns.push({ name, type: 'timestamptz', increments: false, primaryKey: false, alter: false, before: [], line, ...(now ? { nullable: false, defaultTo: 'CURRENT_TIMESTAMP' } : {}) });
      }
      return {};
    }
    case 'primary':
    case 'unique': {
      const settings = options(second, method === 'primary' ? 'constraintName' : 'indexName');
      const name = settings[method === 'primary' ? 'constraintName' : 'indexName'];
      if (!columns?.length || (name !== undefined && name !== null && typeof name !== 'string')) return { error: 'its columns or name are not literals' };
      if (settings.predicate !== undefined) return { error: 'a `predicate` is a query builder' };
      const deferrable = typeof settings.deferrable === 'string' ? settings.deferrable : undefined;
      const useConstraint = method === 'unique' ? (settings.useConstraint === undefined ? true : Boolean(settings.useConstraint)) : undefined;
      return push({ kind: method, columns, line, ...(typeof name === 'string' ? { name } : {}), ...(deferrable ? { deferrable } : {}), ...(useConstraint === false ? { useConstraint } : {}) });
    }
    case 'index': {
      const settings = isRecord(third) ? third : { storageEngineIndexType: third };
      if (!columns?.length || (second !== undefined && second !== null && typeof second !== 'string')) return { error: 'its columns or name are not literals' };
      if (settings.predicate !== undefined) return { error: 'a `predicate` is a query builder' };
      const using = typeof settings.storageEngineIndexType === 'string' ? settings.storageEngineIndexType : undefined;
      const unique = typeof settings.indexType === 'string' && settings.indexType.toLowerCase() === 'unique';
      return push({ kind: 'index', columns, line, ...(typeof second === 'string' ? { name: second } : {}), ...(using ? { using } : {}), ...(unique ? { unique } : {}) });
    }
    case 'foreign': {
      if (!columns?.length) return { error: 'its columns are not literals' };
      const foreign = { kind: 'foreign' as const, columns, line, ...(typeof second === 'string' ? { keyName: second } : {}) };
      model.actions.push(foreign);
      return { foreign };
    }
    case 'dropColumn':
    case 'dropColumns': {
      const list = Array.isArray(first) ? columnList(first) : columnList(values as Static);
      return list?.length ? push({ kind: 'dropColumns', columns: list, line }) : { error: 'its columns are not literals' };
    }
    case 'dropTimestamps':
      return push({ kind: 'dropColumns', columns: first ? ['createdAt', 'updatedAt'] : ['created_at', 'updated_at'], line });
    case 'renameColumn':
      return typeof first === 'string' && typeof second === 'string' ? push({ kind: 'renameColumn', from: first, to: second, line }) : { error: 'its names are not literals' };
    case 'setNullable':
    case 'dropNullable':
      return typeof first === 'string' ? push({ kind: 'nullable', column: first, nullable: method === 'setNullable', line }) : { error: 'its column is not a literal' };
    case 'comment':
      return typeof first === 'string' ? ((model.comment = { text: first, line }), {}) : { error: 'its text is not a literal' };
    case 'inherits':
      return typeof first === 'string' ? ((model.inherits = first), {}) : { error: 'its table is not a literal' };
    default:
      return dropAction(method, values, columns, push, line);
  }
}

/** `dropIndex(columns, name?)`, `dropUnique`, `dropForeign`, `dropPrimary(name?)` and their `IfExists` forms. */
function dropAction(method: string, values: Static[], columns: string[] | undefined, push: (a: TableAction) => Record<string, never>, line: number): ActionResult | undefined {
  const match = /^drop(Index|Unique|Foreign|Primary)(IfExists)?$/.exec(method);
  if (!match) return undefined;
  const what = match[1]!.toLowerCase() as 'index' | 'unique' | 'foreign' | 'primary';
  const name = what === 'primary' ? values[0] : values[1];
  if (name !== undefined && name !== null && typeof name !== 'string') return { error: 'its name is not a literal' };
  if (what !== 'primary' && !columns?.length && typeof name !== 'string') return { error: 'its columns are not literals' };
  return push({ kind: 'drop', what, columns: what === 'primary' ? [] : (columns ?? []), ifExists: Boolean(match[2]), line, ...(typeof name === 'string' ? { name } : {}) });
}
