/**
 * A parsed document as plain JavaScript values plus the line of every mapping key: enough to point
 * an agent at an operation or a broken `$ref` without keeping a heavy syntax tree around.
 */

/** For each parsed object, the 1-based line of each of its keys. */
export type KeyLines = WeakMap<object, Map<string, number>>;

export interface ParsedTree {
  value: unknown;
  keyLines: KeyLines;
  /** Which reader produced it: useful to tests and to performance reports. */
  reader: 'json' | 'js-yaml';
}

/** Where a syntax problem is, relative to the file (the caller adds the file name). */
export interface TreeProblem {
  line?: number;
  column?: number;
  message: string;
  severity: 'error' | 'warning';
}

export interface TreeOutcome {
  /** Absent when the text could not be read as a document. */
  tree?: ParsedTree;
  problems: TreeProblem[];
}

export function lineOf(tree: ParsedTree, holder: unknown, key: string): number | undefined {
  return holder !== null && typeof holder === 'object' ? tree.keyLines.get(holder)?.get(key) : undefined;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
