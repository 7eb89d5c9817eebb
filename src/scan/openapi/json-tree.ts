/**
 * JSON text to a parsed tree. `JSON.parse` builds the values (it is by far the fastest); a
 * jsonc-parser visit over the same text then notes each key's line beside the objects it built.
 */
import { visit } from 'jsonc-parser';
import { JsonParseError, parseJson } from '../../core/json.js';
import type { KeyLines, TreeOutcome } from './tree.js';

export function readJson(text: string): TreeOutcome {
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    try {
      parseJson(text);
    } catch (error) {
      if (error instanceof JsonParseError) {
        return { problems: [{ line: error.line, column: error.column, message: `JSON: ${error.message}`, severity: 'error' }] };
      }
    }
    return { problems: [{ line: 1, message: 'JSON: invalid document', severity: 'error' }] };
  }
  return { tree: { value, keyLines: recordKeyLines(text, value), reader: 'json' }, problems: [] };
}

/** Replays the text's structure over the parsed value: `containers` mirrors the visitor's depth. */
function recordKeyLines(text: string, root: unknown): KeyLines {
  const keyLines: KeyLines = new WeakMap();
  const containers: unknown[] = [];
  const indexes: number[] = [];
  let pendingKey = '';
  const nextChild = (): unknown => {
    const depth = containers.length;
    if (depth === 0) return root;
    const parent = containers[depth - 1];
    if (Array.isArray(parent)) {
      const index = indexes[depth - 1] as number;
      indexes[depth - 1] = index + 1;
      return parent[index];
    }
    return (parent as Record<string, unknown>)[pendingKey];
  };
  const open = () => {
    const child = nextChild();
    containers.push(child);
    indexes.push(0);
    if (child !== null && typeof child === 'object' && !Array.isArray(child) && !keyLines.has(child)) keyLines.set(child, new Map());
  };
  const close = () => {
    containers.pop();
    indexes.pop();
  };
  visit(text, {
    onObjectBegin: open,
    onArrayBegin: open,
    onObjectEnd: close,
    onArrayEnd: close,
    onObjectProperty: (name, _offset, _length, startLine) => {
      pendingKey = name;
      const holder = containers[containers.length - 1];
      if (holder !== null && typeof holder === 'object') keyLines.get(holder)?.set(name, startLine + 1);
    },
    onLiteralValue: () => {
      nextChild();
    },
  });
  return keyLines;
}
