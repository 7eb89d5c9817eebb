/**
 * Root Fastify instances: `const app = Fastify()`, `fastify({ logger })`, `require('fastify')()`,
 * `Fastify().withTypeProvider<T>()`, `this.server = fastify()`. Each is the root encapsulation
 * context; its routes, hooks and plugins are the calls made on that name in the scope that
 * declares it (the enclosing function, the module, or the class for `this.x`).
 */
import type { Node } from 'oxc-parser';
import type { ParsedModule } from '../../parse.js';
import { isFunction, memberPath, requireSpecifier, unwrap, walk } from '../ast.js';
import { importOf } from '../graph.js';

export interface FastifyRoot {
  module: ParsedModule;
  /** The instance as a member path: `app`, `this.server`. */
  instance: string;
  /** The function, class body or program that declares the instance. */
  owner: Node;
  /** What to read for its calls: the function's body, the class body, the program. */
  scope: Node;
  line: number;
}

/** Whether a callee is the fastify factory: an import or require of 'fastify' (its default or `fastify` export). */
function isFactory(module: ParsedModule, callee: Node): boolean {
  const node = unwrap(callee);
  if (requireSpecifier(node) === 'fastify') return true;
  if (node.type === 'Identifier') {
    const binding = importOf(module, node.name);
    return binding?.specifier === 'fastify' && ['default', 'fastify', 'require'].includes(binding.imported);
  }
  if (node.type === 'MemberExpression') {
    // `import * as F from 'fastify'; F.fastify()`, `require('fastify').fastify()`
    const path = memberPath(node.object);
    const binding = path ? importOf(module, path) : undefined;
    const fromRequire = requireSpecifier(unwrap(node.object)) === 'fastify';
    return (binding?.specifier === 'fastify' || fromRequire) && !node.computed && ['fastify', 'default'].includes(node.property.name);
  }
  return false;
}

/** `Fastify(opts)`, possibly followed by chained configuration (`.withTypeProvider()`). */
export function isFactoryCall(module: ParsedModule, raw: Node): boolean {
  let node = unwrap(raw);
  while (node.type === 'CallExpression') {
    if (isFactory(module, node.callee)) return true;
    const callee = unwrap(node.callee);
    if (callee.type !== 'MemberExpression') return false;
    node = unwrap(callee.object);
  }
  return false;
}

/** Tests build their own instances (often registering one plugin bare): they are not the app. */
export const TEST_FILE = /(^|\/)(__tests__|test|tests|e2e)\/|\.(test|spec|e2e-spec)\.[cm]?[jt]sx?$/;

/** Only a module that imports the factory (not just its types) or requires it can create an instance. */
const importsFactory = (module: ParsedModule) =>
  module.imports.some((b) => b.specifier === 'fastify' && !b.isType && ['default', 'fastify', '*'].includes(b.imported)) ||
  /require\(\s*['"]fastify['"]\s*\)/.test(module.file.text);

export function findRoots(modules: Iterable<ParsedModule>): FastifyRoot[] {
  const roots: FastifyRoot[] = [];
  for (const module of modules) {
    if (TEST_FILE.test(module.file.path) || !importsFactory(module)) continue;
    // Enclosing scopes, innermost last: the walk is depth-first, so a stack by end offset works.
    const scopes: Node[] = [module.program];
    walk(module.program, (node) => {
      while (scopes.length > 1 && (scopes[scopes.length - 1] as Node).end <= node.start) scopes.pop();
      if (isFunction(node) || node.type === 'ClassBody') scopes.push(node);
      let instance: string | undefined;
      let init: Node | undefined;
      if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init) [instance, init] = [node.id.name, node.init];
      else if (node.type === 'AssignmentExpression' && node.operator === '=') [instance, init] = [memberPath(node.left), node.right];
      if (!instance || !init || !isFactoryCall(module, init)) return;
      const owner = instance.startsWith('this.')
        ? ([...scopes].reverse().find((s) => s.type === 'ClassBody') ?? module.program)
        : (scopes[scopes.length - 1] as Node);
      const scope = isFunction(owner) ? ((owner.body ?? owner) as Node) : owner;
      roots.push({ module, instance, owner, scope, line: module.lines.line(node.start) });
    });
  }
  return roots;
}
