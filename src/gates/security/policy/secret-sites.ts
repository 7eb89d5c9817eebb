/**
 * Where a string literal goes, for the secret rule: the name it is assigned to (a variable, a
 * property, a class field, a default parameter, the function that returns it, or an argument that
 * is a key by position such as `jwt.sign(payload, key)`), whether it is only a fallback
 * (`process.env.X ?? 'lit'`), and whether the code picks it by environment.
 */
import type { Node } from 'oxc-parser';
import { isFunction, memberPath, propertyName } from '../../../scan/code/ast.js';
import type { ParsedModule } from '../../../scan/parse.js';
import { isSecretName } from './secrets.js';

const PRODUCTION_CHECK = /NODE_ENV|APP_ENV|isProd\w*|isProduction|['"]production['"]/;

export interface SecretSite {
  /** What holds the secret: a variable, a property, an argument. */
  name: string;
  /** The literal is a default used when the real value is missing (`process.env.X ?? 'lit'`). */
  fallback: boolean;
  /** The choice of the literal depends on the environment (`isProd ? required() : 'dev'`). */
  guarded: boolean;
  /** The name says it holds a secret. */
  secret: boolean;
}

/** What a string literal is assigned to, walking up through `??`, `||`, `?:` and type assertions. */
export function siteOf(literal: Node, ancestors: readonly Node[]): SecretSite | undefined {
  let child = literal;
  let fallback = false;
  let guarded = false;
  for (let i = ancestors.length - 1; i >= 0 && i >= ancestors.length - 6; i--) {
    const parent = ancestors[i] as Node;
    switch (parent.type) {
      case 'LogicalExpression':
        if ((parent.operator !== '??' && parent.operator !== '||') || parent.right !== child) return undefined;
        fallback = true;
        break;
      case 'ConditionalExpression':
        if (parent.test === child) return undefined;
        fallback = true;
        if (PRODUCTION_CHECK.test(memberPath(parent.test as Node) ?? '') || /NODE_ENV|prod|dev/i.test(textOfTest(parent.test as Node))) guarded = true;
        break;
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'ParenthesizedExpression':
        break;
      case 'Property':
        return parent.value === child && !parent.computed ? named(propertyName(parent.key), fallback, guarded) : undefined;
      case 'PropertyDefinition':
        return parent.value === child ? named(propertyName(parent.key, parent.computed), fallback, guarded) : undefined;
      case 'VariableDeclarator':
        return parent.init === child && parent.id.type === 'Identifier' ? named(parent.id.name, fallback, guarded) : undefined;
      case 'AssignmentExpression':
        return parent.right === child ? named(memberPath(parent.left as Node)?.split('.').pop(), fallback, guarded) : undefined;
      case 'AssignmentPattern':
        return parent.right === child && parent.left.type === 'Identifier' ? named(parent.left.name, true, guarded) : undefined;
      case 'CallExpression':
        return argumentSite(parent, child, fallback, guarded);
      case 'ReturnStatement':
        return named(functionName(ancestors.slice(0, i)), fallback, guarded);
      case 'ArrowFunctionExpression':
        return parent.body === child ? named(functionName(ancestors.slice(0, i + 1)), fallback, guarded) : undefined;
      default:
        return undefined;
    }
    child = parent;
  }
  return undefined;
}

const named = (name: string | undefined, fallback: boolean, guarded: boolean): SecretSite | undefined =>
  name ? { name, fallback, guarded, secret: isSecretName(name) } : undefined;

/** The name of the innermost function among the ancestors: `function jwtSecret()`, `const getSecret = () => …`, a method. */
function functionName(ancestors: readonly Node[]): string | undefined {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const node = ancestors[i] as Node;
    if (!isFunction(node)) continue;
    if ((node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression') && node.id) return node.id.name;
    const parent = ancestors[i - 1];
    if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
    if ((parent?.type === 'MethodDefinition' || parent?.type === 'Property') && !parent.computed) return propertyName(parent.key);
    return undefined;
  }
  return undefined;
}

/** Identifiers and member names in a condition (`config.isProduction`, `env === 'dev'`), as text. */
function textOfTest(test: Node): string {
  const node = test as { left?: Node; right?: Node; argument?: Node };
  return [memberPath(test), node.left && memberPath(node.left), node.right?.type === 'Literal' ? String((node.right as { value: unknown }).value) : undefined, node.argument && memberPath(node.argument)]
    .filter(Boolean)
    .join(' ');
}

/** Secrets passed straight to the function that uses them: `jwt.sign(p, 'key')`, `createHmac('sha256', 'key')`, `cookieParser('key')`. */
function argumentSite(call: Extract<Node, { type: 'CallExpression' }>, argument: Node, fallback: boolean, guarded: boolean): SecretSite | undefined {
  const index = call.arguments.indexOf(argument as never);
  const path = memberPath(call.callee) ?? '';
  const last = path.split('.').pop() ?? '';
  if (index === 1 && (last === 'sign' || last === 'verify') && /jwt|jsonwebtoken|jose|token/i.test(path)) return { name: `the JWT key of ${path}()`, fallback, guarded, secret: true };
  if (index === 1 && last === 'createHmac') return { name: 'the HMAC key of createHmac()', fallback, guarded, secret: true };
  if (index === 0 && /^(cookieParser|cookieSession|session)$/.test(last)) return { name: `the secret of ${last}()`, fallback, guarded, secret: true };
  return undefined;
}

/** Whether the enclosing function (or the module) refuses to run in production without the real value. */
export function guardedByProductionCheck(module: ParsedModule, ancestors: readonly Node[]): boolean {
  const fn = [...ancestors].reverse().find((a) => isFunction(a));
  const text = fn ? module.file.text.slice(fn.start, fn.end) : module.file.text;
  return PRODUCTION_CHECK.test(text) && /\bthrow\b|process\.exit/.test(text);
}
