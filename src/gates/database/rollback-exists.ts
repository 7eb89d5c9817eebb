import { isTestFile } from '../../scan/code/index.js';
import { findMigrationFiles } from '../../scan/models/sql/migration-files.js';
import type { SourceFile } from '../../scan/types.js';
import { defineRule } from '../define.js';
import type { CheckContext, FindingInput, Reporter } from '../types.js';
import { isJsMigrationPath, readJsMigration } from './support/js-migrations.js';
import { type DownStep, isNotUpMigration, sqlDownStep } from './support/sql-downs.js';

export default defineRule({
  id: 'db/rollback-exists',
  area: 'database',
  checklist: 'Rollback plan',
  severity: 'error',
  docs: {
    description:
      "Every migration needs a way back: a down step that undoes it (Prisma: `down.sql` in the migration's folder; golang-migrate: `x.down.sql` beside `x.up.sql`; dbmate / goose / sql-migrate / node-pg-migrate: the down section; Flyway: the `U` undo script; knex, Kysely, umzug, sequelize-cli: an exported `down`; TypeORM and MikroORM: the `down()` method). A down step that is empty, only comments, or only throws is reported too.",
    failing: `-- migrate:up
ALTER TABLE users ADD COLUMN nickname TEXT;

-- migrate:down`,
    passing: `-- migrate:up
ALTER TABLE users ADD COLUMN nickname TEXT;

-- migrate:down
ALTER TABLE users DROP COLUMN nickname;`,
    whenNotToUse:
      'A migration that truly cannot be undone (a destructive data fix) may go without, with a bo-ignore giving the reason and the restore procedure (backup) instead.',
  },
  check(context, reporter) {
    const sql = findMigrationFiles(context.files.map((f) => f.path), { dir: context.config.migrations?.dir }).filter((path) => !isNotUpMigration(path) && !isTestFile(path));
    const js = context.modules.filter((m) => isJsMigrationPath(m.file.path) && !isTestFile(m.file.path));
    if (sql.length === 0 && js.length === 0) return { status: 'not-applicable', reason: 'no migrations found (SQL migration folders, knex / TypeORM / sequelize-cli migration files)' };
    const byPath = new Map(context.files.map((f) => [f.path, f]));
    // Migrations without any down step are collected: a project that never writes them (Prisma's
    // default) gets one finding, not one per migration; one that usually does gets each gap.
    const missing: FindingInput[] = [];
    let total = 0;
    const collect: Reporter = { report: (finding) => missing.push(finding), internalError: (file, error) => reporter.internalError(file, error) };
    for (const path of sql) {
      total += 1;
      guard(reporter, path, () => checkSql(context, byPath.get(path) as SourceFile, reporter, collect));
    }
    for (const module of js) {
      guard(reporter, module.file.path, () => {
        const { up, down } = readJsMigration(module);
        if (!up) return; // not a migration (a helper in the folder)
        total += 1;
        const name = migrationName(module.file.path);
        const finding = (line: number, message: string): FindingInput => ({
          file: module.file.path,
          line,
          subject: name,
          message,
          hint: `Write a \`down\` that undoes what \`up\` does (drop what it creates, restore what it drops or renames), and try both directions on a scratch database.`,
        });
        if (!down) collect.report(finding(up.line, `migration ${name} has an \`up\` but no \`down\`: it cannot be rolled back`));
        else if (down.verdict === 'empty') reporter.report(finding(down.line, `the \`down\` of migration ${name} does nothing: rolling back leaves the \`up\` changes in place`));
        else if (down.verdict === 'irreversible') reporter.report(finding(down.line, `the \`down\` of migration ${name} refuses to run (it is false or only throws): the migration is irreversible`));
      });
    }
    if (missing.length > 1 && missing.length === total) {
      const [first, ...rest] = missing as [FindingInput, ...FindingInput[]];
      reporter.report({
        ...first,
        subject: 'migrations',
        message: `none of the ${total} migrations has a down step: the schema cannot be rolled back (first: ${first.message})`,
        related: rest.slice(0, 5).map((f) => ({ file: f.file, line: f.line, message: f.message })),
      });
    } else {
      for (const finding of missing) reporter.report(finding);
    }
    return undefined;
  },
});

function guard(reporter: Reporter, file: string, work: () => void): void {
  try {
    work();
  } catch (error) {
    reporter.internalError(file, error);
  }
}

/** A Prisma migration is named by its folder; others by their file. */
const migrationName = (path: string) => {
  const parts = path.split('/');
  const base = parts.pop() ?? path;
  return /^migration\.sql$/i.test(base) ? (parts.pop() ?? base) : base.replace(/\.(?:up\.)?(?:sql|[cm]?[jt]sx?)$/i, '');
};

function checkSql(context: CheckContext, file: SourceFile, reporter: Reporter, missing: Reporter): void {
  const down = sqlDownStep(file, (path) => context.fileText(path));
  const name = migrationName(file.path);
  if (down.file === undefined) {
    missing.report({ file: file.path, line: 1, subject: name, message: `migration ${name} has no down step: ${missingWhat(down)}`, hint: writeHint(down, name) });
  } else if (down.empty) {
    reporter.report({
      file: down.file,
      line: down.line ?? 1,
      subject: name,
      message: `the down step of migration ${name} (${down.file === file.path ? 'its down section' : down.file}) is empty: rolling back does nothing`,
      hint: writeHint(down, name),
    });
  }
}

function missingWhat(down: DownStep): string {
  if (down.style === 'section') return 'the file has an up section but no down section';
  if (down.style === 'prisma') return `there is no ${down.expected} beside it`;
  return `there is no ${down.expected}`;
}

function writeHint(down: DownStep, name: string): string {
  switch (down.style) {
    case 'prisma':
      return `Write ${down.expected} with the statements that undo ${name}/migration.sql (Prisma can generate them: \`prisma migrate diff … --script > down.sql\`, see "Generating down migrations"), and check up → down → up on a scratch database.`;
    case 'section':
      return `Add the down section (\`-- migrate:down\` for dbmate, \`-- +goose Down\` for goose) with the statements that undo the up section.`;
    case 'flyway':
      return `Write the undo script ${down.expected} with the statements that undo the versioned migration.`;
    default:
      return `Write ${down.expected} with the statements that undo the migration (drop what it creates, restore what it drops or renames).`;
  }
}
