import { defineRule } from '../define.js';
import { at, relatedOf, reportTaint, sourceText } from './taint/describe.js';
import type { TaintFinding } from './taint/types.js';

export default defineRule({
  id: 'sec/sql-injection',
  area: 'security',
  checklist: 'SQL injection prevented',
  severity: 'error',
  live: "injection payloads (a lone quote, `' OR '1'='1`) sent to each endpoint's parameters give no 500 and no SQL error text",
  docs: {
    description:
      'Request data (query, body, params, headers, cookies) must never become part of SQL text. The rule follows it through variables, template literals, `+`, string methods and calls into other functions and files, to `query()`, `execute()`, `sequelize.query()`, `knex.raw()`, `whereRaw()`, `$queryRawUnsafe()`, `$executeRawUnsafe()` and the like. Bound parameters, tagged templates (`sql`…``, Prisma `$queryRaw`…``) and numbers (`Number(x)`) are safe, as is a string that a Fastify schema `pattern` or a regex guard holds to letters, digits, `_`, `.` and `-` (never `--`); validation alone is not: a validated string is still a string.',
    failing: [
      "router.get('/search', async (req, res) => {",
      '  const { q } = req.query;',
      "  const { rows } = await db.query(`SELECT * FROM products WHERE name ILIKE '%${q}%'`);",
      '  res.json(rows);',
      '});',
    ].join('\n'),
    passing: [
      "router.get('/search', async (req, res) => {",
      '  const { q } = req.query;',
      "  const { rows } = await db.query(\"SELECT * FROM products WHERE name ILIKE '%' || $1 || '%'\", [q]);",
      '  res.json(rows);',
      '});',
    ].join('\n'),
    whenNotToUse: 'Never turned off; a value that is safe for a reason the rule cannot see (an allowlisted column name) takes a `bo-ignore sec/sql-injection: <why>` on the line.',
  },
  // Loaded only by --live: the service, probes and load generator stay out of static runs.
  runLive: async (context, live, reporter) => (await import('../live/service/live-part.js')).runLivePart('sec/sql-injection', context, live, reporter),
  check(context, reporter) {
    return reportTaint(context, reporter, 'sec/sql-injection', describe);
  },
});

function describe(finding: TaintFinding) {
  const splice = finding.origin.splices.find((s) => s.line === finding.at.line && s.file === finding.at.file);
  const sink = `${finding.sink.name} (${at(finding.sink.at, finding.at)})`;
  const message = splice
    ? `request data ${sourceText(finding)} is written into SQL text as \`${splice.expression}\` and run by ${sink}: SQL injection`
    : `request data ${sourceText(finding)} is run as SQL text by ${sink}: SQL injection`;
  const name = splice?.expression ?? 'the value';
  return {
    message,
    hint: `Keep the SQL text constant and pass ${name} as a bound parameter: a $1/? placeholder in the text and the value in the parameters array (\`db.query(sql, [..., ${name}])\`); for LIKE bind the pattern (\`ILIKE '%' || $1 || '%'\`). With Prisma use the tagged \`$queryRaw\\\`…\\\`\`, with knex \`knex.raw('… ?', [value])\`. Column or sort names must come from a fixed allowlist.`,
    related: relatedOf(finding, 'run as SQL'),
  };
}
