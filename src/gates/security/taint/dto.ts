/**
 * Fields of a Nest DTO that cannot carry injected text: typed `number`, `boolean` or `Date`, or
 * checked by a class-validator decorator that only lets through numbers, booleans, dates, UUIDs
 * or listed values (`@IsInt()`, `@IsUUID()`, `@IsEnum(Role)`, `@IsIn([...])`). With
 * `ValidationPipe({ transform: true })` these are what the handler receives.
 */
import type { Class, Node } from 'oxc-parser';
import { isClass, propertyName, unwrap } from '../../../scan/code/ast.js';
import { resolveName, type ProjectIndex } from '../../../scan/code/graph.js';
import type { ParsedModule } from '../../../scan/parse.js';

const SAFE_TYPES = new Set(['TSNumberKeyword', 'TSBooleanKeyword', 'TSBigIntKeyword']);
const SAFE_DECORATORS = /^(?:IsInt|IsNumber|IsNumberString|IsBoolean|IsBooleanString|IsDate|IsDateString|IsISO8601|IsUUID|IsMongoId|IsEnum|IsIn|IsPositive|IsNegative|Min|Max|IsLatLong|IsPort)$/;
const cache = new WeakMap<Node, ReadonlySet<string>>();

/** The safe fields of the class a type name refers to (empty when it is not a project class). */
export function dtoSafeFields(index: ProjectIndex, module: ParsedModule, typeName: Node): ReadonlySet<string> {
  if (typeName.type !== 'Identifier') return new Set();
  const definition = resolveName(index, module, typeName.name);
  const node = definition && unwrap(definition.node);
  if (!node || !isClass(node)) return new Set();
  let found = cache.get(node);
  if (!found) {
    found = safeFieldsOf(node);
    cache.set(node, found);
  }
  return found;
}

function safeFieldsOf(cls: Class): Set<string> {
  const safe = new Set<string>();
  for (const element of cls.body.body) {
    if (element.type !== 'PropertyDefinition' || element.static) continue;
    const name = propertyName(element.key, element.computed);
    if (name === undefined) continue;
    const annotation = element.typeAnnotation?.typeAnnotation as Node | undefined;
    const typed = annotation !== undefined && (SAFE_TYPES.has(annotation.type) || (annotation.type === 'TSTypeReference' && annotation.typeName.type === 'Identifier' && annotation.typeName.name === 'Date'));
    const decorated = (element.decorators ?? []).some((d) => {
      const expression = unwrap(d.expression);
      const callee = expression.type === 'CallExpression' ? unwrap(expression.callee) : expression;
      return callee.type === 'Identifier' && SAFE_DECORATORS.test(callee.name);
    });
    if (typed || decorated) safe.add(name);
  }
  return safe;
}
