/** Where each part of the state lives (product spec section 3: the seed's layout, kept exactly). */
import path from 'node:path';
import type { RegistryKind } from '../../registry/schema.js';

export interface StateLayout {
  root: string;
  active: string;
  tasks: string;
  reports: string;
  archive: string;
  events: string;
  eventLog: string;
  locks: string;
  registryFile(kind: RegistryKind): string;
  taskFile(id: string): string;
  archivedTaskFile(id: string): string;
}

export function stateLayout(projectRoot: string, stateDir = 'ai-state'): StateLayout {
  const root = path.resolve(projectRoot, stateDir);
  const active = path.join(root, 'active', 'backend');
  const tasks = path.join(active, 'tasks');
  const archive = path.join(root, 'archive', 'backend', 'tasks');
  const events = path.join(root, 'events');
  return {
    root,
    active,
    tasks,
    reports: path.join(active, 'reports'),
    archive,
    events,
    eventLog: path.join(events, 'backend.jsonl'),
    locks: path.join(root, '.locks'),
    registryFile: (kind) => path.join(active, `${kind}.json`),
    taskFile: (id) => path.join(tasks, `${id}.json`),
    archivedTaskFile: (id) => path.join(archive, `${id}.json`),
  };
}

/** A task file's name (`<id>.json`), not a temp file (`.<name>.<pid>.<token>.tmp`) or anything else. */
export const isTaskFileName = (name: string): boolean => name.endsWith('.json') && !name.startsWith('.');
