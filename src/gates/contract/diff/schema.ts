/**
 * Two schemas compared through their references, in the direction data flows: what a client sends
 * (request) must still be accepted; what it reads (response) must still be what it expects. Each
 * pair of schema objects is compared once per direction and the result reused, so a shared schema
 * costs one walk however many operations use it; a pair met again while being compared (a `$ref`
 * cycle) counts as equal at that depth, its changes being reported where the walk started.
 */
import { isRefObject } from '../../../scan/openapi/refs.js';
import { isRecord, lineOf } from '../../../scan/openapi/tree.js';
import { narrowedConstraints } from './constraints.js';
import { spot } from './operations.js';
import { typeChange, type Direction } from './schema-types.js';
import type { Change, Document, Node, Spot } from './types.js';

/** Where a schema is written in each document, so changes to it point somewhere useful. */
export interface Anchors {
  base: Spot;
  new: Spot;
}

interface Resolved {
  schema: Record<string, unknown>;
  file: Node['file'];
  /** The component name when reached through a `$ref` (`Pet`). */
  name?: string;
  anchor?: Spot;
}

interface Flat {
  schema: Record<string, unknown>;
  file: Node['file'];
  /** Properties of the schema and of its `allOf` members, with the line each is written on and the label of the schema that declares it. */
  properties: Map<string, { node: Node; spot: Spot; owner: string }>;
  /** Required property names, with the label of the schema whose `required` lists them. */
  required: Map<string, string>;
}

export type SchemaComparer = (base: Node, next: Node, direction: Direction, label: string, anchors: Anchors) => Change[];

export function createSchemaComparer(baseDoc: Document, newDoc: Document): SchemaComparer {
  const ids = new WeakMap<object, number>();
  let nextId = 0;
  const idOf = (value: object) => {
    let id = ids.get(value);
    if (id === undefined) ids.set(value, (id = ++nextId));
    return id;
  };
  const memo = new Map<string, Change[]>();
  const active = new Set<string>();

  const compare: SchemaComparer = (base, next, direction, label, anchors) => {
    const b = resolve(baseDoc, base, 'base');
    const n = resolve(newDoc, next, 'new');
    if (!b || !n) return [];
    const key = `${direction}:${idOf(b.schema)}:${idOf(n.schema)}`;
    const known = memo.get(key);
    if (known) return known;
    if (active.has(key)) return [];
    active.add(key);
    const name = n.name ?? b.name;
    const here = name !== undefined ? `\`${name}\`` : label;
    const at: Anchors = { base: b.anchor ?? anchors.base, new: n.anchor ?? anchors.new };
    try {
      const changes = compareResolved(flatten(baseDoc, b, 'base', here), flatten(newDoc, n, 'new', here), direction, here, at);
      memo.set(key, changes);
      return changes;
    } finally {
      active.delete(key);
    }
  };

  const compareResolved = (b: Flat, n: Flat, direction: Direction, label: string, at: Anchors): Change[] => {
    const changes: Change[] = [];
    const newSpot = (key: string, fallback = at.new) => (lineOf(n.file.tree, n.schema, key) ? spot('new', n.file, n.schema, key) : fallback);
    const add = (kind: Change['kind'], message: string, where: Spot, level: Change['level'] = 'error', owner = label) => changes.push({ kind, level, message: `${owner} ${message}`, spot: where });

    const typeMessage = typeChange(b.schema, n.schema, direction);
    if (typeMessage) add('type-changed', typeMessage, newSpot('type', newSpot('format')));
    compareEnums(b.schema, n.schema, direction, (kind, message, level) => add(kind, message, newSpot('enum'), level));
    if (direction === 'request') for (const narrowing of narrowedConstraints(b.schema, n.schema)) add('constraint-narrowed', narrowing.message, newSpot(narrowing.keyword));

    // A different type: what is below it changed with it, and is not listed piece by piece.
    if (typeMessage) return changes;
    for (const [name, before] of b.properties) {
      const after = n.properties.get(name);
      if (!after) {
        if (direction === 'response') add('property-removed', `property \`${name}\` removed`, before.spot, 'error', before.owner);
        continue;
      }
      if (direction === 'response' && b.required.has(name) && !n.required.has(name)) add('property-optional', `property \`${name}\` is no longer required (clients may not get it)`, after.spot, 'error', after.owner);
      changes.push(...compare(before.node, after.node, direction, child(after.owner, `.${name}`), { base: before.spot, new: after.spot }));
    }
    if (direction === 'request') {
      for (const [name, owner] of n.required) {
        if (b.required.has(name)) continue;
        add('property-required', `property \`${name}\` is now required`, n.properties.get(name)?.spot ?? newSpot('required'), 'error', owner);
      }
    }
    for (const key of ['items', 'additionalProperties'] as const) {
      if (!isRecord(b.schema[key]) || !isRecord(n.schema[key])) continue;
      const suffix = key === 'items' ? '[]' : '{*}';
      const anchors = { base: lineOf(b.file.tree, b.schema, key) ? spot('base', b.file, b.schema, key) : at.base, new: newSpot(key) };
      changes.push(...compare({ value: b.schema[key], file: b.file }, { value: n.schema[key], file: n.file }, direction, child(label, suffix), anchors));
    }
    for (const key of ['oneOf', 'anyOf'] as const) changes.push(...compareVariants(b, n, key, direction, label, at, newSpot(key)));
    return changes;
  };

  /** Variants matched by component name, else by position; a lost request variant or a new response one breaks. */
  const compareVariants = (b: Flat, n: Flat, key: 'oneOf' | 'anyOf', direction: Direction, label: string, at: Anchors, where: Spot): Change[] => {
    const [before, after] = [b.schema[key], n.schema[key]];
    if (!Array.isArray(before) || !Array.isArray(after)) return [];
    const changes: Change[] = [];
    const nameOf = (value: unknown) => (isRefObject(value) ? value.$ref.slice(value.$ref.lastIndexOf('/') + 1) : undefined);
    const matched = new Set<number>();
    before.forEach((variant, index) => {
      const name = nameOf(variant);
      const found = name !== undefined ? after.findIndex((v) => nameOf(v) === name) : index < after.length && nameOf(after[index]) === undefined ? index : -1;
      if (found < 0) {
        if (direction === 'request') changes.push({ kind: 'type-changed', level: 'error', message: `${label} no longer accepts the ${key} variant ${name ?? `#${index + 1}`}`, spot: where });
        return;
      }
      matched.add(found);
      changes.push(...compare({ value: variant, file: b.file }, { value: after[found], file: n.file }, direction, `${label} (${key} ${name ?? `#${index + 1}`})`, at));
    });
    if (direction === 'response') {
      after.forEach((variant, index) => {
        if (!matched.has(index)) changes.push({ kind: 'type-changed', level: 'error', message: `${label} may now be the new ${key} variant ${nameOf(variant) ?? `#${index + 1}`}`, spot: where });
      });
    }
    return changes;
  };

  return compare;
}

/** `Pet` + `.id` → `Pet.id`; "request body" + `.name` → "request body `name`". */
function child(label: string, segment: string): string {
  if (label.endsWith('`')) return `${label.slice(0, -1)}${segment}\``;
  return `${label} \`${segment.replace(/^\./, '')}\``;
}

function compareEnums(base: Record<string, unknown>, next: Record<string, unknown>, direction: Direction, add: (kind: Change['kind'], message: string, level: Change['level']) => void): void {
  const [before, after] = [base.enum, next.enum];
  if (!Array.isArray(after)) return;
  if (!Array.isArray(before)) {
    if (direction === 'request') add('constraint-narrowed', `is now limited to the values ${JSON.stringify(after)}`, 'error');
    return;
  }
  const has = (list: unknown[]) => new Set(list.map((v) => JSON.stringify(v)));
  if (direction === 'request') {
    const kept = has(after);
    const removed = before.filter((v) => !kept.has(JSON.stringify(v)));
    if (removed.length) add('enum-value-removed', `no longer accepts the value${removed.length > 1 ? 's' : ''} ${removed.map((v) => JSON.stringify(v)).join(', ')}`, 'error');
  } else {
    const had = has(before);
    const added = after.filter((v) => !had.has(JSON.stringify(v)));
    // Tolerant readers ignore an unknown value; strict ones (generated enums, exhaustive switches) fail.
    if (added.length) add('enum-value-added', `may now return the value${added.length > 1 ? 's' : ''} ${added.map((v) => JSON.stringify(v)).join(', ')}`, 'warning');
  }
}

/** Follows `$ref`s to the schema, keeping the component's name and the line it is defined on. */
function resolve(document: Document, node: Node, side: Spot['side']): Resolved | undefined {
  if (!isRefObject(node.value)) return isRecord(node.value) ? { schema: node.value, file: node.file } : undefined;
  const { $ref } = node.value;
  const resolved = document.refs.resolve($ref, node.file);
  if (!resolved.ok || !isRecord(resolved.value)) return undefined;
  const slash = $ref.lastIndexOf('/');
  const hash = $ref.indexOf('#');
  const name = slash > hash && hash >= 0 ? $ref.slice(slash + 1).replace(/~1/g, '/').replace(/~0/g, '~') : undefined;
  let anchor: Spot | undefined;
  if (name !== undefined) {
    const parent = document.refs.resolve($ref.slice(0, slash), node.file);
    if (parent.ok && lineOf(parent.file.tree, parent.value, name)) anchor = spot(side, parent.file, parent.value, name);
  }
  return { schema: resolved.value, file: resolved.file, ...(name !== undefined ? { name } : {}), ...(anchor ? { anchor } : {}) };
}

/** The schema with its `allOf` members' properties and required names merged in (members may nest). */
function flatten(document: Document, resolved: Resolved, side: Spot['side'], label: string): Flat {
  const flat: Flat = { schema: resolved.schema, file: resolved.file, properties: new Map(), required: new Map() };
  const seen = new Set<object>();
  const visit = (schema: Record<string, unknown>, file: Node['file'], owner: string) => {
    if (seen.has(schema)) return;
    seen.add(schema);
    if (isRecord(schema.properties)) {
      for (const [name, value] of Object.entries(schema.properties)) {
        if (!flat.properties.has(name)) flat.properties.set(name, { node: { value, file }, spot: spot(side, file, schema.properties, name), owner });
      }
    }
    if (Array.isArray(schema.required)) for (const name of schema.required) if (typeof name === 'string' && !flat.required.has(name)) flat.required.set(name, owner);
    if (!Array.isArray(schema.allOf)) return;
    for (const member of schema.allOf) {
      const target = resolve(document, { value: member, file }, side);
      if (target) visit(target.schema, target.file, target.name !== undefined ? `\`${target.name}\`` : owner);
    }
  };
  visit(resolved.schema, resolved.file, label);
  return flat;
}
