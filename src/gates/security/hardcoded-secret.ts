import type { Node } from 'oxc-parser';
import { defineRule } from '../define.js';
import type { FindingInput, Severity } from '../types.js';
import { forEachServiceModule, isSeedFile } from './policy/files.js';
import { guardedByProductionCheck, siteOf } from './policy/secret-sites.js';
import { isDevValue, isNonSecretValue, knownFormat, urlPassword } from './policy/secrets.js';
import { walkModule } from './policy/walk.js';

/** A module worth walking: a known key format, a URL with credentials, or a secret-named thing given a value. */
const PREFILTER = new RegExp(
  [
    /AKIA|ASIA|[sr]k_(live|test)_|gh[pousr]_|github_pat|xox[baprse]-|AIza|SG\.|npm_|PRIVATE KEY|eyJ/.source,
    /:\/\/[^\s:@/'"`]+:[^\s@/'"`]+@/.source,
    /(secret|passw|pwd|passphrase|api_?key|private_?key|access_?key|signing_?key|encryption_?key|master_?key|token)[\w$]*['"]?\s*(:|=(?!=)|\?\?|\|\|)/.source,
    /\.(sign|verify)\(|createHmac\(|cookie(Parser|Session)\(|session\(/.source,
  ].join('|'),
  'i',
);
const HINT = 'Read it from the environment or a secret manager (`process.env.JWT_SECRET`) and fail at startup when it is missing; rotate the value, since it is in the repository history.';

const preview = (value: string) => `'${value.slice(0, 3)}…' (${value.length} characters)`;

export default defineRule({
  id: 'sec/hardcoded-secret',
  area: 'security',
  checklist: 'Sensitive data encrypted',
  severity: 'error',
  docs: {
    description:
      'No secrets in code. Errors: credential formats that are secrets wherever they appear (AWS access key ids, Stripe live keys, GitHub, Slack, Google, SendGrid and npm tokens, private key blocks; a URL with a password to a non-local host), ' +
      'and a string literal as the only value of something named for a secret (`jwtSecret`, `apiKey`, `DB_PASSWORD`, `clientSecret`, `accessToken`, `session({ secret })`, `jwt.sign(payload, \'…\')`), placeholders such as \'changeme\' included: they get deployed. ' +
      'A literal that is only the fallback when the environment lacks the value (`process.env.JWT_SECRET ?? \'s3cret\'`) is a warning; it is info when the fallback is clearly for development ' +
      '(its value says dev/test/local/example/changeme, or the code picks it by NODE_ENV, or the same function or module refuses to start in production without the real value). ' +
      'Stripe test keys and JWTs are warnings; seed scripts are warnings. Tests, fixtures, mocks, examples and docs are not read; labels, messages and env var names are not secrets.',
    failing: "app.use(session({ secret: 'keyboard cat' }));\nconst token = jwt.sign({ sub: user.id }, 'my-jwt-secret');",
    passing: "app.use(session({ secret: process.env.SESSION_SECRET }));\nconst token = jwt.sign({ sub: user.id }, config.jwtSecret); // config fails at startup without JWT_SECRET",
    whenNotToUse: 'Never turn it off; silence a known public value (a demo key) with `// bo-ignore sec/hardcoded-secret: <why>`.',
  },
  check(context, reporter) {
    forEachServiceModule(context, reporter, PREFILTER, (module) => {
      const seed = isSeedFile(module.file.path);
      const reported = new Set<number>();
      const report = (node: Node, finding: Omit<FindingInput, 'file' | 'line' | 'column'>) => {
        if (reported.has(node.start)) return;
        reported.add(node.start);
        reporter.report({ file: module.file.path, ...module.lines.position(node.start), ...finding });
      };
      walkModule(module, (node, { ancestors }) => {
        const values = node.type === 'Literal' && typeof node.value === 'string' ? [node.value] : node.type === 'TemplateLiteral' ? node.quasis.map((q) => q.value.cooked ?? q.value.raw) : [];
        for (const value of values) {
          const format = knownFormat(value);
          if (format) {
            report(node, { severity: format.severity, message: `a ${format.kind} is written in the code`, hint: HINT });
            return;
          }
        }
        if (node.type !== 'Literal' && !(node.type === 'TemplateLiteral' && node.expressions.length === 0)) return;
        const value = values[0] ?? '';
        const site = siteOf(node, ancestors);
        const inUrl = urlPassword(value);
        if (!inUrl && (!site?.secret || isNonSecretValue(value, site.name))) return;
        const name = site?.secret ? site.name : 'a connection URL';
        if (site?.fallback) {
          const lenient = site.guarded || isDevValue(value) || guardedByProductionCheck(module, ancestors);
          report(node, {
            severity: lenient ? 'info' : 'warning',
            message: lenient
              ? `${name} has a development fallback ${preview(value)} in code; it is only used outside production`
              : `${name} falls back to a hard-coded value ${preview(value)} when the environment does not set it: a deployment that forgets the variable runs with a secret from the repository`,
            hint: HINT,
          });
          return;
        }
        const severity: Severity = seed ? 'warning' : 'error';
        report(node, {
          severity,
          message: inUrl && !site?.secret ? `a connection URL with a password ${preview(inUrl)} is written in the code` : `${name} is set to a hard-coded secret ${preview(value)} in the code${seed ? ' (a seed script)' : ''}`,
          hint: HINT,
        });
      });
    });
    return undefined;
  },
});
