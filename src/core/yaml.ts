/**
 * YAML read with the position of the first error. Imported lazily (see structured.ts), so the
 * YAML library costs nothing on the hot path.
 */
import { parseDocument } from 'yaml';
import { StructuredParseError } from './structured.js';

export function parseYaml(text: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    throw new StructuredParseError(first.message.split('\n')[0] ?? 'invalid YAML', pos?.line ?? 1, pos?.col ?? 1);
  }
  return doc.toJS();
}
