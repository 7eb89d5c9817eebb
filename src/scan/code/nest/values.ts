/**
 * Static values in Nest metadata: a path is a string or an array of strings, maybe a constant
 * from another file (`@Controller(ROUTES.users)`); a version is a string, an array, or
 * `VERSION_NEUTRAL`. Anything computed at runtime reads as undefined.
 */
import type { Node } from 'oxc-parser';
import { evaluateString, resolveName, type ProjectIndex } from '../graph.js';
import type { ParsedModule } from '../../parse.js';

/** `VERSION_NEUTRAL` as a version value: the route answers with no version segment. */
export const VERSION_NEUTRAL = '<neutral>';

function resolveArray(index: ProjectIndex, module: ParsedModule, node: Node, depth = 0): { module: ParsedModule; node: Node } {
  if (node.type === 'Identifier' && depth < 4) {
    const found = resolveName(index, module, node.name);
    if (found && found.node.type === 'ArrayExpression') return { module: found.module, node: found.node };
  }
  return { module, node };
}

/** A string or an array of strings; undefined when some part is not static. */
export function readStrings(index: ProjectIndex, module: ParsedModule, node: Node): string[] | undefined {
  const target = resolveArray(index, module, node);
  if (target.node.type === 'ArrayExpression') {
    const values: string[] = [];
    for (const element of target.node.elements) {
      if (!element || element.type === 'SpreadElement') return undefined;
      const value = evaluateString(index, target.module, element);
      if (value === undefined) return undefined;
      values.push(value);
    }
    return values;
  }
  const value = evaluateString(index, module, node);
  return value === undefined ? undefined : [value];
}

const isNeutral = (node: Node) =>
  (node.type === 'Identifier' && node.name === 'VERSION_NEUTRAL') ||
  (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier' && node.property.name === 'VERSION_NEUTRAL');

/** `'2'`, `['1', '2']`, `VERSION_NEUTRAL` (also inside an array). */
export function readVersions(index: ProjectIndex, module: ParsedModule, node: Node): string[] | undefined {
  if (isNeutral(node)) return [VERSION_NEUTRAL];
  const target = resolveArray(index, module, node);
  if (target.node.type === 'ArrayExpression') {
    const values: string[] = [];
    for (const element of target.node.elements) {
      if (!element || element.type === 'SpreadElement') continue;
      const value = isNeutral(element) ? VERSION_NEUTRAL : evaluateString(index, target.module, element);
      if (value !== undefined) values.push(value);
    }
    return values.length > 0 ? values : undefined;
  }
  const value = evaluateString(index, module, node);
  return value === undefined ? undefined : [value];
}
