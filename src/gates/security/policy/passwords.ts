/**
 * How code treats passwords: names that hold a raw password (`password`, `pwd`, not `passwordHash`),
 * fast digests applied to one (`createHash('sha256').update(password)`, `md5(password)`), a raw
 * password written to storage (`User.create({ password: req.body.password })`), and whether the
 * project hashes passwords properly anywhere (bcrypt, argon2, scrypt, pbkdf2; in a model hook).
 */
import type { Node } from 'oxc-parser';
import { memberPath, propertyName, stringLiteral, unwrap, walk } from '../../../scan/code/ast.js';
import { nameWords } from '../../../scan/code/facts/names.js';
import { inputSource } from '../../../scan/code/facts/params.js';
import type { CheckContext } from '../../types.js';
import { serviceModules } from './files.js';

const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'passphrase']);
/** Words that make a password-named value something else (a hash, a setting, a message, a token). */
const NOT_RAW = new Set([
  'hash', 'hashed', 'digest', 'salt', 'encrypted', 'crypted', 'hmac', 'policy', 'strength', 'length', 'min', 'max', 'field', 'regex', 'pattern',
  'rule', 'rules', 'label', 'placeholder', 'error', 'message', 'msg', 'expires', 'expiry', 'changed', 'updated', 'at', 'reset', 'token', 'type',
  'input', 'visible', 'show', 'valid', 'is', 'has', 'schema', 'required', 'confirm', 'confirmation', 'key', 'env', 'path', 'url', 'hint', 'rounds', 'cost',
  'manager', 'protected', 'forgot', 'by', 'count', 'attempts', 'version', 'flag', 'mode', 'sent', 'link', 'check', 'matches', 'match', 'compare',
]);

/** A name that holds a raw password (`password`, `newPassword`, `userPwd`, `dbPass`), not a hash or a setting about one. */
export function isRawPasswordName(name: string): boolean {
  if (!/pass|pwd|pw$/i.test(name)) return false;
  const words = nameWords(name);
  if (words.length === 0 || words.some((w) => NOT_RAW.has(w))) return false;
  const last = words[words.length - 1] as string;
  return words.some((w) => w === 'password' || w === 'passwd' || w === 'pwd' || w === 'passphrase') || last === 'pass' || last === 'pw';
}

/** A name for a stored password hash (`passwordHash`, `hashedPassword`, `password_digest`). */
export const isPasswordHashName = (name: string): boolean => {
  if (!/pass|pwd/i.test(name)) return false;
  const words = nameWords(name);
  return words.some((w) => PASSWORD_WORDS.has(w)) && words.some((w) => w === 'hash' || w === 'hashed' || w === 'digest' || w === 'crypted' || w === 'encrypted');
};

const lastName = (node: Node): string | undefined => {
  const inner = unwrap(node);
  if (inner.type === 'Identifier') return inner.name;
  if (inner.type === 'MemberExpression') return propertyName(inner.property, inner.computed);
  return undefined;
};

/** An expression naming a raw password: `password`, `req.body.password`, `dto.newPassword`. */
export const isPasswordValue = (node: Node): boolean => {
  const name = lastName(node);
  return name !== undefined && isRawPasswordName(name);
};

const WEAK_ALGORITHMS = /^(md4|md5|sha-?1|sha-?224|sha-?256|sha-?384|sha-?512|sha3-\d+|ripemd-?160|whirlpool)$/i;
const WEAK_FUNCTIONS = /^(md5|md4|sha1|sha224|sha256|sha384|sha512|MD5|SHA1|SHA224|SHA256|SHA384|SHA512|SHA3|hashMd5|md5Hash|sha256Hash|sha1Hash)$/;

/** `createHash('sha256').update(x)` / `createHmac('sha1', k).update(x)`: the digest call and its algorithm, for the `update` call. */
export function weakDigestOf(call: Node): { algorithm: string; data: Node } | undefined {
  if (call.type !== 'CallExpression') return undefined;
  const callee = unwrap(call.callee);
  if (callee.type === 'MemberExpression' && propertyName(callee.property, callee.computed) === 'update' && call.arguments[0]) {
    const maker = unwrap(callee.object);
    if (maker.type !== 'CallExpression') return undefined;
    const name = (memberPath(maker.callee) ?? '').split('.').pop();
    const algorithm = stringLiteral(maker.arguments[0] as Node | undefined);
    if ((name === 'createHash' || name === 'createHmac') && algorithm && WEAK_ALGORITHMS.test(algorithm)) return { algorithm, data: call.arguments[0] as Node };
    return undefined;
  }
  const name = (memberPath(callee) ?? '').split('.').pop() ?? '';
  if (WEAK_FUNCTIONS.test(name) && call.arguments[0]) return { algorithm: name.toLowerCase(), data: call.arguments[0] as Node };
  return undefined;
}

/** Whether an expression contains a call that hashes or encrypts (so a value built from it is not raw). */
export function containsHashCall(node: Node): boolean {
  let found = false;
  walk(node, (child) => {
    if (found) return false;
    if (child.type === 'CallExpression' || child.type === 'NewExpression') {
      const words = nameWords(memberPath(child.callee) ?? '');
      if (words.some((w) => /^(hash|hashed|hasher|encrypt|bcrypt|argon2?|scrypt|pbkdf2|crypt|digest|seal)$/.test(w) || w.startsWith('hash'))) found = true;
    }
    return undefined;
  });
  return found;
}

const STRONG_PACKAGES = new Set(['bcrypt', 'bcryptjs', 'argon2', '@node-rs/argon2', '@node-rs/bcrypt', 'bcrypt-nodejs', 'scrypt-js', 'passport-local-mongoose', '@phc/argon2', 'argon2id', 'hash-wasm', '@noble/hashes', 'better-auth', 'lucia', '@auth/core', 'next-auth', 'firebase-admin', '@supabase/supabase-js', '@clerk/clerk-sdk-node', '@clerk/express', 'auth0', 'keycloak-connect']);
const STRONG_CALL = /\b(scrypt|scryptSync|pbkdf2|pbkdf2Sync)\s*\(|\bargon2\w*\.hash\(|\bbcrypt\w*\.(hash|hashSync|genSalt)\(/;
const MODEL_HOOK = /\.pre\(\s*['"](save|validate|updateOne|findOneAndUpdate)['"]|\b(beforeCreate|beforeSave|beforeUpdate|beforeValidate|beforeBulkCreate)\b|@Before(Insert|Update)\(|\$extends\(|\$use\(|hooks\s*:\s*\{/;

export interface HashingSupport {
  /** Where a strong password hash is used (a file, or a package), if anywhere. */
  strong: string | undefined;
  /** A model hook (Mongoose pre-save, Sequelize beforeCreate, TypeORM @BeforeInsert, Prisma extension) that hashes. */
  hook: string | undefined;
}

/** Whether and where the project hashes passwords properly. */
export function hashingSupport(context: CheckContext): HashingSupport {
  return context.memo('policy:hashing', () => {
    let strong: string | undefined;
    let hook: string | undefined;
    for (const module of serviceModules(context)) {
      const text = module.file.text;
      const imports = module.imports.some((i) => STRONG_PACKAGES.has(i.specifier)) || [...STRONG_PACKAGES].some((p) => text.includes(`require('${p}')`) || text.includes(`require("${p}")`));
      const hashes = imports || STRONG_CALL.test(text);
      if (hashes) strong ??= module.file.path;
      if (hashes && MODEL_HOOK.test(text)) hook ??= module.file.path;
    }
    if (!strong && context.packageJson) {
      try {
        const deps = (JSON.parse(context.packageJson.text) as { dependencies?: Record<string, string> }).dependencies ?? {};
        const pkg = Object.keys(deps).find((name) => STRONG_PACKAGES.has(name));
        if (pkg) strong = `the ${pkg} package`;
      } catch {
        // An unreadable package.json says nothing about hashing.
      }
    }
    return { strong, hook };
  });
}

/** Input a request carries: `req.body.password`, `body.password`, `dto.password`, `input.password`. */
const INPUT_ROOT = /^(req|request|ctx|c)\.(body|request\.body|req)\b|^(body|dto|input|payload|data|args|params|values|fields|credentials|form|formData|signup|register|registration|newUser|userData|userInput|\w+Dto|\w+Input|\w+Body|\w+Payload|\w+Request)\./;

export function isInputDerived(node: Node, roots: ReadonlySet<string>): boolean {
  const inner = unwrap(node);
  if (inner.type !== 'MemberExpression') return false;
  if (inputSource(inner.object as Node, roots)) return true;
  return INPUT_ROOT.test(memberPath(inner) ?? '');
}
