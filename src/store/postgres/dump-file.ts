/**
 * The file store's side of `bo migrate-store`: reads a project's whole state from `ai-state/`
 * into a StateDump, and writes one into an empty state directory in the file store's own formats
 * (task files in tasks/ or the archive, registry files, reports with their latest.json, the
 * outbox's JSON lines with the same sequence numbers, one delivery file per subscription).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { BoError } from '../../core/errors.js';
import { parseJson, stableStringify } from '../../core/json.js';
import { FileDeliveryStore } from '../../events/webhooks/deliveries.js';
import { REGISTRY_KINDS } from '../../registry/schema.js';
import { FINISHED_STATUSES } from '../../tasks/schema.js';
import { writeFileAtomic } from '../file/atomic.js';
import { FileEventLog } from '../file/event-log.js';
import { FileStore, problemText } from '../file/file-store.js';
import { stateLayout, type StateLayout } from '../file/layout.js';
import type { StateProblem } from '../types.js';
import type { SavedReport, StateDump } from './state-dump.js';

const jsonFiles = (dir: string): string[] => {
  try {
    return readdirSync(dir).filter((name) => name.endsWith('.json') && !name.startsWith('.'));
  } catch {
    return [];
  }
};

function refuseDamaged(problems: readonly StateProblem[], what: string): void {
  if (problems.length === 0) return;
  const list = problems.slice(0, 5).map(problemText).join('; ');
  throw new BoError('BO_ERR_STATE_CORRUPT', `${what} cannot be moved while ${problems.length} file(s) are damaged: ${list} (repair them or move them away first)`);
}

/** Reports oldest first by modification time; the one latest.json copies goes last in its scope. */
function readReports(layout: StateLayout): SavedReport[] {
  const reports: SavedReport[] = [];
  let scopes: string[];
  try {
    scopes = readdirSync(layout.reports).filter((name) => statSync(path.join(layout.reports, name)).isDirectory()).sort();
  } catch {
    return [];
  }
  for (const scope of scopes) {
    const dir = path.join(layout.reports, scope);
    const latestFile = path.join(dir, 'latest.json');
    const latest = existsSync(latestFile) ? readFileSync(latestFile, 'utf8') : undefined;
    const entries = jsonFiles(dir)
      .filter((name) => name !== 'latest.json')
      .map((name) => {
        const file = path.join(dir, name);
        const text = readFileSync(file, 'utf8');
        return { id: name.slice(0, -'.json'.length), text, mtime: statSync(file).mtimeMs, isLatest: text === latest, file };
      })
      .sort((a, b) => Number(a.isLatest) - Number(b.isLatest) || a.mtime - b.mtime || (a.id < b.id ? -1 : 1));
    for (const entry of entries) {
      try {
        reports.push({ scope, id: entry.id, report: parseJson(entry.text) });
      } catch (error) {
        throw new BoError('BO_ERR_STATE_CORRUPT', `${entry.file}: ${(error as Error).message} (repair it or move it away first)`);
      }
    }
  }
  return reports;
}

export async function readFileDump(projectRoot: string, stateDir?: string): Promise<StateDump> {
  const layout = stateLayout(projectRoot, stateDir);
  const store = new FileStore({ projectRoot, ...(stateDir ? { stateDir } : {}) });
  const { tasks, problems } = await store.listTasks('all');
  refuseDamaged(problems, 'the tasks');
  const log = new FileEventLog(layout);
  refuseDamaged(await log.problems(), 'the event outbox');
  return {
    tasks,
    registry: REGISTRY_KINDS.flatMap((kind) => (existsSync(layout.registryFile(kind)) ? [{ kind, text: readFileSync(layout.registryFile(kind), 'utf8') }] : [])),
    reports: readReports(layout),
    events: await log.read(),
    deliveries: (await new FileDeliveryStore(layout).list()).map((state) => ({ ...state, lease: null })),
  };
}

/** What a state directory already holds (migrate-store only fills an empty one). */
export function fileStateContents(projectRoot: string, stateDir?: string): string[] {
  const layout = stateLayout(projectRoot, stateDir);
  const held: string[] = [];
  const tasks = jsonFiles(layout.tasks).length + jsonFiles(layout.archive).length;
  if (tasks > 0) held.push(`${tasks} task file(s)`);
  if (existsSync(layout.eventLog) && statSync(layout.eventLog).size > 0) held.push('an event log');
  if (jsonFiles(path.join(layout.events, 'deliveries')).length > 0) held.push('webhook delivery state');
  return held;
}

export async function writeFileDump(projectRoot: string, stateDir: string | undefined, dump: StateDump): Promise<void> {
  const held = fileStateContents(projectRoot, stateDir);
  if (held.length > 0) throw new BoError('BO_ERR_TASK_CONFLICT', `the state directory ${stateLayout(projectRoot, stateDir).root} already holds ${held.join(', ')}: migrate-store only fills an empty store`);
  const layout = stateLayout(projectRoot, stateDir);
  const store = new FileStore({ projectRoot, ...(stateDir ? { stateDir } : {}) });
  await store.init();
  for (const task of dump.tasks) {
    await writeFileAtomic(FINISHED_STATUSES.includes(task.status) ? layout.archivedTaskFile(task.id) : layout.taskFile(task.id), stableStringify(task));
  }
  for (const { kind, text } of dump.registry) await writeFileAtomic(layout.registryFile(kind), text);
  for (const { scope, id, report } of dump.reports) await store.saveReport(scope, id, report);
  if (dump.events.length > 0) {
    await mkdir(layout.events, { recursive: true });
    await writeFileAtomic(layout.eventLog, dump.events.map((stored) => `${JSON.stringify({ seq: stored.seq, event: stored.event })}\n`).join(''));
  }
  const deliveries = new FileDeliveryStore(layout);
  for (const state of dump.deliveries) await deliveries.update(state.subscription, () => ({ ...state, lease: null }));
}
