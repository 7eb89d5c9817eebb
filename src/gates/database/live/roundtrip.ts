/**
 * up → down → up on a fresh database, with the catalog dumped after every step: each down step
 * must bring the schema back to what it was before its up step, and the ups applied again must
 * give the same schema as the first time. Comparing step by step names the migration whose down
 * step does not undo it, and what it leaves behind or removes too much.
 */
import type { LiveContext } from '../../live/types.js';
import type { FindingInput, RelatedLocation, RuleVerdict } from '../../types.js';
import { statementHead } from './apply.js';
import { type CatalogDifference, type CatalogDump, describeDifference, diffCatalog, dumpCatalog, isSame } from './catalog.js';
import { type MigrationStep, type SqlMigration, stepLine } from './migrations.js';
import { type DatabaseSession, runStep } from './session.js';

export interface RoundTrip {
  findings: FindingInput[];
  verdict?: RuleVerdict;
  /** Migrations whose down step was run. */
  checked: number;
}


/** The statement that would undo a left-behind object, for the hint. */
function dropStatement(key: string): string | undefined {
  const [kind, name = ''] = key.split(/ (.*)/s);
  const parts = name.split('.');
  const last = parts.at(-1) ?? '';
  const table = parts.slice(0, -1).join('.');
  switch (kind) {
    case 'index':
      return `DROP INDEX ${name};`;
    case 'table':
    case 'view':
    case 'sequence':
    case 'schema':
    case 'extension':
      return `DROP ${kind.toUpperCase()} ${name};`;
    case 'materialized':
      return undefined;
    case 'column':
      return `ALTER TABLE ${table} DROP COLUMN ${last};`;
    case 'constraint':
      return `ALTER TABLE ${table} DROP CONSTRAINT ${last};`;
    case 'trigger':
      return `DROP TRIGGER ${last} ON ${table};`;
    case 'enum':
    case 'domain':
      return `DROP ${kind === 'enum' ? 'TYPE' : 'DOMAIN'} ${name};`;
    case 'function':
      return `DROP FUNCTION ${name};`;
    default:
      return undefined;
  }
}

/** Where the up script creates an object of that name, for `related`. */
function createdAt(migration: SqlMigration, difference: CatalogDifference): RelatedLocation[] {
  if (migration.up.kind !== 'sql') return [];
  const lines = migration.up.text.split('\n');
  const related: RelatedLocation[] = [];
  for (const [key] of difference.added) {
    const name = key.split(' ').pop()?.split('.').pop()?.replace(/\(.*$/, '');
    if (!name) continue;
    const index = lines.findIndex((line) => new RegExp(`(?:^|[^\\w])"?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?(?:[^\\w]|$)`, 'i').test(line) && !/^\s*--/.test(line));
    if (index >= 0) related.push({ file: migration.up.file, line: index + 1, message: `the up step creates ${key}` });
    if (related.length >= 3) break;
  }
  return related;
}

/** Differences already reported (key → the value it had then) are not blamed on a later step again. */
function unexplained(difference: CatalogDifference, known: Map<string, string | undefined>, now: CatalogDump): CatalogDifference {
  const fresh = (key: string) => !known.has(key) || known.get(key) !== now.get(key);
  return {
    added: difference.added.filter(([key]) => fresh(key)),
    removed: difference.removed.filter(([key]) => fresh(key)),
    changed: difference.changed.filter(({ key }) => fresh(key)),
  };
}

export async function roundTrip(session: DatabaseSession, live: LiveContext): Promise<RoundTrip> {
  const { db, plan } = session;
  const migrations = plan.migrations;
  const result: RoundTrip = { findings: [], checked: 0 };
  let from = migrations.length;
  while (from > 0 && migrations[from - 1]?.down) from -= 1;
  if (from === migrations.length) {
    const last = migrations.at(-1);
    return { ...result, verdict: { status: 'skipped', reason: `${last ? `the last migration (${last.name}) has no down step` : 'no SQL migrations'}: nothing to roll back (see db/rollback-exists)` } };
  }
  if (session.state !== 'fresh') await db.reset();
  session.state = 'dirty';
  const states: CatalogDump[] = [await dumpCatalog(db)];
  for (const [i, migration] of migrations.entries()) {
    live.progress('database: rollback round trip (up)', i, migrations.length);
    const failure = await runStep(session, migration.up, live.signal);
    if (failure) return { ...result, verdict: { status: 'skipped', reason: `the migrations do not apply (${failure.file}:${failure.line}, see db/migrations-apply)` } };
    states.push(await dumpCatalog(db));
  }
  const known = new Map<string, string | undefined>();
  for (let i = migrations.length - 1; i >= from; i--) {
    live.progress('database: rollback round trip (down)', migrations.length - 1 - i, migrations.length - from);
    const migration = migrations[i] as SqlMigration;
    const down = migration.down as MigrationStep;
    const failure = await runStep(session, down, live.signal);
    if (failure) {
      result.findings.push({
        file: failure.file,
        line: failure.line,
        message: `the down step of ${migration.name} fails at \`${statementHead(failure.statement)}\`: ${failure.message}${failure.errorLine && failure.errorLine !== failure.line ? ` (line ${failure.errorLine})` : ''}${i > from ? `; the down steps of the ${i - from} earlier migration${i - from === 1 ? '' : 's'} were not run` : ''}`,
        hint: 'Make the down step run on the schema its up step leaves: drop what the up step created, in reverse order (indexes and constraints before their tables, tables before the types they use).',
        subject: migration.name,
      });
      return result;
    }
    result.checked += 1;
    const now = await dumpCatalog(db);
    const difference = unexplained(diffCatalog(states[i] as CatalogDump, now), known, now);
    if (isSame(difference)) continue;
    for (const [key] of [...difference.added, ...difference.removed]) known.set(key, now.get(key));
    for (const { key } of difference.changed) known.set(key, now.get(key));
    const drops = difference.added.map(([key]) => dropStatement(key)).filter((s): s is string => s !== undefined);
    result.findings.push({
      file: down.file,
      line: stepLine(down),
      message: `the down step of ${migration.name} does not undo it: ${describeDifference(difference, { added: 'left behind', removed: 'removed though the up step did not create it' })}`,
      hint: drops.length
        ? `Add to the down step: ${drops.slice(0, 4).join(' ')}${drops.length > 4 ? ' …' : ''} (then up → down → up gives the same schema).`
        : 'Make the down step restore exactly what was there before the up step (compare the schema before the up step and after the down step).',
      related: createdAt(migration, difference),
      subject: migration.name,
    });
  }
  // The ups again, from where the downs started: they must apply and give the same schema.
  for (let i = from; i < migrations.length; i++) {
    const migration = migrations[i] as SqlMigration;
    const failure = await runStep(session, migration.up, live.signal);
    if (failure) {
      if (result.findings.length === 0) {
        result.findings.push({
          file: failure.file,
          line: failure.line,
          message: `after rolling back, ${migration.name} does not apply again: \`${statementHead(failure.statement)}\` fails: ${failure.message}`,
          hint: 'The down steps leave something the up steps create again: make each down step drop everything its up step creates.',
          subject: migration.name,
        });
      }
      return result;
    }
  }
  const final = diffCatalog(states[migrations.length] as CatalogDump, await dumpCatalog(db));
  if (!isSame(final) && result.findings.length === 0) {
    const last = migrations.at(-1) as SqlMigration;
    result.findings.push({
      file: last.up.file,
      line: stepLine(last.up),
      message: `up → down → up does not give the same schema: ${describeDifference(final, { added: 'new after the round trip', removed: 'missing after the round trip' })}`,
      hint: 'Make the up steps deterministic and the down steps exact inverses of them.',
      subject: last.name,
    });
  }
  session.state = isSame(final) ? 'migrated' : 'dirty';
  return result;
}
