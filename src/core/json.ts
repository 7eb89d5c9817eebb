import { parse as parseTolerant, printParseErrorCode, type ParseError } from 'jsonc-parser';

/** JSON in and out, the same way everywhere: stable key order and parse errors with a position. */

/** Pretty JSON with object keys in a stable order, so state files diff cleanly in git. */
export function stableStringify(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** Line and column (1-based) of a character offset. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export class JsonParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

/**
 * JSON.parse with the error turned into `line:column: what`. Node 20's messages do not always
 * carry a position, so on failure a tolerant parser (jsonc-parser) locates the first error.
 */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (text.trim() === '') throw new JsonParseError('empty file', 1, 1);
    const errors: ParseError[] = [];
    parseTolerant(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    const offset = first?.offset ?? text.length;
    const { line, column } = positionOf(text, offset);
    const native = (error as Error).message.split(/, "|\.\.\.| in JSON/)[0]?.trim() ?? 'invalid JSON';
    const what = first ? printParseErrorCode(first.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() : '';
    throw new JsonParseError(what ? `${native} (${what})` : native, line, column);
  }
}
