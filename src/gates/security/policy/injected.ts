/**
 * Methods of injected services: `this.usersService.update(…)` where `usersService` is a
 * constructor parameter property or a class property typed `UsersService` (Nest and other DI
 * containers), or a local typed the same way. The type names the class whose method runs.
 */
import type { Class, Node } from 'oxc-parser';
import { isClass, paramName, propertyName, unwrap } from '../../../scan/code/ast.js';
import { resolveName, type ProjectIndex } from '../../../scan/code/graph.js';
import { classScope, moduleScope, type Scope } from '../../../scan/code/scope.js';
import { deref, type Target } from '../../../scan/code/values.js';

/**
 * `this.usersService.update(…)` where `usersService` is a constructor parameter or a property typed
 * `UsersService`: the class method of that type (how Nest and other DI containers wire services).
 */
export function injectedMethod(index: ProjectIndex, object: Node, method: string, scope: Scope): Target | undefined {
  const typeName = declaredType(index, object, scope);
  if (!typeName) return undefined;
  const definition = resolveName(index, scope.module, typeName);
  const cls = definition && unwrap(definition.node);
  if (!definition || !cls || !isClass(cls)) return undefined;
  for (const element of cls.body.body) {
    if (element.type === 'MethodDefinition' && !element.static && propertyName(element.key, element.computed) === method) {
      return { module: definition.module, node: element.value as Node, scope: classScope(moduleScope(definition.module), cls) };
    }
  }
  return undefined;
}

/** The type name an injected member or parameter is declared with (`private readonly users: UsersService`). */
function declaredType(index: ProjectIndex, object: Node, scope: Scope): string | undefined {
  const node = unwrap(object);
  let declared: Node | undefined;
  if (node.type === 'MemberExpression' && unwrap(node.object).type === 'ThisExpression' && scope.classNode) {
    const name = propertyName(node.property, node.computed);
    declared = name === undefined ? undefined : classMemberDeclaration(scope.classNode, name);
  } else if (node.type === 'Identifier') {
    try {
      const target = deref(index, node, scope);
      declared = target?.node;
    } catch {
      declared = undefined;
    }
  }
  if (!declared) return undefined;
  const typed = declared.type === 'TSParameterProperty' ? declared.parameter : declared;
  const annotation = (typed as { typeAnnotation?: Node | null }).typeAnnotation;
  const type = annotation?.type === 'TSTypeAnnotation' ? annotation.typeAnnotation : annotation;
  return type?.type === 'TSTypeReference' && type.typeName.type === 'Identifier' ? type.typeName.name : undefined;
}

function classMemberDeclaration(cls: Class, name: string): Node | undefined {
  for (const element of cls.body.body) {
    if (element.type === 'PropertyDefinition' && propertyName(element.key, element.computed) === name) return element as Node;
    if (element.type === 'MethodDefinition' && element.kind === 'constructor') {
      const param = element.value.params.find((p) => p.type === 'TSParameterProperty' && paramName(p as Node) === name);
      if (param) return param as Node;
    }
  }
  return undefined;
}
