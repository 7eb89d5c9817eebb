/**
 * YAML (and JSON, which YAML accepts but whose errors JSON.parse locates better) read with the
 * position of the first error. Imported lazily by the commands that read such files, so the
 * YAML library costs nothing on the hot path.
 */
import { parseDocument } from 'yaml';
import { JsonParseError, parseJson } from './json.js';

export class StructuredParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

export function parseYaml(text: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    throw new StructuredParseError(first.message.split('\n')[0] ?? 'invalid YAML', pos?.line ?? 1, pos?.col ?? 1);
  }
  return doc.toJS();
}

/** JSON when the file name or the first character says so, YAML otherwise. */
export function parseStructured(fileName: string, text: string): unknown {
  const first = text.trimStart()[0];
  if (fileName.endsWith('.json') || first === '{' || first === '[') {
    try {
      return parseJson(text);
    } catch (error) {
      const e = error as JsonParseError;
      throw new StructuredParseError(e.message, e.line, e.column);
    }
  }
  return parseYaml(text);
}
