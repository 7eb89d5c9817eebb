/**
 * `bo migrate-store`: a project's whole state from one store to another (file → PostgreSQL, or
 * back, or between two servers). The source is read, summarised (counts and checksums per part),
 * written to the target (which must be empty), read back and summarised again: the move counts
 * only when both summaries agree.
 */
import path from 'node:path';
import { BoError } from '../../core/errors.js';
import { PgConnection } from './connection.js';
import { readFileDump, writeFileDump } from './dump-file.js';
import { readPostgresDump, writePostgresDump } from './dump-postgres.js';
import { differences, summarise, type SectionSummary, type StateDump } from './state-dump.js';
import { parseStoreLocation, type StoreLocation } from './url.js';

export interface MigrateRequest {
  projectRoot: string;
  stateDir: string;
  from: string;
  to: string;
  /** Read and summarise the source only. */
  dryRun?: boolean;
}

export interface MigrateOutcome {
  from: string;
  to: string;
  dryRun: boolean;
  sections: SectionSummary[];
  /** The target read back agrees with the source (always false on a dry run). */
  verified: boolean;
  differences: string[];
}

interface Side {
  label: string;
  read(): Promise<StateDump>;
  write(dump: StateDump): Promise<void>;
  close(): Promise<void>;
}

function side(location: StoreLocation, request: MigrateRequest): Side {
  if (location.kind === 'file') {
    return {
      label: path.resolve(request.projectRoot, request.stateDir),
      read: () => readFileDump(request.projectRoot, request.stateDir),
      write: (dump) => writeFileDump(request.projectRoot, request.stateDir, dump),
      close: async () => undefined,
    };
  }
  const connection = new PgConnection({ location, applicationName: 'backend-orchestrator migrate-store', retryMs: 5_000 });
  return {
    label: location.label,
    read: () => readPostgresDump(connection),
    write: (dump) => writePostgresDump(connection, dump),
    close: () => connection.close(),
  };
}

export async function migrateState(request: MigrateRequest): Promise<MigrateOutcome> {
  const from = parseStoreLocation(request.from);
  const to = parseStoreLocation(request.to);
  if (from.kind === 'file' && to.kind === 'file') throw new BoError('BO_ERR_USAGE', 'migrate-store moves state between the file store and PostgreSQL: give a postgres:// URL as --from or --to');
  if (from.kind === 'postgres' && to.kind === 'postgres' && from.url === to.url && from.schema === to.schema) throw new BoError('BO_ERR_USAGE', '--from and --to name the same store');
  const source = side(from, request);
  const target = side(to, request);
  try {
    const dump = await source.read();
    const sections = summarise(dump);
    if (request.dryRun) return { from: source.label, to: target.label, dryRun: true, sections, verified: false, differences: [] };
    await target.write(dump);
    const copy = summarise(await target.read());
    const found = differences(sections, copy);
    return { from: source.label, to: target.label, dryRun: false, sections, verified: found.length === 0, differences: found };
  } finally {
    await source.close();
    await target.close();
  }
}
