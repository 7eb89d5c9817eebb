/**
 * The schema section of the human docs: each model with its fields (type, required or nullable,
 * keys, default), its indexes and its relations both ways (what it references, what references
 * it). Models sorted by name; fields and indexes in the order they are declared. Pure.
 */
import { compareText } from '../core/compare.js';
import type { Model, ModelField } from '../registry/schema.js';
import { code, count, sourceLink, table, text } from './markdown.js';

function keys(field: ModelField): string {
  const parts = [
    ...(field.primaryKey ? ['PK'] : []),
    ...(field.unique ? ['unique'] : []),
    ...(field.references ? [`FK → ${code(`${field.references.model}.${field.references.field}`)}`] : []),
  ];
  return parts.length ? parts.join(', ') : '—';
}

function fieldRow(field: ModelField): string[] {
  const fallback = field.default === undefined || field.default === null ? '—' : code(field.default);
  return [code(field.name), code(field.type), field.nullable ? 'nullable' : 'required', keys(field), fallback];
}

/** Relations of `model`: its own foreign keys, then the fields of other models that point at it. */
function relations(model: Model, all: readonly Model[]): string[] {
  const outgoing = model.fields
    .filter((f) => f.references)
    .map((f) => `- ${code(f.name)} → ${code(`${f.references?.model}.${f.references?.field}`)}`);
  const incoming = all
    .flatMap((other) => other.fields.filter((f) => f.references?.model === model.name).map((f) => ({ other, f })))
    .sort((a, b) => compareText(a.other.name, b.other.name) || compareText(a.f.name, b.f.name))
    .map(({ other, f }) => `- referenced by ${code(`${other.name}.${f.name}`)} (→ ${code(f.references?.field ?? '')})`);
  return [...outgoing, ...incoming];
}

function renderModel(model: Model, all: readonly Model[], sourceBase: string): string[] {
  const facts = [...(model.table ? [`table ${code(model.table)}`] : []), text(model.kind), ...(model.source ? [sourceLink(model.source, sourceBase)] : [])];
  const fields = model.fields.length
    ? table(['Field', 'Type', 'Null', 'Keys', 'Default'], model.fields.map(fieldRow))
    : ['_No fields found._'];
  const indexes = model.indexes.map(
    (index) => `- ${index.name ? `${code(index.name)}: ` : ''}${index.unique ? 'unique ' : ''}(${index.fields.map(code).join(', ')})`,
  );
  const links = relations(model, all);
  return [
    `### ${text(model.name)}`,
    '',
    facts.join(' · '),
    '',
    ...fields,
    '',
    ...(indexes.length ? ['Indexes:', '', ...indexes, ''] : []),
    ...(links.length ? ['Relations:', '', ...links, ''] : []),
  ];
}

export function renderSchema(models: readonly Model[], options: { sourceBase?: string } = {}): string[] {
  const heading = ['## Schema', ''];
  if (models.length === 0) return [...heading, '_No models in the registry yet: run `bo scan`._', ''];
  const sorted = [...models].sort((a, b) => compareText(a.name, b.name));
  const fields = models.reduce((sum, m) => sum + m.fields.length, 0);
  const indexes = models.reduce((sum, m) => sum + m.indexes.length, 0);
  return [
    ...heading,
    `${count(models.length, 'model')}, ${count(fields, 'field')}, ${count(indexes, 'index', 'indexes')}.`,
    '',
    ...sorted.flatMap((model) => renderModel(model, sorted, options.sourceBase ?? '')),
  ];
}
