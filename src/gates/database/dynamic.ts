/** The database checklist's dynamic rules (decided by `--live` on an embedded PostgreSQL, issue 5). */
import queryUsesIndex from './query-uses-index.js';
import migrationsApply from './migrations-apply.js';
import rollbackRoundtrip from './rollback-roundtrip.js';
import backupRestore from './backup-restore.js';
import queryTime from './query-time.js';

export const DATABASE_DYNAMIC_RULES = [queryUsesIndex, migrationsApply, rollbackRoundtrip, backupRestore, queryTime];
