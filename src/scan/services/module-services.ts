/**
 * The services one module defines, before other modules are known. The rule, per module:
 *
 * 1. Each exported class that is a service (`class-rules.ts`) is one, named after the class (an
 *    anonymous default class is named after the file).
 * 2. Each exported object whose own name ends in a role word (`usersRepo`, `stripeClient`,
 *    `emailQueue`) is one, under that name; so is a function named as middleware (`authMiddleware`).
 * 3. The module's other exported functions and objects, with the background work it starts at
 *    module level, are one file-level service when the path gives a role (`services/users.ts`,
 *    `user-repository.ts`) or the shape does (starts jobs, exports `(req, res, next)` functions,
 *    wraps an SDK), named by `fileServiceName`. When that name is a class's of rule 1, they are
 *    part of that class's service.
 *
 * An exported instance stands for its class; an instance of another module's class, like a
 * re-export, is forwarded to that module.
 */
import type { ParsedModule } from '../parse.js';
import { collectBindings } from './bindings.js';
import { classKind } from './class-rules.js';
import type { ServiceKind } from './conventions.js';
import { classDrafts, namedDrafts, ownersOf, shapedClassDrafts, usageOf, type Scope } from './drafts.js';
import { fileDraft } from './file-draft.js';
import { pathRole } from './path-role.js';
import { sortExports } from './sort-exports.js';
import { collectUnits } from './units.js';
import type { Usage } from './usage.js';

export interface LocalService {
  name: string;
  kind: ServiceKind;
  line: number;
  usage: Usage;
}

export interface Forward {
  specifier: string;
  imported: string;
}

export interface ModuleServices {
  file: string;
  services: LocalService[];
  /** Export name → the name of a service of this module. */
  exports: Map<string, string>;
  /** Export name → another module's export it stands for. */
  forwards: Map<string, Forward>;
  /** `export * from` specifiers. */
  stars: string[];
  /** The service a namespace import (or a CommonJS `require`) of the whole module means. */
  namespace: string | undefined;
}

export function moduleServices(module: ParsedModule, isProjectFile: (specifier: string) => boolean): ModuleServices {
  const path = module.file.path;
  const result: ModuleServices = { file: path, services: [], exports: new Map(), forwards: new Map(), stars: [], namespace: undefined };
  const role = pathRole(path);
  if (role.test) return result;
  const bindings = collectBindings(module);
  const scope: Scope = { path, role, parts: collectUnits(module.program, bindings), bindings };
  const sorted = sortExports(module.program, scope.parts, bindings, isProjectFile);
  result.stars = sorted.stars;
  result.forwards = sorted.forwards;

  const drafts = [...classDrafts(sorted, scope), ...namedDrafts(sorted)];
  drafts.push(...shapedClassDrafts(sorted, scope, drafts));
  const file = fileDraft(sorted, scope, drafts);
  const same = file && drafts.find((draft) => draft.name.toLowerCase() === file.name.toLowerCase());
  if (file && same) {
    for (const root of file.roots) same.roots.add(root);
    same.owns.push(...file.owns);
    same.exportNames.push(...file.exportNames);
  } else if (file) drafts.push(file);

  const owners = ownersOf(drafts);
  for (const draft of drafts) {
    const others = new Map([...owners].filter(([unit]) => !draft.roots.has(unit)));
    const used = usageOf(draft.roots, scope, others);
    const kind = draft.klass ? classKind(draft.klass.node, draft.klass.name, role.kind, used) : draft.kind;
    result.services.push({ name: draft.name, kind, line: module.lines.line(draft.at), usage: used });
    for (const exported of draft.exportNames) result.exports.set(exported, draft.name);
  }
  result.namespace = (same ?? file)?.name ?? (drafts.length === 1 ? drafts[0]?.name : undefined);
  return result;
}
