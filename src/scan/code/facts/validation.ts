/**
 * Which validation library guards an endpoint: a validator middleware (`celebrate(…)`,
 * `body('email').isEmail()`, `zValidator('json', schema)`, `validate(createUserSchema)`), or a schema
 * parsed in the handler (`schema.parse(req.body)`, `Joi.object(…).validate(…)`). The library is the
 * package the schema or validator comes from; a validator whose library cannot be told is 'custom'.
 */
import type { Node } from 'oxc-parser';
import type { ParsedModule } from '../../parse.js';
import { memberPath, unwrap } from '../ast.js';
import { resolveExpression, type LocalResolver } from '../evaluate.js';
import type { ProjectIndex } from '../graph.js';
import { bareName, nameWords } from './names.js';
import { importedPackages, originPackage } from './packages.js';

export const VALIDATION_PACKAGES: Readonly<Record<string, string>> = {
  zod: 'zod', joi: 'joi', '@hapi/joi': 'joi', celebrate: 'celebrate', 'express-validator': 'express-validator', yup: 'yup',
  valibot: 'valibot', 'class-validator': 'class-validator', ajv: 'ajv', '@sinclair/typebox': 'typebox', typebox: 'typebox',
  superstruct: 'superstruct', 'io-ts': 'io-ts', runtypes: 'runtypes', arktype: 'arktype', '@vinejs/vine': 'vine',
  'fastest-validator': 'fastest-validator', 'express-joi-validation': 'joi', 'zod-express-middleware': 'zod',
  'express-zod-safe': 'zod', 'zod-express': 'zod', '@hono/zod-validator': 'zod', '@hono/zod-openapi': 'zod',
  '@hono/typebox-validator': 'typebox', '@hono/valibot-validator': 'valibot', '@hono/arktype-validator': 'arktype',
  '@hono/typia-validator': 'typia', typia: 'typia', '@effect/schema': 'effect', 'koa-joi-router': 'joi', 'nestjs-zod': 'zod',
};

const VALIDATOR_WORDS = new Set(['validate', 'validation', 'validator', 'validated', 'validates', 'schema', 'sanitize', 'validations']);
const PARSE_METHODS = new Set(['parse', 'safeParse', 'parseAsync', 'safeParseAsync', 'validate', 'validateAsync', 'validateSync', 'decode', 'cast']);

/** The library a schema (or any expression built from one) comes from. */
export function schemaLibrary(index: ProjectIndex, module: ParsedModule, expression: Node, local?: LocalResolver, depth = 0): string | undefined {
  const direct = VALIDATION_PACKAGES[originPackage(index, module, expression, local) ?? ''];
  if (direct || depth > 3) return direct;
  const definition = resolveExpression(index, module, expression, local);
  if (!definition) return undefined;
  const node = unwrap(definition.node);
  if (node.type === 'ObjectExpression') {
    for (const property of node.properties) {
      if (property.type !== 'Property') continue;
      const found = schemaLibrary(index, definition.module, property.value, undefined, depth + 1);
      if (found) return found;
    }
  }
  // A schema built by a project helper (`makeSchema(…)`) is whatever library the defining module uses.
  if (node !== unwrap(expression) && (node.type === 'CallExpression' || node.type === 'NewExpression')) return libraryImportedBy(definition.module);
  return undefined;
}

/** The first validation library a module imports (how a custom `validate` helper does its work). */
export function libraryImportedBy(module: ParsedModule): string | undefined {
  for (const pkg of importedPackages(module)) if (VALIDATION_PACKAGES[pkg]) return VALIDATION_PACKAGES[pkg];
  return undefined;
}

/** The library of a validator middleware, or undefined if the middleware is not a validator. */
export function validationOfMiddleware(index: ProjectIndex, module: ParsedModule, expression: Node, name: string | undefined, local?: LocalResolver): string | undefined {
  const direct = VALIDATION_PACKAGES[originPackage(index, module, expression, local) ?? ''];
  if (direct) return direct;
  if (!name || !nameWords(bareName(name)).some((w) => VALIDATOR_WORDS.has(w))) return undefined;
  const node = unwrap(expression);
  if (node.type === 'CallExpression') {
    for (const arg of node.arguments) {
      const found = schemaLibrary(index, module, arg as Node, local);
      if (found) return found;
    }
  }
  const definition = resolveExpression(index, module, node.type === 'CallExpression' ? node.callee : node, local);
  return (definition && definition.module !== module ? libraryImportedBy(definition.module) : undefined) ?? 'custom';
}

/** A schema parsed inside a handler: `schema.parse(x)`, `Joi.object(…).validate(x)`, `validationResult(req)`. */
export function validationOfCall(index: ProjectIndex, module: ParsedModule, node: Node, local?: LocalResolver): string | undefined {
  if (node.type !== 'CallExpression') return undefined;
  const callee = unwrap(node.callee);
  if (callee.type === 'Identifier') {
    const pkg = originPackage(index, module, callee, local);
    return pkg === 'express-validator' || pkg === 'class-validator' ? pkg : undefined;
  }
  if (callee.type !== 'MemberExpression' || callee.computed || !PARSE_METHODS.has(callee.property.name)) return undefined;
  if (memberPath(callee.object) === 'JSON') return undefined;
  return schemaLibrary(index, module, callee.object, local);
}
