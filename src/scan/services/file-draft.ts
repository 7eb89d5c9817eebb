/**
 * The file-level service: a module's exported functions and objects not claimed by a class or a
 * named service, with the background work it starts at module level. It exists when the path
 * gives the module a role (`services/users.ts`, `user-repository.ts`) or its shape does, and at
 * least one such export or job is there (a types-only or barrel module is no service).
 * Its source line is its first such export, or else its first job.
 */
import { ownersOf, usageOf, type Draft, type Scope } from './drafts.js';
import { fileServiceName } from './naming.js';
import { shapeKind } from './shape-kind.js';
import type { SortedExports } from './sort-exports.js';

export function fileDraft(sorted: SortedExports, scope: Scope, drafts: readonly Draft[]): Draft | undefined {
  if (!scope.role.kind && !scope.role.shapes) return undefined;
  const owners = ownersOf(drafts);
  const rest = scope.parts.units.map((_, index) => index).filter((index) => !owners.has(index));
  if (rest.length === 0) return undefined;
  const leftovers = sorted.values.filter((value) => !owners.has(value.target.unit));
  const does = usageOf(rest, scope, owners);
  if (leftovers.length === 0 && does.jobAt === undefined) return undefined;
  const kind = scope.role.kind ?? shapeKind(leftovers, does, scope.bindings);
  if (!kind) return undefined;
  return {
    name: fileServiceName(scope.path, kind),
    kind,
    at: leftovers.length > 0 ? Math.min(...leftovers.map((value) => value.target.at)) : (does.jobAt as number),
    roots: new Set(rest),
    // Private helpers stay shared: a class using one does not depend on the file-level service.
    owns: leftovers.map((value) => value.target.unit),
    exportNames: leftovers.map((value) => value.name),
  };
}
