import { defineRule } from '../define.js';
import type { FindingInput, Severity } from '../types.js';
import { forEachServiceModule, serviceModules } from './policy/files.js';
import { checkPasswordHandling } from './policy/password-handling.js';
import { hashingSupport, isPasswordHashName, isRawPasswordName } from './policy/passwords.js';

const PREFILTER = /passw|pwd|\bpass\b|createHash|createHmac|md5|sha1|sha256|sha512/i;

export default defineRule({
  id: 'sec/password-hashing',
  area: 'security',
  checklist: 'Sensitive data encrypted',
  severity: 'error',
  docs: {
    description:
      'Passwords are stored only as slow, salted hashes: bcrypt/bcryptjs, argon2, scrypt or pbkdf2 (`crypto.scrypt`, `crypto.pbkdf2`). ' +
      'Errors: a password put through a fast digest (`createHash(\'sha256\').update(password)`, `md5(password)`, `CryptoJS.SHA1(password)`), ' +
      'a stored password compared as plain text (`user.password === req.body.password`), and a password from the request written to storage as sent ' +
      '(`User.create({ password: req.body.password })`, `INSERT … (password) VALUES ($1)` with it) in a project that hashes no password anywhere. ' +
      'Where the project does hash with a strong algorithm elsewhere, such a write is a warning; where a model hook hashes on save (Mongoose `pre(\'save\')`, Sequelize `beforeCreate`, TypeORM `@BeforeInsert`, a Prisma extension), it passes. ' +
      'A model with a `password` column in a project that hashes nothing is a warning.',
    failing: `const hash = crypto.createHash('sha256').update(req.body.password).digest('hex');
await db.user.create({ data: { email, passwordHash: hash } });`,
    passing: `const passwordHash = await bcrypt.hash(req.body.password, 12);
await db.user.create({ data: { email, passwordHash } });`,
    whenNotToUse: 'When passwords are handled entirely by an identity provider and the service never sees one.',
  },
  check(context, reporter) {
    const mentions = serviceModules(context).some((m) => PREFILTER.test(m.file.text));
    const passwordColumns = context.registry.models.flatMap((model) => model.fields.filter((f) => isRawPasswordName(f.name) || isPasswordHashName(f.name)).map((f) => ({ model, field: f })));
    if (!mentions && passwordColumns.length === 0) return { status: 'not-applicable', reason: 'the code handles no passwords' };
    const support = hashingSupport(context);
    const storeSeverity: Severity = support.strong ? 'warning' : 'error';
    let found = 0;
    const report = (finding: FindingInput) => {
      found++;
      reporter.report(finding);
    };
    forEachServiceModule(context, reporter, PREFILTER, (module) => checkPasswordHandling(module, support.hook !== undefined, storeSeverity, report));
    if (found === 0 && !support.strong) {
      for (const { model, field } of passwordColumns) {
        if (!isRawPasswordName(field.name) || !model.source) continue;
        reporter.report({
          file: model.source.file,
          line: model.source.line ?? 1,
          severity: 'warning',
          subject: model.name,
          message: `${model.name}.${field.name} stores passwords, but the project hashes none: no bcrypt, argon2, scrypt or pbkdf2 is used anywhere`,
          hint: 'Hash passwords with bcrypt (cost ≥ 10) or argon2id before storing them (`await bcrypt.hash(password, 12)`), store the hash (`passwordHash`), and compare with `bcrypt.compare`.',
        });
      }
    }
    return undefined;
  },
});

