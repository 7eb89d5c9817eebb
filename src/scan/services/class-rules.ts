/**
 * When an exported class is a service, and of which kind. A class is one when its name says so
 * (`UsersService`, `StripeClient`), a DI decorator registers it (`@Injectable()`), its file or folder
 * says so (`services/`), or, failing all these, what it does says so (it starts jobs or calls an
 * SDK). Errors, DTOs, entities, modules and controllers never are; nor abstract base classes,
 * which are only ever services through their subclasses.
 */
import type { Class } from 'oxc-parser';
import { rootName } from './ast.js';
import { NON_SERVICE_CLASS_WORDS, NON_SERVICE_DECORATORS, PROVIDER_DECORATORS, type ServiceKind } from './conventions.js';
import { lastWord, roleOfName } from './naming.js';

export function decoratorNames(node: Class): string[] {
  const names: string[] = [];
  for (const decorator of node.decorators ?? []) {
    let expression = decorator.expression;
    if (expression.type === 'CallExpression') expression = expression.callee;
    if (expression.type === 'Identifier') names.push(expression.name);
    else if (expression.type === 'MemberExpression' && !expression.computed && expression.property.type === 'Identifier') {
      names.push(expression.property.name);
    }
  }
  return names;
}

export function isExcludedClass(node: Class, name: string | undefined): boolean {
  if (node.abstract) return true;
  if (decoratorNames(node).some((decorator) => NON_SERVICE_DECORATORS.has(decorator))) return true;
  if (name !== undefined && NON_SERVICE_CLASS_WORDS.has(lastWord(name) ?? '')) return true;
  const base = node.superClass ? rootName(node.superClass) : undefined;
  return base !== undefined && /(Error|Exception)$/.test(base);
}

/** A service without looking at what it does: by name, decorator, file or folder. */
export function isDeclaredService(node: Class, name: string | undefined, pathKind: ServiceKind | undefined): boolean {
  if (name !== undefined && roleOfName(name)) return true;
  return pathKind !== undefined || decoratorNames(node).some((decorator) => PROVIDER_DECORATORS.has(decorator));
}

/** Name first, then a queue-processor decorator, then file or folder, then what the class does. */
export function classKind(
  node: Class,
  name: string | undefined,
  pathKind: ServiceKind | undefined,
  does: { jobAt: number | undefined; callsSdk: boolean },
): ServiceKind {
  const byName = name === undefined ? undefined : roleOfName(name);
  if (byName) return byName;
  if (decoratorNames(node).includes('Processor')) return 'job';
  if (pathKind) return pathKind;
  if (does.jobAt !== undefined) return 'job';
  return does.callsSdk ? 'integration' : 'service';
}
