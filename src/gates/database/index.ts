/** The database checklist's rules, in checklist order: static ones read the models and migrations; dynamic ones need a database. */
import type { Rule } from '../types.js';
import { DATABASE_DYNAMIC_RULES } from './dynamic.js';
import fkIndex from './fk-index.js';
import fkTypeMatch from './fk-type-match.js';
import listInColumn from './list-in-column.js';
import migrationSafety from './migration-safety.js';
import primaryKey from './primary-key.js';
import redundantIndex from './redundant-index.js';
import repeatingColumns from './repeating-columns.js';
import rollbackExists from './rollback-exists.js';

export const DATABASE_STATIC_RULES: readonly Rule[] = [
  primaryKey,
  repeatingColumns,
  listInColumn,
  fkTypeMatch,
  fkIndex,
  redundantIndex,
  migrationSafety,
  rollbackExists,
];

export const DATABASE_RULES: readonly Rule[] = [...DATABASE_STATIC_RULES, ...DATABASE_DYNAMIC_RULES];
