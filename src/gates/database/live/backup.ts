/**
 * The backup round trip: the configured dump command saves the seeded scratch database to a file,
 * the restore command loads it into a second, empty scratch database, and the two must have the
 * same schema and the same row count in every table.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CONFIG_FILE_NAMES } from '../../../config/schema.js';
import type { LiveContext } from '../../live/types.js';
import type { CheckContext, FindingInput } from '../../types.js';
import { describeDifference, diffCatalog, dumpCatalog, isSame } from './catalog.js';
import { runCommand, splitCommand } from './command.js';
import { type Database, openScratchDatabase } from './connection.js';

export interface BackupCommands {
  dump: string;
  restore: string;
}

/** The config file, if the project has one, else package.json: where a finding about the backup procedure goes. */
export function configSite(context: CheckContext, key?: string): { file: string; line: number } {
  const config = context.files.find((f) => (CONFIG_FILE_NAMES as readonly string[]).includes(f.path));
  if (config) {
    const index = key ? config.text.split('\n').findIndex((line) => new RegExp(`["']?${key}["']?\\s*:`).test(line)) : -1;
    return { file: config.path, line: index + 1 || 1 };
  }
  if (key) return { file: CONFIG_FILE_NAMES[0], line: 1 };
  return { file: context.packageJson?.file ?? CONFIG_FILE_NAMES[0], line: 1 };
}

const TIMEOUT_MS = 120_000;

export async function backupRoundTrip(
  context: CheckContext,
  live: LiveContext,
  source: Database & { url: string },
  commands: BackupCommands,
  counts: ReadonlyMap<string, number>,
  serverUrl: string,
): Promise<FindingInput[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bo-backup-'));
  const file = path.join(dir, 'backup');
  let target: Database | undefined;
  try {
    const step = async (which: keyof BackupCommands, url: string): Promise<FindingInput | undefined> => {
      live.progress(`database: backup ${which}`);
      const env = { DATABASE_URL: url, BACKUP_FILE: file };
      const argv = splitCommand(commands[which], { ...process.env, ...env });
      const result = await runCommand(argv, { cwd: context.root, env, timeoutMs: TIMEOUT_MS, ...(live.signal ? { signal: live.signal } : {}) });
      if (result.code === 0 && !result.timedOut && !result.error) return undefined;
      const why = result.timedOut ? `did not finish within ${TIMEOUT_MS / 1000} s` : result.error ? `could not start: ${result.error}` : `exited with code ${result.code}`;
      return {
        ...configSite(context, which),
        message: `the backup ${which} command \`${commands[which]}\` ${why}${result.output ? `: ${result.output}` : ''}`,
        hint: `Make \`database.backup.${which}\` work on its own: it runs without a shell, with DATABASE_URL (the database) and BACKUP_FILE (the file to write or read) in its environment.`,
      };
    };
    const dumped = await step('dump', source.url);
    if (dumped) return [dumped];
    target = await openScratchDatabase(serverUrl, 'bo_check_restore');
    const restored = await step('restore', target.url as string);
    if (restored) return [restored];
    const findings: FindingInput[] = [];
    const schema = diffCatalog(await dumpCatalog(source), await dumpCatalog(target));
    const rows: string[] = [];
    for (const [table, expected] of counts) {
      const quoted = table.split('.').map((part) => `"${part.replace(/"/g, '""')}"`).join('.');
      const [row] = await target.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quoted}`).catch(() => [{ n: -1 }]);
      const got = Number(row?.n ?? -1);
      if (got !== expected) rows.push(`${table}: ${got < 0 ? 'missing' : got} instead of ${expected}`);
    }
    if (!isSame(schema) || rows.length) {
      findings.push({
        ...configSite(context, 'restore'),
        message: `the backup does not restore the database: ${[isSame(schema) ? '' : `schema ${describeDifference(schema, { added: 'extra', removed: 'missing' })}`, rows.length ? `row counts ${rows.slice(0, 5).join(', ')}` : ''].filter(Boolean).join('; ')}`,
        hint: 'Dump the whole database (schema and data, e.g. `pg_dump -Fc`) and restore all of it (e.g. `pg_restore --no-owner -d "$DATABASE_URL" "$BACKUP_FILE"`).',
      });
    }
    return findings;
  } finally {
    await target?.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}
