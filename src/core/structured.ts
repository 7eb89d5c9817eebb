/**
 * A file that may be JSON or YAML (the config, `bo task add --file`), read with the position of the
 * first error. JSON is read without the YAML library, which is loaded only for a YAML file: it is
 * a third of what `bo next` would otherwise compile at start-up, for a config that is JSON.
 */
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

/** JSON when the file name or the first character says so (JSON.parse locates its errors better), YAML otherwise. */
export async function parseStructured(fileName: string, text: string): Promise<unknown> {
  const first = text.trimStart()[0];
  if (fileName.endsWith('.json') || first === '{' || first === '[') {
    try {
      return parseJson(text);
    } catch (error) {
      const e = error as JsonParseError;
      throw new StructuredParseError(e.message, e.line, e.column);
    }
  }
  const { parseYaml } = await import('./yaml.js');
  return parseYaml(text);
}
