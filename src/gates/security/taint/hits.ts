/**
 * What reaches a sink. Request data is reported (once it passes the sink's own test: SQL evidence
 * for generic names, an object-shaped value for Mongo filters, nothing cleared for this kind of
 * sink); a parameter of the function being read becomes part of its summary, to be judged at
 * each call with the caller's data.
 */
import type { Node } from 'oxc-parser';
import { propertyName, unwrap } from '../../../scan/code/ast.js';
import type { Evaluator } from './evaluator.js';
import { looksLikeSql, type SinkCheck } from './sinks.js';
import { CLEARED, type Origin, type Place, type SinkCategory, type SinkFlow, type SinkUse, type TaintRule, type Value } from './types.js';
import { CLEAN, flatten, member, toFlow } from './values.js';

const CLEARED_BY: Partial<Record<SinkCategory, number>> = { sql: CLEARED.sql, nosql: CLEARED.nosql, path: CLEARED.path, command: CLEARED.shell };
const LOGICAL = new Set(['$and', '$or', '$nor']);
const CODE_OPERATORS = new Set(['$where', '$function', '$accumulator']);
const MAX_PARAM_SINKS = 64;

const ruleOf = (category: SinkCategory): TaintRule => (category === 'sql' ? 'sec/sql-injection' : category === 'nosql' ? 'sec/nosql-injection' : 'sec/dangerous-call');

export class HitRecorder {
  readonly paramSinks: SinkFlow[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly ev: Evaluator) {}

  /** The checked arguments of one sink call. */
  check(check: SinkCheck, args: readonly Value[], argNodes: readonly Node[]): void {
    for (const spec of check.args) {
      const node = argNodes[spec.index];
      const value = args[spec.index];
      if (!node || !value) continue;
      const argAt = this.ev.place(node);
      if (spec.mode === 'filter') {
        this.filter(check.use, node, value);
        continue;
      }
      const checked = spec.field ? member(value, spec.field, argAt) : value;
      for (const origin of flatten(checked)) this.record(check.use, origin, argAt);
    }
  }

  /** A Mongo filter: a whole object from the request, or request values as field values (operator injection). */
  private filter(use: SinkUse, node: Node, value: Value): void {
    const inner = unwrap(node);
    if (inner.type === 'ObjectExpression') {
      if (!isOrmOptions(inner.properties.map((p) => (p.type === 'Property' ? propertyName(p.key, p.computed) : undefined)))) this.filterObject(use, inner, 0);
      return;
    }
    if (isOrmOptions([...(value.fields?.keys() ?? [])])) return;
    const at = this.ev.place(node);
    for (const origin of value.taint) this.record({ ...use, detail: 'the whole filter' }, origin, at);
    for (const [key, taint] of value.fields ?? []) {
      for (const origin of taint) this.record({ ...use, detail: CODE_OPERATORS.has(key) ? '$where' : `field "${key}"` }, origin, at);
    }
  }

  private filterObject(use: SinkUse, object: Extract<Node, { type: 'ObjectExpression' }>, depth: number): void {
    for (const property of object.properties) {
      if (property.type === 'SpreadElement') {
        const spread = this.ev.propertyValues.get(property.argument) ?? CLEAN;
        for (const origin of spread.taint) this.record({ ...use, detail: 'the whole filter' }, origin, this.ev.place(property));
        continue;
      }
      const key = propertyName(property.key, property.computed);
      const valueNode = property.value as Node;
      const value = this.ev.propertyValues.get(valueNode) ?? CLEAN;
      const at = this.ev.place(valueNode);
      if (key !== undefined && CODE_OPERATORS.has(key)) {
        for (const origin of flatten(value)) this.record({ ...use, detail: '$where' }, origin, at);
        continue;
      }
      const inner = unwrap(valueNode);
      if (key !== undefined && LOGICAL.has(key) && inner.type === 'ArrayExpression' && depth < 4) {
        for (const element of inner.elements) {
          const item = element && unwrap(element as Node);
          if (item?.type === 'ObjectExpression') this.filterObject(use, item, depth + 1);
        }
        continue;
      }
      // `{ price: { $gt: x } }`, `{ email: { $eq: x } }`: an operator object compares x as a value.
      if (inner.type === 'ObjectExpression') continue;
      for (const origin of flatten(value)) this.record({ ...use, detail: `field "${key ?? '[computed]'}"` }, origin, at);
    }
  }

  /** One origin at one sink: a finding, a summary entry, or nothing. */
  record(use: SinkUse, origin: Origin, argAt: Place): void {
    const { root } = origin;
    if (root.kind === 'request') return;
    const bit = CLEARED_BY[use.category];
    if (bit !== undefined && (origin.cleared & bit) === bit) return;
    if (use.category === 'nosql' && use.detail !== '$where' && (origin.stringy || origin.validated)) return;
    if (root.kind === 'param') {
      const flow = toFlow(origin);
      if (!flow || this.paramSinks.length >= MAX_PARAM_SINKS) return;
      const key = `${flow.index}|${flow.path.join('.')}|${use.at.line}:${use.at.column}|${use.detail ?? ''}|${argAt.line}:${argAt.column}|${flow.splices.map((s) => `${s.line}:${s.column}`).join(',')}|${flow.stringy}${flow.validated}${flow.cleared}`;
      if (this.seen.has(key)) return;
      this.seen.add(key);
      this.paramSinks.push({ ...flow, sink: use, argAt });
      return;
    }
    if (!accepted(use, origin)) return;
    this.ev.engine.report({ rule: ruleOf(use.category), sink: use, at: reportPlace(use, origin, argAt), origin: origin as Origin & { root: typeof root } });
  }
}

/** `{ where: …, data: … }`: Prisma or Sequelize options (their `find`/`update`/`count`), not a Mongo filter. */
const isOrmOptions = (keys: readonly (string | undefined)[]): boolean => keys.includes('where');

/** Generic SQL method names need SQL text around the value or a database-like receiver. */
function accepted(use: SinkUse, origin: Origin): boolean {
  if (use.category !== 'sql' || !use.needsSqlEvidence) return true;
  return use.dbReceiver || origin.splices.some((s) => looksLikeSql(s.text));
}

/** SQL and `$where` findings point at the splice into the query text (`${term}`); others at the argument. */
function reportPlace(use: SinkUse, origin: Origin, argAt: Place): Place {
  const text = use.category === 'sql' || (use.category === 'nosql' && use.detail === '$where');
  if (!text || origin.splices.length === 0) return argAt;
  const splice = (use.category === 'sql' ? origin.splices.find((s) => looksLikeSql(s.text)) : undefined) ?? origin.splices[0];
  return splice ? { file: splice.file, line: splice.line, column: splice.column } : argAt;
}
