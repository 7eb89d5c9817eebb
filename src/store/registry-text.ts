/**
 * The registry as both stores keep it: one JSON text per kind (a file, or a snapshot row). Each
 * text is parsed and validated on its own, so a damaged one is reported (where, line, column) and
 * the other kinds still load. Pure.
 */
import { JsonParseError, parseJson } from '../core/json.js';
import { check } from '../core/validation.js';
import { REGISTRY_FILE_SCHEMAS, REGISTRY_KINDS, emptyRegistry, type Registry, type RegistryKind } from '../registry/schema.js';
import type { StateProblem } from './types.js';

/**
 * `texts` in REGISTRY_KINDS order (undefined: that kind was never written); `where(kind)` names
 * its place in problems.
 */
export function registryFromTexts(texts: readonly (string | undefined)[], where: (kind: RegistryKind) => string): { registry: Registry; problems: StateProblem[] } {
  const registry = emptyRegistry();
  const problems: StateProblem[] = [];
  REGISTRY_KINDS.forEach((kind, index) => {
    const text = texts[index];
    if (text === undefined) return;
    const file = where(kind);
    let raw: unknown;
    try {
      raw = parseJson(text);
    } catch (error) {
      const e = error as JsonParseError;
      problems.push({ file, line: e.line, column: e.column, message: e.message });
      return;
    }
    const result = check(REGISTRY_FILE_SCHEMAS[kind], raw);
    if (!result.ok) {
      problems.push({ file, message: result.errors.slice(0, 5).join('; ') });
      return;
    }
    (registry as unknown as Record<RegistryKind, unknown>)[kind] = (result.value as Record<string, unknown>)[kind];
  });
  return { registry, problems };
}
