/**
 * Rows that carry a password field: the registry's models with one (a Prisma, SQL, TypeORM,
 * Sequelize or Drizzle model with `password`, `passwordHash`, `salt`, an OTP secret…), and the
 * ORM or SQL reads of such a model without a projection (`prisma.user.findUnique({ where })`,
 * `User.findById(id)`, `this.usersRepository.findOne(…)`, `SELECT * FROM users`).
 */
import type { Node } from 'oxc-parser';
import { memberPath, objectProperty, stringLiteral, unwrap } from '../../../scan/code/ast.js';
import { nameWords } from '../../../scan/code/facts/names.js';
import type { CheckContext } from '../../types.js';
import { serviceModules } from './files.js';
import { isPasswordHashName, isRawPasswordName } from './passwords.js';

/** Fields that must never leave the server. */
export function isSensitiveField(name: string): boolean {
  if (isRawPasswordName(name) || isPasswordHashName(name)) return true;
  const words = nameWords(name);
  if (words.length === 1 && (words[0] === 'salt' || words[0] === 'hash')) return false;
  if (words.includes('salt') && words.some((w) => w.startsWith('pass'))) return true;
  if (words.includes('secret') && words.some((w) => ['otp', 'totp', 'mfa', '2fa', 'two', 'factor', 'tfa'].includes(w))) return true;
  return words.join('') === 'privatekey';
}

const READ_METHODS = new Set([
  'findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findMany', 'findOne', 'findById', 'findByPk', 'findAll', 'find', 'findOneBy',
  'findBy', 'findOneOrFail', 'findOneByOrFail', 'create', 'update', 'upsert', 'findByIdAndUpdate', 'findOneAndUpdate',
]);
const PROJECTIONS = ['select', 'attributes', 'omit', 'projection', 'fields'];
/** Ways a project strips such fields from every response (or every read). */
const STRIPS = /delete\s+[\w$.]+\.(password\w*|hash\w*)|toJSON|@Exclude\(|select:\s*false|omit:\s*\{[^}]*pass|ClassSerializerInterceptor|excludeExtraneousValues|defaultScope|exclude:\s*\[[^\]]*pass/;

interface SensitiveModel {
  name: string;
  field: string;
}

interface SensitiveModels {
  /** By lower-case model name and table name. */
  models: Map<string, SensitiveModel>;
  /** The project strips sensitive fields globally (serializer, `toJSON`, `select: false`…): reads are not suspect. */
  stripped: boolean;
}

export function sensitiveModels(context: CheckContext): SensitiveModels {
  return context.memo('policy:sensitive-models', () => {
    const models = new Map<string, SensitiveModel>();
    for (const model of context.registry.models) {
      const field = model.fields.find((f) => isSensitiveField(f.name));
      if (!field) continue;
      models.set(model.name.toLowerCase(), { name: model.name, field: field.name });
      if (model.table) models.set(model.table.toLowerCase(), { name: model.name, field: field.name });
    }
    for (const found of mongooseModels(context)) if (!models.has(found.name.toLowerCase())) models.set(found.name.toLowerCase(), found);
    const stripped = models.size > 0 && serviceModules(context).some((m) => /pass/i.test(m.file.text) && STRIPS.test(m.file.text));
    return { models, stripped };
  });
}

const MODEL_CALL = /\bmodel\s*(?:<[^>]*>)?\(\s*['"]([A-Za-z_$][\w$]*)['"]|SchemaFactory\.createForClass\(\s*([A-Za-z_$][\w$]*)/g;
const SCHEMA_FIELD = /\b(password|passwordHash|password_hash|hashedPassword|passwordDigest|salt)\s*:\s*(\{[^}]*\}|\[[^\]]*\]|[\w.]+)|@Prop\(([^)]*)\)\s*(?:readonly\s+)?(password\w*)/;

/**
 * Mongoose models, which the registry does not list: `mongoose.model('User', schema)` or Nest's
 * `SchemaFactory.createForClass(User)` in a module whose schema has a password field that is not
 * `select: false`.
 */
function mongooseModels(context: CheckContext): SensitiveModel[] {
  const out: SensitiveModel[] = [];
  for (const module of serviceModules(context)) {
    const text = module.file.text;
    if (!text.includes('Schema') || !/pass|salt/i.test(text)) continue;
    const field = SCHEMA_FIELD.exec(text);
    if (!field || /select\s*:\s*false/.test(field[2] ?? field[3] ?? '')) continue;
    for (const match of text.matchAll(MODEL_CALL)) out.push({ name: (match[1] ?? match[2]) as string, field: (field[1] ?? field[4]) as string });
  }
  return out;
}

/** An ORM or SQL read of a model with a sensitive field, without a projection that leaves it out. */
export function sensitiveRead(context: CheckContext, call: Extract<Node, { type: 'CallExpression' | 'NewExpression' }>): { model: string; field: string } | undefined {
  const { models, stripped } = sensitiveModels(context);
  if (models.size === 0 || stripped) return undefined;
  // `new User({ … })` of a Mongoose or Sequelize model: the document, password included.
  if (call.type === 'NewExpression') {
    const found = call.callee.type === 'Identifier' ? models.get(call.callee.name.toLowerCase()) : undefined;
    return found && /^[A-Z]/.test(call.callee.type === 'Identifier' ? call.callee.name : '') ? { model: found.name, field: found.field } : undefined;
  }
  const sql = stringLiteral(call.arguments[0] as Node | undefined) ?? templateText(call.arguments[0] as Node | undefined);
  if (sql) {
    const match = /\bselect\s+([\s\S]+?)\s+from\s+"?(\w+)"?/i.exec(sql);
    const found = match && models.get((match[2] as string).toLowerCase());
    const columns = match?.[1] ?? '';
    if (found && (/^\s*\*\s*$/.test(columns) || new RegExp(`\\b(${snake(found.field)}|${found.field})\\b`, 'i').test(columns))) return { model: found.name, field: found.field };
    return undefined;
  }
  const path = memberPath(call.callee);
  if (!path) return undefined;
  const parts = path.split('.');
  const method = parts.pop() as string;
  const owner = parts.pop();
  if (!owner || !READ_METHODS.has(method)) return undefined;
  const base = owner.replace(/(Repository|Repo|Model|Collection)$/i, '').toLowerCase();
  const found = models.get(base) ?? models.get(base.replace(/s$/, ''));
  if (!found) return undefined;
  const options = call.arguments[0] && unwrap(call.arguments[0] as Node);
  if (options?.type === 'ObjectExpression' && PROJECTIONS.some((key) => objectProperty(options, key))) return undefined;
  // Mongoose `findById(id, 'name email')` / `findOne(q, { password: 0 })`: a projection argument.
  if (call.arguments.slice(1).some((arg) => unwrap(arg as Node).type === 'ObjectExpression' || stringLiteral(arg as Node) !== undefined)) return undefined;
  return { model: found.name, field: found.field };
}

const snake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
const templateText = (node: Node | undefined): string | undefined => {
  const inner = node && unwrap(node);
  return inner?.type === 'TemplateLiteral' ? inner.quasis.map((q) => q.value.raw).join('$') : undefined;
};
