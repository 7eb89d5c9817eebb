/**
 * How one module handles passwords, node by node: fast digests of a password, a stored password
 * compared as plain text, and a password from the request written to storage unhashed (an ORM
 * create/update, `new Model({...})`, an assignment, an SQL INSERT/UPDATE with it as a parameter).
 */
import type { Node } from 'oxc-parser';
import { memberPath, propertyName, stringLiteral, unwrap, walk } from '../../../scan/code/ast.js';
import { inputSource } from '../../../scan/code/facts/params.js';
import { lookup } from '../../../scan/code/scope.js';
import type { ParsedModule } from '../../../scan/parse.js';
import type { FindingInput, Severity } from '../../types.js';
import { containsHashCall, isInputDerived, isPasswordHashName, isPasswordValue, isRawPasswordName, weakDigestOf } from './passwords.js';
import { nearest, walkModule, type WalkState } from './walk.js';

const WRITE_METHODS = /^(create|createOne|createUser|insert|insertOne|insertMany|save|update|updateOne|updateMany|findOneAndUpdate|findByIdAndUpdate|upsert|build|set|add|put|persist|bulkCreate|merge|register|signup|store)$/;
const SQL_WRITE = /\b(insert\s+into|update)\b[\s\S]*\b"?password"?\b(?!_)/i;

/** Whether a value is a raw password taken from input: `req.body.password`, or a variable or parameter holding one. */
function isRawInput(value: Node, state: WalkState): boolean {
  const node = unwrap(value);
  if (node.type === 'MemberExpression') return isInputDerived(node, state.roots);
  if (node.type !== 'Identifier') return false;
  const binding = lookup(state.scope, node.name);
  if (!binding) return false;
  if (binding.kind === 'param') return isRawPasswordName(node.name);
  if (binding.kind !== 'var' || !binding.init) return false;
  if (containsHashCall(binding.init)) return false;
  const init = unwrap(binding.init);
  if (binding.path.length > 0) return !!inputSource(init, state.roots) || /^(body|dto|input|payload|data|credentials|\w+Dto|\w+Input|\w+Body)$/.test(memberPath(init) ?? '') || isInputDerived(init, state.roots);
  return isInputDerived(init, state.roots);
}

/** The call an object literal is written with (`User.create({…})`, `new User({…})`, `prisma.user.create({ data: {…} })`). */
function writeCallOf(ancestors: readonly Node[]): string | undefined {
  const call = nearest(ancestors, ['CallExpression', 'NewExpression'], 5);
  if (!call || (call.type !== 'CallExpression' && call.type !== 'NewExpression')) return undefined;
  const path = memberPath(call.callee) ?? '';
  const name = path.split('.').pop() ?? '';
  if (call.type === 'NewExpression') return /^[A-Z]/.test(name) && !/Error$|^(Map|Set|Date|URL|Promise)$/.test(name) ? `new ${path}(…)` : undefined;
  return WRITE_METHODS.test(name) ? `${path}(…)` : undefined;
}

/** The weak digests, plain-text comparisons and unhashed writes of passwords in one module. */
export function checkPasswordHandling(module: ParsedModule, hooked: boolean, storeSeverity: Severity, report: (finding: FindingInput) => void): void {
  const file = module.file.path;
  const at = (node: Node) => module.lines.position(node.start);
  const reported = new Set<number>();
  const once = (node: Node, finding: Omit<FindingInput, 'file' | 'line' | 'column'>) => {
    if (reported.has(node.start)) return;
    reported.add(node.start);
    report({ file, ...at(node), ...finding });
  };
  const weakHint = 'Use a password hash instead of a digest: `await bcrypt.hash(password, 12)` or argon2id (`argon2.hash(password)`), or `crypto.scrypt` with a random salt; verify with `bcrypt.compare`.';

  walkModule(module, (node, state) => {
    switch (node.type) {
      case 'CallExpression': {
        const weak = weakDigestOf(node);
        if (weak && (isPasswordValue(weak.data) || mentionsPassword(weak.data))) {
          once(node, { message: `a password is hashed with ${weak.algorithm}, a fast digest: it can be brute-forced at billions of guesses per second`, hint: weakHint });
        }
        const sql = stringLiteral(node.arguments[0] as Node | undefined) ?? templateText(node.arguments[0] as Node | undefined);
        const values = node.arguments[1] && unwrap(node.arguments[1] as Node);
        // `crypt($2, gen_salt('bf'))`: the database hashes it (pgcrypto).
        if (sql && SQL_WRITE.test(sql) && !/\b(crypt|digest|hash|hmac)\s*\(/i.test(sql) && values?.type === 'ArrayExpression') {
          const raw = values.elements.find((e) => e && isPasswordValue(e as Node) && isRawInput(e as Node, state));
          if (raw) once(raw as Node, { severity: storeSeverity, message: 'a password from the request is written to the database as sent (SQL INSERT/UPDATE of the password column without hashing)', hint: storeHint });
        }
        break;
      }
      case 'VariableDeclarator':
      case 'AssignmentExpression': {
        const target = node.type === 'VariableDeclarator' ? node.id : node.left;
        const value = node.type === 'VariableDeclarator' ? node.init : node.right;
        const name = target.type === 'Identifier' ? target.name : memberPath(target as Node)?.split('.').pop();
        if (!value || !name) break;
        if (isRawPasswordName(name) || isPasswordHashName(name)) {
          const weak = firstWeakDigest(value as Node);
          if (weak) once(weak, { message: `${name} is computed with a fast digest (${weakDigestOf(weak)?.algorithm}): it can be brute-forced at billions of guesses per second`, hint: weakHint });
        }
        if (!hooked && node.type === 'AssignmentExpression' && isRawPasswordName(name) && target.type === 'MemberExpression' && !isInputDerived(target as Node, state.roots) && isRawInput(value as Node, state)) {
          once(node, { severity: storeSeverity, message: `a password from the request is assigned to ${memberPath(target as Node)} as sent, without hashing`, hint: storeHint });
        }
        break;
      }
      case 'Property': {
        if (hooked || node.computed) break;
        const key = propertyName(node.key);
        if (!key || !isRawPasswordName(key) || !isRawInput(node.value as Node, state)) break;
        const write = writeCallOf(state.ancestors);
        if (write) once(node, { severity: storeSeverity, message: `${write} stores the password from the request as sent (\`${key}\` is not hashed)`, hint: storeHint });
        break;
      }
      case 'BinaryExpression': {
        if (!['===', '!==', '==', '!='].includes(node.operator)) break;
        const [left, right] = [node.left as Node, node.right as Node];
        const stored = (side: Node) => unwrap(side).type === 'MemberExpression' && isRawPasswordName(memberPath(side)?.split('.').pop() ?? '') && !isInputDerived(side, state.roots);
        const given = (side: Node) => isPasswordValue(side) && !stored(side);
        if ((stored(left) && given(right)) || (stored(right) && given(left))) {
          once(node, { message: 'a stored password is compared as plain text: passwords are kept unhashed', hint: 'Store `await bcrypt.hash(password, 12)` instead of the password and check logins with `await bcrypt.compare(given, user.passwordHash)`.' });
        }
        break;
      }
      default:
        break;
    }
  });
}

const storeHint = 'Hash it before it is stored: `passwordHash: await bcrypt.hash(password, 12)` (or argon2id), or hash in a model hook; never keep the password itself.';

const templateText = (node: Node | undefined): string | undefined => {
  const inner = node && unwrap(node);
  return inner?.type === 'TemplateLiteral' ? inner.quasis.map((q) => q.value.raw).join('$') : undefined;
};

/** `password + salt`, `` `${salt}${password}` ``: data that includes a password. */
function mentionsPassword(node: Node): boolean {
  let found = false;
  walk(node, (child) => {
    if (found) return false;
    if ((child.type === 'Identifier' || child.type === 'MemberExpression') && isPasswordValue(child)) found = true;
    return undefined;
  });
  return found;
}

function firstWeakDigest(node: Node): Node | undefined {
  let found: Node | undefined;
  walk(node, (child) => {
    if (found) return false;
    if (weakDigestOf(child)) found = child;
    return undefined;
  });
  return found;
}
