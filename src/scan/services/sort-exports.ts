/**
 * A module's exports sorted for the service rules: classes (with every name they are exported
 * under, instances included), functions and objects named as a service (`usersRepo`), other
 * values that do work (candidates for the file-level service), and what is forwarded to other
 * modules (re-exports, and instances of their classes). Constants and types are dropped.
 */
import type { Node, Program } from 'oxc-parser';
import { isFunctionLike } from './ast.js';
import type { Bindings } from './bindings.js';
import { exportTarget, type ExportTarget } from './export-targets.js';
import { collectExports } from './exports.js';
import { roleOfName } from './naming.js';
import type { Units } from './units.js';

export type ClassExport = Extract<ExportTarget, { type: 'class' }>;
export type ValueExport = Extract<ExportTarget, { type: 'value' }>;

export interface SortedExports {
  classes: { target: ClassExport; names: string[] }[];
  named: { name: string; target: ValueExport; names: string[] }[];
  values: { name: string; target: ValueExport }[];
  forwards: Map<string, { specifier: string; imported: string }>;
  stars: string[];
}

/**
 * An object named as a service (`usersRepo`, `stripeClient`, `emailQueue`) is one. A function is
 * one only when named as middleware (`authMiddleware`): `getRepository()` or `createUserService()`
 * does something to or for a service, and belongs to its module's file-level service.
 */
function isNamedService(name: string, node: Node): boolean {
  const kind = roleOfName(name);
  return kind !== undefined && (kind === 'middleware' || !isFunctionLike(node));
}

export function sortExports(program: Program, parts: Units, bindings: Bindings, isProjectFile: (specifier: string) => boolean): SortedExports {
  const sorted: SortedExports = { classes: [], named: [], values: [], forwards: new Map(), stars: [] };
  const { entries, reexports } = collectExports(program, bindings);
  for (const reexport of reexports) {
    if (reexport.exported === '*') sorted.stars.push(reexport.specifier);
    else sorted.forwards.set(reexport.exported, { specifier: reexport.specifier, imported: reexport.imported });
  }
  const unitByStatement = new Map(parts.units.map((unit, index) => [unit.statement.start, index]));
  const context = {
    declarations: parts.declarations,
    bindings,
    isProjectFile,
    unitOf: (start: number) => {
      const index = unitByStatement.get(start) ?? parts.units.findIndex((unit) => unit.statement.start <= start && start < unit.statement.end);
      return index < 0 ? undefined : index;
    },
  };
  const classes = new Map<ClassExport['node'], { target: ClassExport; names: string[] }>();
  const named = new Map<string, { name: string; target: ValueExport; names: string[] }>();
  for (const entry of entries) {
    const target = exportTarget(entry, context);
    if (!target) continue;
    if (target.type === 'alias') {
      sorted.forwards.set(entry.name, target);
    } else if (target.type === 'class') {
      const found = classes.get(target.node) ?? { target, names: [] };
      found.names.push(entry.name);
      classes.set(target.node, found);
    } else if (target.behaviour) {
      const own = target.name ?? (entry.name === 'default' ? undefined : entry.name);
      if (own !== undefined && isNamedService(own, target.node)) {
        const found = named.get(own) ?? { name: own, target, names: [] };
        found.names.push(entry.name);
        named.set(own, found);
      } else {
        sorted.values.push({ name: entry.name, target });
      }
    }
  }
  sorted.classes = [...classes.values()];
  sorted.named = [...named.values()];
  return sorted;
}
