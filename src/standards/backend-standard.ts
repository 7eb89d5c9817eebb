/**
 * The default `backend-standard.md` that `bo init` writes: the seed's database and security
 * checklists, success metrics and test kinds, as a team standard. Each rule names the gate ids
 * that check it (gates spec), so a failing finding leads back here.
 */
export const BACKEND_STANDARD_MD = `# Backend standard

How we build backend changes. Every item is checked by a quality gate when a task is submitted
(\`bo submit <id>\`) or on the whole project (\`bo check\`); the rule ids are in brackets. A gate
reports each item as pass, fail, warn, skipped (with the reason) or not applicable. Suppress a
finding only on purpose, with a reason: \`// bo-ignore <rule-id>: <reason>\`.

## Database

**Normalized schema** [\`db/primary-key\`, \`db/repeating-columns\`, \`db/list-in-column\`, \`db/fk-type-match\`]
- Every table has a primary key.
- No repeating columns and no lists in a column: a child table instead.
  - Don't: \`phone1, phone2, phone3\` or \`tags TEXT -- 'a,b,c'\`.
  - Do: \`user_phones(user_id, phone)\`, \`post_tags(post_id, tag_id)\`.
- A foreign key has exactly the type of the key it references (\`INT\` → \`INT\`, not \`BIGINT\`).

**Indexes optimized** [\`db/fk-index\`, \`db/redundant-index\`, \`db/query-uses-index\`]
- Index every foreign key column: \`CREATE INDEX ON order_items (product_id);\`
- No duplicate indexes, and none that is a prefix of another (\`(a)\` beside \`(a, b)\`).
- Queries the code runs (Prisma \`where\`, SQL literals) must use an index on seeded data, not a
  sequential scan.

**Migrations tested** [\`db/migrations-apply\`, \`db/migration-safety\`]
- All migrations apply in order on a fresh database.
- Risky DDL is split or guarded:
  - Don't: \`ALTER TABLE users ADD COLUMN plan TEXT NOT NULL;\` on a filled table.
  - Do: add it nullable or with a \`DEFAULT\`, backfill, then set \`NOT NULL\`.
  - Create indexes \`CONCURRENTLY\`; add foreign keys \`NOT VALID\`, then \`VALIDATE CONSTRAINT\`.
  - Dropping or renaming a column or table, or changing a column type, needs a deploy plan
    (expand, migrate, contract).

**Rollback plan** [\`db/rollback-exists\`, \`db/rollback-roundtrip\`]
- Every migration has a down step (\`down.sql\`, knex \`down\`, TypeORM \`down()\`, or a configured
  rollback script).
- up → down → up leaves exactly the same schema.

**Backup verified** [\`db/backup-restore\`]
- A backup command and a restore command are configured, and a backup of a seeded database
  restores with the same schema and row counts. With none configured the item warns.

**Performance tested** [\`db/query-time\`]
- Queries run under \`EXPLAIN ANALYZE\` on seeded data stay below **50 ms**.

## Security

**Authentication required** [\`sec/authn-required\`]
- Every endpoint authenticates, unless it is on the public allowlist (\`publicEndpoints\` in the
  config, e.g. health checks and login).
- Optional auth on a mutating endpoint is an error. A request without credentials gets 401.

**Authorization checked** [\`sec/authz-checked\`]
- A change to one item (\`PATCH/PUT/DELETE /orders/{id}\`) checks a role or permission, or that
  the caller owns the item.
  - Don't: \`await db.order.delete({ where: { id: req.params.id } })\` for any signed-in user.
  - Do: \`where: { id: req.params.id, ownerId: req.user.id }\`, or a role guard on the route.

**Input validated** [\`sec/input-validated\`]
- Body, query and path params are validated (zod, joi, yup, valibot, class-validator, ajv,
  TypeBox, express-validator, celebrate or Fastify schemas) before they are used.

**SQL injection prevented** [\`sec/sql-injection\`, \`sec/nosql-injection\`]
- Request data never reaches SQL by concatenation or template literals.
  - Don't: \`\`db.query(\`SELECT * FROM users WHERE email = '\${email}'\`)\`\`, \`$queryRawUnsafe(...)\`.
  - Do: \`db.query('SELECT * FROM users WHERE email = $1', [email])\`, Prisma \`$queryRaw\` tagged templates.
- No Mongo operators from the request: no \`$where\`, no \`find(req.body)\`.

**Sensitive data encrypted** [\`sec/password-hashing\`, \`sec/hardcoded-secret\`, \`sec/tls-disabled\`, \`sec/sensitive-exposure\`]
- Passwords are hashed with bcrypt, argon2 or scrypt: never md5, sha1 or plain text.
- No secrets in code: read them from the environment or a secret store.
- Never \`rejectUnauthorized: false\`.
- Endpoints never return password, hash, token or secret fields.

**Audit logging enabled** [\`sec/audit-log\`]
- Every mutating endpoint records who did what (actor, action, target) through audit middleware
  or a logger call.

**Zero security vulnerabilities** [\`sec/dangerous-call\`, \`sec/dependency-audit\`]
- Request data never reaches \`eval\`, \`child_process\`, unsafe deserialisation or file paths.
- No high or critical advisories for the lockfile's packages.

## Success metrics

Thresholds are the defaults; a team may change them under \`thresholds\` in the config.

| metric | target | rule |
| --- | --- | --- |
| API response time | p95 < **200 ms** per endpoint under load | \`metrics/api-response-time\` |
| Test coverage | > **80 %** | \`metrics/test-coverage\` |
| Security vulnerabilities | **zero** (error findings + high/critical advisories) | \`metrics/security-vulnerabilities\` |
| Database query time | < **50 ms** | \`metrics/db-query-time\` |
| Error rate | < **0.1 %** of requests under load | \`metrics/error-rate\` |

## Tests

Every change comes with the tests that cover its targets. The six kinds, each checked by a gate:

- **Unit** [\`tests/unit\`]: services, validators and helpers alone, without I/O.
- **Integration** [\`tests/integration\`]: handlers with the real database (migrated test schema).
- **API** [\`tests/api\`]: each new or changed endpoint called over HTTP; its path appears in a
  test. Success, validation errors (400/422), 401/403, 404 on unknown ids.
- **Load** [\`tests/load\`]: the endpoint under concurrent load meets the p95 and error-rate targets.
- **Security** [\`tests/security\`]: requests without credentials, with another user's ids, and
  with injection payloads are refused without a 500.
- **Contract** [\`tests/contract\`]: responses match the OpenAPI document; no breaking change
  (\`contract/breaking-change\`) without deprecation or a major version.

The orchestrator supplies load, security and contract checks where the project has none, and says
so in the report.
`;
