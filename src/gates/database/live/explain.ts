/**
 * EXPLAIN and EXPLAIN ANALYZE of the project's queries on the seeded database, the plan in a
 * compact one-line form for messages, and the sequential scans that an index would avoid.
 */
import { asPostgresError, type Database } from './connection.js';
import { describeError } from './apply.js';
import type { FoundQuery } from './queries.js';
import { parameterValues, type SchemaColumns, schemaColumns } from './parameters.js';

export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Alias?: string;
  'Index Name'?: string;
  Filter?: string;
  'Index Cond'?: string;
  'Hash Cond'?: string;
  'Merge Cond'?: string;
  'Join Filter'?: string;
  'Plan Rows'?: number;
  Plans?: PlanNode[];
}

interface ExplainOutput {
  Plan: PlanNode;
  'Execution Time'?: number;
  'Planning Time'?: number;
}

export interface Explained {
  query: FoundQuery;
  plan?: ExplainOutput;
  /** Why it could not be explained. */
  error?: string;
}

/** What the query gates need of the seeded database, read once per run. */
export interface QueryTarget {
  db: Database;
  columns: SchemaColumns;
  /** Rows per table (`schema.table`), as seeded. */
  counts: ReadonlyMap<string, number>;
}

export async function queryTarget(db: Database, counts: ReadonlyMap<string, number>): Promise<QueryTarget> {
  return { db, columns: await schemaColumns(db), counts };
}

function planOf(rows: Record<string, unknown>[]): ExplainOutput {
  const raw = rows[0]?.['QUERY PLAN'];
  const parsed = (typeof raw === 'string' ? JSON.parse(raw) : raw) as ExplainOutput[] | undefined;
  const output = parsed?.[0];
  if (!output?.Plan) throw new Error('EXPLAIN gave no plan');
  return output;
}

/** EXPLAIN (FORMAT JSON): the plan, nothing run. */
export async function explain(target: QueryTarget, query: FoundQuery): Promise<Explained> {
  try {
    const params = await parameterValues(target.db, query.sql, target.columns, target.counts);
    return { query, plan: planOf(await target.db.query(`EXPLAIN (FORMAT JSON) ${query.sql}`, params)) };
  } catch (error) {
    return { query, error: describeError(asPostgresError(error)) };
  }
}

/**
 * EXPLAIN (ANALYZE, FORMAT JSON), run twice (the first run warms the caches) inside a transaction
 * that is rolled back, so a query that writes leaves the seeded data as it was.
 */
export async function explainAnalyze(target: QueryTarget, query: FoundQuery, timeoutMs: number): Promise<Explained> {
  const { db } = target;
  try {
    const params = await parameterValues(db, query.sql, target.columns, target.counts);
    let best: ExplainOutput | undefined;
    for (let run = 0; run < 2; run++) {
      await db.exec('BEGIN');
      try {
        await db.exec(`SET LOCAL statement_timeout = ${Math.max(1, Math.round(timeoutMs))}`);
        const output = planOf(await db.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${query.sql}`, params));
        if (!best || (output['Execution Time'] ?? 0) < (best['Execution Time'] ?? 0)) best = output;
      } finally {
        await db.exec('ROLLBACK');
      }
    }
    return { query, ...(best ? { plan: best } : {}) };
  } catch (error) {
    return { query, error: describeError(asPostgresError(error)) };
  }
}

function* nodes(node: PlanNode): Generator<PlanNode> {
  yield node;
  for (const child of node.Plans ?? []) yield* nodes(child);
}

/** The plan on one line: `Limit → Seq Scan on order_items (filter: (product_id = …), rows≈1)`. */
export function compactPlan(node: PlanNode, max = 500): string {
  const render = (n: PlanNode): string => {
    const relation = n['Relation Name'] ? ` on ${n['Relation Name']}${n.Alias && n.Alias !== n['Relation Name'] ? ` ${n.Alias}` : ''}` : '';
    const index = n['Index Name'] ? ` using ${n['Index Name']}` : '';
    const details = [
      n['Index Cond'] && `cond: ${n['Index Cond']}`,
      n['Hash Cond'] && `hash: ${n['Hash Cond']}`,
      n['Merge Cond'] && `merge: ${n['Merge Cond']}`,
      n.Filter && `filter: ${n.Filter}`,
      n['Join Filter'] && `join filter: ${n['Join Filter']}`,
      n['Plan Rows'] !== undefined && `rows≈${n['Plan Rows']}`,
    ].filter(Boolean);
    const head = `${n['Node Type']}${index}${relation}${details.length ? ` (${details.join(', ')})` : ''}`;
    const children = n.Plans ?? [];
    if (children.length === 0) return head;
    return `${head} → ${children.length === 1 ? render(children[0] as PlanNode) : `[${children.map(render).join('; ')}]`}`;
  };
  const text = render(node);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export interface SeqScan {
  table: string;
  rows: number;
  filter: string;
  /** Columns of the table the filter compares with a value: what an index would be on. */
  columns: string[];
}

/** Rows the planner expects a filter to keep, at most, for an index to pay clearly (a twentieth of the table). */
const SELECTIVE = 0.05;
export const LARGE_TABLE_ROWS = 1000;

/**
 * Sequential scans of a large table whose filter keeps few of its rows: an index on the filtered
 * columns would read those rows only. A scan that keeps most rows (`WHERE is_active`) is left
 * alone: no index helps it.
 */
export function seqScans(plan: PlanNode, target: QueryTarget): SeqScan[] {
  const found: SeqScan[] = [];
  for (const node of nodes(plan)) {
    const relation = node['Relation Name'];
    if (node['Node Type'] !== 'Seq Scan' || !relation || !node.Filter) continue;
    const entry = target.columns.get(relation.toLowerCase()) ?? target.columns.get(relation);
    const rows = entry ? (target.counts.get(entry.sql.replace(/"/g, '')) ?? 0) : 0;
    if (!entry || rows <= LARGE_TABLE_ROWS) continue;
    if ((node['Plan Rows'] ?? rows) > Math.max(1, rows * SELECTIVE)) continue;
    const filter = node.Filter;
    const mentioned = [...entry.columns].filter((c) => new RegExp(`(?:^|[^\\w"])"?${escape(c)}"?(?![\\w"])`).test(filter));
    if (mentioned.length === 0) continue;
    const compared = mentioned.filter((c) => new RegExp(`"?${escape(c)}"?\\)?(?:::[\\w ]+)?\\s*(?:=|<|>|<=|>=|~~)`).test(filter));
    found.push({ table: relation, rows, filter, columns: compared.length ? compared : mentioned });
  }
  return found;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
