/**
 * Every `$ref` of every loaded file checked once, so a broken reference is reported where it is
 * written (file, JSON pointer, line) even when the scanner never needs its target.
 */
import type { ScanProblem } from '../types.js';
import type { RefResolver } from './refs.js';
import { isRecord, lineOf } from './tree.js';
import type { DocFile } from './types.js';

export interface RefUse {
  ref: string;
  /** The object holding `$ref`. */
  holder: object;
  /** JSON pointer of `holder`, e.g. `#/paths/~1users/get/parameters/0`. */
  pointer: string;
}

/** Keys whose values are names chosen by the author: any key may appear under them. */
const NAME_MAPS = new Set([
  'properties', 'patternProperties', 'definitions', '$defs', 'schemas', 'parameters', 'responses', 'requestBodies',
  'headers', 'securitySchemes', 'securityDefinitions', 'links', 'callbacks', 'pathItems', 'examples', 'paths', 'webhooks',
  'variables', 'encoding', 'content',
]);
/** Keys whose values are literal data, where a `$ref` key is data, not a reference. */
const LITERAL_KEYS = new Set(['example', 'default', 'enum', 'const']);

export function collectRefs(root: unknown): RefUse[] {
  const uses: RefUse[] = [];
  const path: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) {
        path.push(String(index));
        visit(value[index]);
        path.pop();
      }
      return;
    }
    if (!isRecord(value)) return;
    if (typeof value.$ref === 'string') uses.push({ ref: value.$ref, holder: value, pointer: toPointer(path) });
    const namesHere = NAME_MAPS.has(path[path.length - 1] ?? '');
    for (const key in value) {
      const child = value[key];
      if (key === '$ref' || child === null || typeof child !== 'object') continue;
      if (!namesHere && isLiteral(key, child, path)) continue;
      path.push(key);
      visit(child);
      path.pop();
    }
  };
  visit(root);
  return uses;
}

function isLiteral(key: string, child: unknown, path: readonly string[]): boolean {
  if (LITERAL_KEYS.has(key) || key.startsWith('x-')) return true;
  // JSON Schema's `examples` is a list of values; an Example Object's `value` is a value.
  if (key === 'examples' && Array.isArray(child)) return true;
  return key === 'value' && path[path.length - 2] === 'examples';
}

function toPointer(path: readonly string[]): string {
  if (path.length === 0) return '#';
  return `#/${path.map((token) => token.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

/** One problem per broken reference and file, at its first use, counting the others. */
export function checkRefs(files: Iterable<DocFile>, resolver: RefResolver, usesOf: (file: DocFile) => readonly RefUse[] = (file) => collectRefs(file.tree.value)): ScanProblem[] {
  const problems: ScanProblem[] = [];
  for (const file of files) {
    const byRef = new Map<string, { first: RefUse; count: number }>();
    for (const use of usesOf(file)) {
      const seen = byRef.get(use.ref);
      if (seen) seen.count++;
      else byRef.set(use.ref, { first: use, count: 1 });
    }
    for (const [ref, { first, count }] of byRef) {
      const result = resolver.resolve(ref, file);
      if (result.ok) continue;
      const more = count > 1 ? ` (and ${count - 1} more use${count > 2 ? 's' : ''})` : '';
      const line = lineOf(file.tree, first.holder, '$ref');
      problems.push({
        file: file.rel,
        ...(line ? { line } : {}),
        message: `${result.remote ? 'remote' : 'broken'} $ref "${ref}" at ${first.pointer}: ${result.reason}${more}`,
        severity: result.remote ? 'warning' : 'error',
      });
    }
  }
  return problems;
}
