/**
 * The second pass, once every module's services are known: an import becomes a dependency on the
 * service the imported name stands for, following re-exports, barrels (`export * from`) and
 * exported instances across files. A namespace import, or a CommonJS `require` of a whole module,
 * means the module's file-level service (or its only service).
 */
import type { Service } from '../../registry/schema.js';
import type { Resolver } from '../resolve.js';
import type { ScanProblem } from '../types.js';
import type { ModuleServices } from './module-services.js';

export function linkServices(modules: readonly ModuleServices[], resolver: Resolver): { services: Service[]; problems: ScanProblem[] } {
  const byFile = new Map(modules.map((module) => [module.file, module]));
  const memo = new Map<string, string | undefined>();

  const lookup = (file: string | undefined, name: string): string | undefined => {
    const module = file === undefined ? undefined : byFile.get(file);
    if (!module) return undefined;
    const key = `${module.file}\0${name}`;
    if (memo.has(key)) return memo.get(key);
    memo.set(key, undefined); // a cycle of re-exports resolves to nothing
    const found = find(module, name);
    memo.set(key, found);
    return found;
  };

  const find = (module: ModuleServices, name: string): string | undefined => {
    if (name === '*') return module.namespace;
    const local = module.exports.get(name);
    if (local !== undefined) return local;
    const forward = module.forwards.get(name);
    if (forward) return lookup(resolver.resolve(module.file, forward.specifier), forward.imported);
    if (name !== 'default') {
      for (const star of module.stars) {
        const found = lookup(resolver.resolve(module.file, star), name);
        if (found !== undefined) return found;
      }
    }
    // `const users = require('./users')` of a module that exports an object of functions.
    return name === 'default' ? module.namespace : undefined;
  };

  const services: Service[] = [];
  for (const module of modules) {
    for (const service of module.services) {
      const dependsOn = new Set(service.usage.localDeps);
      for (const imported of service.usage.imports) {
        const target = lookup(resolver.resolve(module.file, imported.specifier), imported.imported);
        if (target !== undefined) dependsOn.add(target);
      }
      dependsOn.delete(service.name);
      services.push({
        name: service.name,
        kind: service.kind,
        source: { file: module.file, line: service.line },
        dependsOn: [...dependsOn].sort(),
        integrations: [...service.usage.integrations].sort(),
      });
    }
  }
  services.sort((a, b) => compare(a.source?.file, b.source?.file) || (a.source?.line ?? 0) - (b.source?.line ?? 0) || compare(a.name, b.name));
  return { services, problems: duplicateNames(services) };
}

const compare = (a = '', b = '') => (a < b ? -1 : a > b ? 1 : 0);

/** `dependsOn` names services; two files defining the same name make those entries ambiguous. */
function duplicateNames(services: readonly Service[]): ScanProblem[] {
  const first = new Map<string, string>();
  const problems: ScanProblem[] = [];
  for (const service of services) {
    const file = service.source?.file ?? '';
    const earlier = first.get(service.name);
    if (earlier === undefined) first.set(service.name, file);
    else if (earlier !== file) {
      problems.push({
        file,
        ...(service.source?.line !== undefined ? { line: service.source.line } : {}),
        message: `service name "${service.name}" is also defined in ${earlier}; dependsOn entries naming it are ambiguous`,
        severity: 'warning',
      });
    }
  }
  return problems;
}
