/**
 * node-sql-parser ASTs as catalog operations, one statement kind per function. Actions the models
 * do not record (OWNER TO, table options, CHECK constraints…) become no operation.
 */
import type { SqlDialect } from '../types.js';
import { type Node, columnDef, constraintDef, isNode, keyColumn, list, nameOf, renderDefault, tableOf, typeOf, word } from './ast-read.js';
import type { CatalogOp, ColumnDef, ConstraintDef } from './ops.js';

export function astOps(ast: unknown, dialect: SqlDialect): CatalogOp[] {
  if (!isNode(ast)) return [];
  const keyword = word(ast.keyword);
  if (ast.type === 'create' && keyword === 'table') return [createTable(ast, dialect)].filter((op) => op !== undefined);
  if (ast.type === 'create' && keyword === 'index') return [createIndex(ast, dialect)].filter((op) => op !== undefined);
  if (ast.type === 'create' && keyword === 'type') return createType(ast);
  if (ast.type === 'alter') return alterTable(ast, dialect);
  if (ast.type === 'drop') return drop(ast, keyword);
  if (ast.type === 'rename') {
    return list(ast.table).flatMap((pair) => {
      const [from, to] = list(pair).map(tableOf);
      return from && to ? [{ op: 'renameTable' as const, table: from, to }] : [];
    });
  }
  return [];
}

function createTable(ast: Node, dialect: SqlDialect): CatalogOp | undefined {
  const table = tableOf(list(ast.table)[0]);
  if (!table) return undefined;
  const columns: ColumnDef[] = [];
  const constraints: ConstraintDef[] = [];
  for (const item of list(ast.create_definitions)) {
    if (!isNode(item)) continue;
    if (item.resource === 'column') {
      const column = columnDef(item, dialect);
      if (column) columns.push(column);
    } else {
      const constraint = constraintDef(item, dialect);
      if (constraint) constraints.push(constraint);
    }
  }
  const op: CatalogOp = { op: 'createTable', table, ifNotExists: Boolean(ast.if_not_exists), columns, constraints };
  if (ast.query_expr) op.fromQuery = true;
  return op;
}

function createIndex(ast: Node, dialect: SqlDialect): CatalogOp | undefined {
  const table = tableOf(Array.isArray(ast.table) ? ast.table[0] : ast.table);
  if (!table) return undefined;
  return {
    op: 'createIndex',
    table,
    name: nameOf(ast.index),
    columns: list(ast.index_columns ?? ast.columns).map((c) => keyColumn(c, dialect)),
    unique: /unique/.test(word(ast.index_type)),
    ifNotExists: Boolean(ast.if_not_exists),
  };
}

function createType(ast: Node): CatalogOp[] {
  const name = nameOf(ast.name);
  if (!name || ast.resource !== 'enum' || !isNode(ast.create_definitions)) return [];
  const values = list(ast.create_definitions.value).map((v) => nameOf(v) ?? '');
  return [{ op: 'createEnum', name, values }];
}

function drop(ast: Node, keyword: string): CatalogOp[] {
  const ifExists = /if exists/.test(word(ast.prefix));
  const names = list(ast.name);
  if (keyword === 'table') return names.map(tableOf).filter((t) => t !== undefined).map((table) => ({ op: 'dropTable', table, ifExists }));
  if (keyword === 'type') return names.map(nameOf).filter((n) => n !== undefined).map((name) => ({ op: 'dropType', name, ifExists }));
  if (keyword === 'index') {
    const table = ast.table ? tableOf(ast.table) : undefined;
    return names.map(nameOf).filter((n) => n !== undefined).map((name) => ({ op: 'dropIndex', name, ifExists, ...(table ? { table } : {}) }));
  }
  return [];
}

function alterTable(ast: Node, dialect: SqlDialect): CatalogOp[] {
  const table = tableOf(list(ast.table)[0]);
  if (!table || (ast.keyword !== undefined && word(ast.keyword) !== 'table')) return [];
  return list(ast.expr).flatMap((expr): CatalogOp[] => (isNode(expr) ? alterAction(table, expr, dialect) : []));
}

function alterAction(table: string, expr: Node, dialect: SqlDialect): CatalogOp[] {
  const { action, resource } = expr;
  const column = nameOf(expr.column);
  if (action === 'add' && resource === 'column') {
    const def = columnDef(expr, dialect);
    return def ? [{ op: 'addColumn', table, column: def, ifNotExists: Boolean(expr.if_not_exists) }] : [];
  }
  if (action === 'add' && resource === 'constraint') {
    const constraint = constraintDef(expr.create_definitions, dialect);
    return constraint ? [{ op: 'addConstraint', table, constraint }] : [];
  }
  if (action === 'add' && resource === 'index') {
    const columns = list(expr.definition).map((c) => keyColumn(c, dialect));
    return [{ op: 'addConstraint', table, constraint: { kind: 'index', name: nameOf(expr.index), columns } }];
  }
  if (action === 'drop' && resource === 'column' && column) return [{ op: 'dropColumn', table, column, ifExists: Boolean(expr.if_exists) }];
  if (action === 'drop' && resource === 'constraint') {
    const name = nameOf(expr.constraint);
    return name ? [{ op: 'dropConstraint', table, name, ifExists: false }] : [];
  }
  if (action === 'drop' && resource === 'key') {
    if (/primary/.test(word(expr.keyword))) return [{ op: 'dropPrimaryKey', table }];
    const name = nameOf(expr.key);
    return name ? [{ op: 'dropConstraint', table, name, ifExists: false }] : [];
  }
  if (action === 'drop' && resource === 'index') {
    const name = nameOf(expr.index);
    return name ? [{ op: 'dropIndex', name, table, ifExists: false }] : [];
  }
  if (action === 'alter' && column) return [alterColumn(table, column, expr, dialect)];
  if ((action === 'modify' || action === 'change') && column) {
    const def = columnDef(expr, dialect);
    const from = action === 'change' ? (nameOf(expr.old_column) ?? column) : column;
    return def ? [{ op: 'replaceColumn', table, from, column: def }] : [];
  }
  if (action === 'rename' && resource === 'table') {
    const to = tableOf(expr.table);
    return to ? [{ op: 'renameTable', table, to }] : [];
  }
  if (action === 'rename' && resource === 'column') {
    const from = nameOf(expr.old_column);
    return from && column ? [{ op: 'renameColumn', table, from, to: column }] : [];
  }
  return []; // OWNER TO, SET TABLESPACE, table options…
}

function alterColumn(table: string, column: string, expr: Node, dialect: SqlDialect): CatalogOp {
  const op: Extract<CatalogOp, { op: 'alterColumn' }> = { op: 'alterColumn', table, column };
  if (isNode(expr.definition)) op.type = typeOf(expr.definition);
  if (isNode(expr.nullable)) op.notNull = word(expr.nullable.action) === 'set';
  if (isNode(expr.default_val)) {
    op.default = word(expr.default_val.type) === 'drop default' ? null : renderDefault(expr.default_val.value, dialect);
  }
  return op;
}
