/**
 * Object literals as Fastify takes them (route options, `route({...})`, register options,
 * schemas): maybe a constant from another file, maybe built with spreads
 * (`{ ...baseRoute, handler }`). Each property keeps the module it is written in, so its own
 * names resolve where they belong.
 */
import type { Node } from 'oxc-parser';
import type { ParsedModule } from '../../parse.js';
import { propertyName, unwrap } from '../ast.js';
import { resolveExpression, type LocalResolver } from '../evaluate.js';
import type { ProjectIndex } from '../graph.js';

export interface Located {
  node: Node;
  module: ParsedModule;
  /** Names local to the function the value is written in (only for the original module). */
  local?: LocalResolver | undefined;
}

export type Options = Map<string, Located>;

/** The value a node stands for: an identifier or member chain followed to its definition. */
export function follow(index: ProjectIndex, at: Located, depth = 0): Located {
  const node = unwrap(at.node);
  if ((node.type !== 'Identifier' && node.type !== 'MemberExpression') || depth > 6) return { ...at, node };
  const found = resolveExpression(index, at.module, node, at.local);
  if (!found || unwrap(found.node) === node || found.node.type === 'VariableDeclarator') return { ...at, node };
  const next = { node: found.node, module: found.module, local: found.module === at.module ? at.local : undefined };
  return follow(index, next, depth + 1);
}

/** The properties of an object (later ones win, as at runtime); undefined when it is not an object. */
export function readOptions(index: ProjectIndex, at: Located, depth = 0): Options | undefined {
  const value = follow(index, at);
  if (value.node.type !== 'ObjectExpression' || depth > 6) return undefined;
  const options: Options = new Map();
  for (const property of value.node.properties) {
    if (property.type === 'SpreadElement') {
      const spread = readOptions(index, { ...value, node: property.argument }, depth + 1);
      for (const [key, located] of spread ?? []) options.set(key, located);
      continue;
    }
    const key = propertyName(property.key, property.computed);
    // `handler() {}` and `handler: function () {}` alike: the value is the function.
    if (key !== undefined) options.set(key, { ...value, node: property.value });
  }
  return options;
}

/** A property's value, followed to its definition. */
export function option(index: ProjectIndex, options: Options | undefined, key: string): Located | undefined {
  const at = options?.get(key);
  return at ? follow(index, at) : undefined;
}

/** A property whose value is itself an object (`config`, `constraints`, `schema`), read. */
export function optionObject(index: ProjectIndex, options: Options | undefined, key: string): Options | undefined {
  const at = option(index, options, key);
  return at ? readOptions(index, at) : undefined;
}
