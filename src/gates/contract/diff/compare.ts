/**
 * Two documents' operations compared: what was removed, what became required, which inputs and
 * outputs changed type or narrowed. Each change is listed once, with every operation it reaches.
 */
import { isRecord, lineOf } from '../../../scan/openapi/tree.js';
import { readOperationViews, spot, type BodyView, type OperationView, type ResponseView } from './operations.js';
import { createSchemaComparer, type SchemaComparer } from './schema.js';
import type { Change, Document, ReachedChange } from './types.js';

export interface DiffResult {
  changes: ReachedChange[];
  /** The base's operations by id, for their `deprecated` flag. */
  baseOperations: Map<string, OperationView>;
  /** Operations only in the new document (compatible additions). */
  added: number;
}

export function diffDocuments(base: Document, next: Document): DiffResult {
  const before = readOperationViews(base, 'base');
  const after = readOperationViews(next, 'new');
  const reached = new Map<string, ReachedChange>();
  const record = (change: Change, operations: readonly string[]) => {
    const key = `${change.kind}|${change.spot.side}|${change.spot.file.rel}|${change.spot.line}|${change.message}`;
    const known = reached.get(key) ?? { ...change, operations: [] };
    for (const id of operations) if (!known.operations.includes(id)) known.operations.push(id);
    reached.set(key, known);
  };

  const basePath = basePathChange(base, next);
  if (basePath) record(basePath, [...before.values()].map((op) => op.id));
  const compareSchemas = createSchemaComparer(base, next);
  for (const [key, operation] of before) {
    const counterpart = after.get(key);
    if (!counterpart) {
      record({ kind: 'operation-removed', level: 'error', message: `${operation.id} removed`, spot: operation.spot }, [operation.id]);
      continue;
    }
    for (const change of compareOperation(operation, counterpart, compareSchemas)) record(change, [operation.id]);
  }
  const added = [...after.keys()].filter((key) => !before.has(key)).length;
  const baseOperations = new Map([...before.values()].map((op) => [op.id, op]));
  return { changes: [...reached.values()], baseOperations, added };
}

function compareOperation(before: OperationView, after: OperationView, compareSchemas: SchemaComparer): Change[] {
  const changes: Change[] = [];
  for (const [key, parameter] of after.parameters) {
    const old = before.parameters.get(key);
    const what = `${parameter.in} parameter \`${parameter.name}\``;
    if (!old) {
      const moved = [...before.parameters.values()].find((p) => p.name.toLowerCase() === parameter.name.toLowerCase() && p.in !== parameter.in);
      if (moved) changes.push({ kind: 'parameter-moved', level: 'error', message: `parameter \`${parameter.name}\` moved from ${moved.in} to ${parameter.in}`, spot: parameter.spot });
      else if (parameter.required) changes.push({ kind: 'parameter-required', level: 'error', message: `new required ${what}`, spot: parameter.spot });
      continue;
    }
    if (!old.required && parameter.required) changes.push({ kind: 'parameter-required', level: 'error', message: `${what} is now required`, spot: parameter.requiredSpot });
    if (old.schema && parameter.schema) changes.push(...compareSchemas(old.schema, parameter.schema, 'request', what, { base: old.spot, new: parameter.spot }));
  }
  changes.push(...compareBodies(before.body, after.body, compareSchemas));
  for (const [code, response] of before.responses) {
    if (!/^2(\d\d|XX)$/i.test(code)) continue;
    const counterpart = after.responses.get(code);
    if (!counterpart) changes.push({ kind: 'response-removed', level: 'error', message: `success response ${code} removed`, spot: response.spot });
    else changes.push(...compareResponses(response, counterpart, compareSchemas));
  }
  return changes;
}

function compareBodies(before: BodyView | undefined, after: BodyView | undefined, compareSchemas: SchemaComparer): Change[] {
  if (!after) return [];
  if (!before) return after.required ? [{ kind: 'request-body-required', level: 'error', message: 'a required request body was added', spot: after.spot }] : [];
  const changes: Change[] = [];
  if (!before.required && after.required) changes.push({ kind: 'request-body-required', level: 'error', message: 'the request body is now required', spot: after.requiredSpot });
  for (const [type, media] of before.media) {
    const counterpart = after.media.get(type);
    if (!counterpart) changes.push({ kind: 'request-media-type-removed', level: 'error', message: `request body type ${type} is no longer accepted`, spot: media.spot });
    else if (media.schema && counterpart.schema) changes.push(...compareSchemas(media.schema, counterpart.schema, 'request', 'request body', { base: media.spot, new: counterpart.spot }));
  }
  return changes;
}

function compareResponses(before: ResponseView, after: ResponseView, compareSchemas: SchemaComparer): Change[] {
  const changes: Change[] = [];
  for (const [type, media] of before.media) {
    const counterpart = after.media.get(type);
    if (!counterpart) changes.push({ kind: 'response-media-type-removed', level: 'error', message: `response ${before.code} no longer returns ${type}`, spot: media.spot });
    else if (media.schema && counterpart.schema) changes.push(...compareSchemas(media.schema, counterpart.schema, 'response', `response ${before.code}`, { base: media.spot, new: counterpart.spot }));
  }
  return changes;
}

/** 2.0 `basePath`: every operation's URL moves with it. */
function basePathChange(base: Document, next: Document): Change | undefined {
  if (base.version !== '2.0' || next.version !== '2.0') return undefined;
  const [b, n] = [base.root.tree.value, next.root.tree.value];
  if (!isRecord(b) || !isRecord(n)) return undefined;
  const [before, after] = [b.basePath ?? '/', n.basePath ?? '/'];
  if (String(before).replace(/\/$/, '') === String(after).replace(/\/$/, '')) return undefined;
  const where = lineOf(next.root.tree, n, 'basePath') ? spot('new', next.root, n, 'basePath') : spot('base', base.root, b, 'basePath');
  return { kind: 'base-path-changed', level: 'error', message: `basePath changed from ${String(before)} to ${String(after)}: every operation moved`, spot: where };
}
