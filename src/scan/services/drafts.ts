/**
 * Services of one module in the making ("drafts"): which statements each starts from and which
 * statements are it, so that another service reaching one of those depends on it. Classes and
 * named objects are drafted here; the rest of the module in `file-draft.ts`.
 */
import type { Bindings } from './bindings.js';
import { classKind, isDeclaredService, isExcludedClass } from './class-rules.js';
import { reach } from './closure.js';
import type { ServiceKind } from './conventions.js';
import { fileServiceName, roleOfName } from './naming.js';
import type { PathRole } from './path-role.js';
import type { ClassExport, SortedExports } from './sort-exports.js';
import type { Units } from './units.js';
import { usage, type Usage } from './usage.js';

export interface Draft {
  name: string;
  kind: ServiceKind;
  /** Offset for the source line. */
  at: number;
  /** Statements it starts from. */
  roots: Set<number>;
  /** Statements that are it. */
  owns: number[];
  exportNames: string[];
  /** A class, whose kind may still come from what it does. */
  klass?: ClassExport;
}

export interface Scope {
  path: string;
  role: PathRole;
  parts: Units;
  bindings: Bindings;
}

/** Classes that are services by name, decorator, file or folder. */
export function classDrafts(sorted: SortedExports, scope: Scope): Draft[] {
  const drafts: Draft[] = [];
  for (const { target, names } of sorted.classes) {
    if (isExcludedClass(target.node, target.name) || !isDeclaredService(target.node, target.name, scope.role.kind)) continue;
    const kind = classKind(target.node, target.name, scope.role.kind, { jobAt: undefined, callsSdk: false });
    const name = target.name ?? fileServiceName(scope.path, kind);
    drafts.push({ name, kind, at: target.at, roots: new Set([target.unit]), owns: [target.unit], exportNames: [...names], klass: target });
  }
  return drafts;
}

/** Objects (and middleware functions) named as a service: `usersRepo`, `emailQueue`, `authMiddleware`. */
export function namedDrafts(sorted: SortedExports): Draft[] {
  return sorted.named.map(({ name, target, names }) => ({
    name,
    kind: roleOfName(name) as ServiceKind,
    at: target.at,
    roots: new Set([target.unit]),
    owns: [target.unit],
    exportNames: [...names],
  }));
}

/** Other exported classes are services when they start jobs or call an SDK themselves. */
export function shapedClassDrafts(sorted: SortedExports, scope: Scope, declared: readonly Draft[]): Draft[] {
  if (!scope.role.shapes) return [];
  const owners = ownersOf(declared);
  const drafts: Draft[] = [];
  for (const { target, names } of sorted.classes) {
    if (isExcludedClass(target.node, target.name) || isDeclaredService(target.node, target.name, scope.role.kind)) continue;
    const does = usageOf([target.unit], scope, owners);
    if (does.jobAt === undefined && !does.callsSdk) continue;
    const kind = classKind(target.node, target.name, undefined, does);
    const name = target.name ?? fileServiceName(scope.path, kind);
    drafts.push({ name, kind, at: target.at, roots: new Set([target.unit]), owns: [target.unit], exportNames: [...names] });
  }
  return drafts;
}

export function ownersOf(drafts: readonly Draft[]): Map<number, string> {
  const owners = new Map<number, string>();
  for (const draft of drafts) for (const unit of draft.owns) owners.set(unit, draft.name);
  return owners;
}

export function usageOf(roots: Iterable<number>, scope: Scope, owners: ReadonlyMap<number, string>): Usage {
  return usage(reach(roots, scope.parts.units, scope.parts.declarations, owners), scope.parts.units, scope.bindings);
}
