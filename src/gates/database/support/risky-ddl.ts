/**
 * What one DDL operation risks on a table that already exists (holds rows, serves traffic), with
 * the safer way to write it. The operation is the scanner's reading of the statement; `words` is
 * the statement itself (flattened) for what the reading drops: CONCURRENTLY, NOT VALID, GENERATED.
 */
import type { StepOp } from './history.js';

export interface Risk {
  table: string;
  message: string;
  hint: string;
}

export function risksOf({ op, before }: StepOp, words: string, postgres: boolean): Risk[] {
  switch (op.op) {
    case 'addColumn': {
      const { column } = op;
      const generated = /\bGENERATED\s+ALWAYS\s+AS\s*\(/.test(words);
      if (!column.notNull || column.primaryKey || generated || (column.default !== undefined && column.default !== null)) return [];
      return [{
        table: op.table,
        message: `ADD COLUMN ${column.name} NOT NULL without a DEFAULT on the existing table ${op.table}: the migration fails as soon as the table has a row`,
        hint: `Add it with a DEFAULT (\`ADD COLUMN ${column.name} ${column.type} NOT NULL DEFAULT …\`), or add it nullable, backfill it, then \`SET NOT NULL\` in a later migration.`,
      }];
    }
    case 'createIndex':
      if (!postgres || /\bCONCURRENTLY\b/.test(words)) return [];
      return [{
        table: op.table,
        message: `CREATE ${op.unique ? 'UNIQUE ' : ''}INDEX${op.name ? ` ${op.name}` : ''} on the existing table ${op.table} without CONCURRENTLY: writes to ${op.table} are blocked while the index builds`,
        hint: `Use \`CREATE ${op.unique ? 'UNIQUE ' : ''}INDEX CONCURRENTLY\` in a migration of its own (it cannot run inside a transaction block).`,
      }];
    case 'addConstraint': {
      const { constraint } = op;
      if (!postgres) return [];
      if (constraint.kind === 'foreignKey' && !/\bNOT\s+VALID\b/.test(words)) {
        return [{
          table: op.table,
          message: `ADD FOREIGN KEY (${constraint.columns.join(', ')}) on the existing table ${op.table} without NOT VALID: every row is checked while writes to ${op.table} and ${constraint.table} are blocked`,
          hint: `Add it with \`NOT VALID\`, then \`ALTER TABLE ${op.table} VALIDATE CONSTRAINT ${constraint.name ?? '<name>'};\` in a later migration (validation does not block writes).`,
        }];
      }
      if ((constraint.kind === 'unique' || constraint.kind === 'primaryKey') && !/\bUSING\s+INDEX\b/.test(words)) {
        const what = constraint.kind === 'unique' ? 'UNIQUE' : 'PRIMARY KEY';
        return [{
          table: op.table,
          message: `ADD ${what} (${constraint.columns.join(', ')}) on the existing table ${op.table}: its index is built while writes to ${op.table} are blocked`,
          hint: `Build the index first with \`CREATE UNIQUE INDEX CONCURRENTLY\`, then \`ADD ${constraint.kind === 'unique' ? `CONSTRAINT ${constraint.name ?? '<name>'} UNIQUE` : 'PRIMARY KEY'} USING INDEX <index>\`.`,
        }];
      }
      return [];
    }
    case 'dropTable':
      return [{
        table: op.table,
        message: `DROP TABLE ${op.table}: the table and its data are gone, and code still reading it fails`,
        hint: 'Stop reading and writing the table in a deploy before, keep a backup, and drop it in a later migration (or rename it aside first).',
      }];
    case 'dropColumn':
      return [{
        table: op.table,
        message: `DROP COLUMN ${op.column} from ${op.table}: its data is gone, and code still selecting it fails during the deploy`,
        hint: 'Deploy code that no longer reads or writes the column first (ORMs: remove or ignore the field), then drop it in a later migration.',
      }];
    case 'renameColumn':
      return [{
        table: op.table,
        message: `RENAME COLUMN ${op.from} TO ${op.to} on ${op.table}: code deployed before or alongside the migration still uses ${op.from} and fails`,
        hint: `Expand and contract: add ${op.to}, write both, backfill, switch reads to ${op.to}, then drop ${op.from} in a later migration.`,
      }];
    case 'renameTable':
      return [{
        table: op.table,
        message: `RENAME TABLE ${op.table} TO ${op.to}: code deployed before or alongside the migration still uses ${op.table} and fails`,
        hint: `Create ${op.to} (or a view named ${op.table} over it) so that old and new code both work during the deploy, and drop the old name later.`,
      }];
    case 'alterColumn': {
      const risks: Risk[] = [];
      if (op.type !== undefined && before && before.type !== op.type && !(postgres && isWidening(before.type, op.type))) risks.push(typeChange(op.table, op.column, before.type, op.type));
      if (op.notNull === true && before && !before.notNull) {
        risks.push({
          table: op.table,
          message: `SET NOT NULL on ${op.table}.${op.column}: the table is scanned while writes are blocked, and the migration fails if a row still holds NULL`,
          hint: postgres
            ? `Backfill the NULLs first; on PostgreSQL add \`CHECK (${op.column} IS NOT NULL) NOT VALID\`, VALIDATE it, then SET NOT NULL (it uses the check) and drop the check.`
            : 'Backfill the NULLs first, in a migration before this one.',
        });
      }
      return risks;
    }
    case 'replaceColumn': {
      const risks: Risk[] = [];
      if (op.from.toLowerCase() !== op.column.name.toLowerCase()) {
        risks.push({
          table: op.table,
          message: `CHANGE ${op.from} to ${op.column.name} on ${op.table} renames the column: code deployed before or alongside the migration still uses ${op.from} and fails`,
          hint: `Expand and contract: add ${op.column.name}, backfill, switch the code, then drop ${op.from} in a later migration.`,
        });
      }
      if (before && before.type !== op.column.type) risks.push(typeChange(op.table, op.column.name, before.type, op.column.type));
      return risks;
    }
    default:
      return [];
  }
}

function typeChange(table: string, column: string, from: string, to: string): Risk {
  return {
    table,
    message: `column ${table}.${column} changes type from ${from} to ${to}: the table is rewritten while reads and writes wait, and values that do not convert fail the migration`,
    hint: `Add a new ${to} column, backfill it in batches, switch the code to it, then drop ${column} in a later migration.`,
  };
}

/**
 * Changes PostgreSQL makes in the catalog only, without rewriting the table: a longer (or no)
 * VARCHAR limit, VARCHAR to TEXT, a NUMERIC with more precision and the same scale.
 */
function isWidening(from: string, to: string): boolean {
  const varchar = (type: string) => /^varchar(?:\((\d+)\))?$/.exec(type);
  const oldText = varchar(from);
  if (oldText) {
    if (to === 'text') return true;
    const next = varchar(to);
    return next !== null && (next[1] === undefined || (oldText[1] !== undefined && Number(next[1]) >= Number(oldText[1])));
  }
  const numeric = (type: string) => /^numeric(?:\((\d+)(?:,(\d+))?\))?$/.exec(type);
  const oldNumber = numeric(from);
  const next = numeric(to);
  if (!oldNumber || !next) return false;
  if (next[1] === undefined) return true;
  return oldNumber[1] !== undefined && Number(next[1]) >= Number(oldNumber[1]) && (next[2] ?? '0') === (oldNumber[2] ?? '0');
}
