import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultConfig, type Config } from '../../src/config/schema.js';
import { FileStore } from '../../src/store/file/file-store.js';
import { TaskEngine } from '../../src/tasks/engine.js';
import type { Task } from '../../src/tasks/schema.js';

export function makeTask(overrides: Partial<Task> = {}): Task {
  const at = '2026-01-01T00:00:00.000Z';
  return {
    id: 'task-001-sample',
    title: 'Sample task',
    description: '',
    type: 'api',
    skill: 'api-development-skill',
    status: 'ready',
    priority: 'medium',
    requirements: [],
    targets: [],
    dependencies: [],
    claim: null,
    attempts: 0,
    history: [],
    progress: [],
    criteria: { gates: [], thresholds: {} },
    result: null,
    source: null,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

export function tempDir(prefix = 'bo-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A task engine on a fresh file store in a temp dir, with a controllable clock. */
export async function makeEngine(config: Config = defaultConfig()) {
  const { dir, cleanup } = tempDir();
  const store = new FileStore({ projectRoot: dir, stateDir: config.stateDir });
  await store.init();
  const clock = { now: new Date('2026-03-01T10:00:00.000Z') };
  const engine = new TaskEngine({ store, config, now: () => clock.now });
  const advance = (ms: number) => {
    clock.now = new Date(clock.now.getTime() + ms);
  };
  return { dir, store, engine, clock, advance, cleanup };
}
