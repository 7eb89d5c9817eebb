/**
 * The package as text. YAML for agents and people: short lists of plain values stay on one line
 * (`types: [unit, integration, …]`, as in the seed) and long strings are never folded. JSON for
 * programs: compact, because agents pay for every character of it too.
 */
import { Document, isPair, isScalar, visit, type Node } from 'yaml';
import type { Format } from './budget.js';
import type { ContextPackage } from './types.js';

/** Collections of plain values up to this many characters are written on one line. */
const FLOW_WIDTH = 100;

function flowWidth(items: readonly unknown[]): number | undefined {
  let width = 0;
  for (const item of items) {
    const parts = isPair(item) ? [item.key, item.value] : [item];
    for (const part of parts) {
      if (!isScalar(part)) return undefined;
      width += String(part.value).length + 2;
    }
  }
  return width;
}

export function toYaml(pkg: ContextPackage): string {
  const doc = new Document(pkg);
  visit(doc, {
    Collection(_, node) {
      const width = flowWidth(node.items as readonly Node[]);
      if (width !== undefined && width <= FLOW_WIDTH) node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

export const toJson = (pkg: ContextPackage): string => JSON.stringify(pkg);

export const serialize = (pkg: ContextPackage, format: Format): string => (format === 'json' ? toJson(pkg) : toYaml(pkg));
