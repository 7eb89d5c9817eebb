import { defineRule } from '../define.js';
import { taintAnalysis } from './taint/engine.js';
import { at, relatedOf, reportTaint, sourceText } from './taint/describe.js';
import type { TaintFinding } from './taint/types.js';

export default defineRule({
  id: 'sec/nosql-injection',
  area: 'security',
  checklist: 'SQL injection prevented',
  severity: 'error',
  docs: {
    description:
      'A Mongo filter built from request data lets the client send operators: `{ "password": { "$ne": null } }` matches every user, and `$where` runs JavaScript on the server. The rule follows request data (through variables and calls into other files) to `find`, `findOne`, `updateOne`, `deleteMany`… and `$where`, and reports a whole request object used as a filter, or a request value used as a field value without being made a string (`String(x)`), a number, or checked by a schema. Projects that sanitise every request (express-mongo-sanitize) or set mongoose `sanitizeFilter` still get `$where` findings.',
    failing: [
      "router.post('/login', async (req, res) => {",
      '  const user = await User.findOne({ email: req.body.email, password: req.body.password });',
      '  res.json({ ok: !!user });',
      '});',
    ].join('\n'),
    passing: [
      "router.post('/login', async (req, res) => {",
      '  const { email, password } = loginSchema.parse(req.body); // both z.string()',
      '  const user = await User.findOne({ email });',
      '  res.json({ ok: !!user && (await bcrypt.compare(password, user.passwordHash)) });',
      '});',
    ].join('\n'),
    whenNotToUse: 'Projects that do not use MongoDB (the rule is not applicable there).',
  },
  check(context, reporter) {
    const analysis = taintAnalysis(context);
    if (!analysis.usesMongo) return { status: 'not-applicable', reason: 'the project does not use MongoDB (no mongoose or mongodb import)' };
    const sanitised = projectSanitises(context.modules.map((m) => m.file.text));
    return reportTaint(context, reporter, 'sec/nosql-injection', (finding) => describe(finding), sanitised ? (f) => f.sink.detail === '$where' : undefined);
  },
});

/** express-mongo-sanitize (or a kin) on the app, or mongoose's `sanitizeFilter`: operators are stripped from every request. */
function projectSanitises(texts: string[]): boolean {
  return texts.some((text) => /['"](?:express-mongo-sanitize|@exortek\/express-mongo-sanitize|koa-mongo-sanitize|mongo-sanitize)['"]/.test(text) || /sanitizeFilter['"]?\s*[,:]\s*true/.test(text));
}

function describe(finding: TaintFinding) {
  const sink = `${finding.sink.name} (${at(finding.sink.at, finding.at)})`;
  const detail = finding.sink.detail ?? 'the filter';
  const message =
    detail === '$where'
      ? `request data ${sourceText(finding)} is written into a $where condition of ${sink}: the database runs it as JavaScript`
      : `request data ${sourceText(finding)} is used as ${detail} of the Mongo query ${sink}: an object such as {"$ne": null} in the request changes what the query matches`;
  return {
    message,
    hint:
      detail === '$where'
        ? 'Replace $where with query operators ($eq, $gt, $in) whose values are bound data, never code.'
        : 'Turn the value into the type you expect before it reaches the query (`String(x)`, `Number(x)`, a schema that requires a string), or strip operators from every request (express-mongo-sanitize, mongoose `sanitizeFilter`); never pass `req.body` or `req.query` as a filter.',
    related: relatedOf(finding, 'queried'),
  };
}
