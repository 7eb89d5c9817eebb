import { defineDynamicRule } from '../define.js';

/** Decided by running things (`bo check --live`); listed here so reports say it was skipped and why. */
export default defineDynamicRule({
  id: "db/backup-restore",
  area: "database",
  checklist: "Backup verified",
  severity: "warning",
  needs: "database",
  docs: {
    description: "The configured backup and restore commands round-trip a seeded scratch database (schema and row counts equal); without them the item warns that no backup procedure is configured.",
    failing: "(no backup command configured)",
    passing: "\"backup\": { \"dump\": \"pg_dump -Fc $DATABASE_URL -f $BACKUP_FILE\", \"restore\": \"pg_restore -d $DATABASE_URL $BACKUP_FILE\" }",
  },
});
