/**
 * The I/O edge of the human docs: read the previous snapshot and the document, plan the run
 * (render.ts), merge the generated sections into the document (markers.ts), and write both
 * atomically — each only when its bytes changed, so a run with nothing new touches no file.
 * Used by `bo docs` and by the task loop when a task reaches done.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/schema.js';
import { BoError } from '../core/errors.js';
import type { Registry } from '../registry/schema.js';
import { writeFileAtomic } from '../store/file/atomic.js';
import { stateLayout } from '../store/file/layout.js';
import { withLock } from '../store/file/lock.js';
import type { DocsChanges } from './changes.js';
import { mergeDocument } from './markers.js';
import { DOCS_TITLE, planDocs } from './render.js';
import { parseSnapshot, serializeSnapshot, SNAPSHOT_FILE } from './snapshot.js';

export const DEFAULT_DOCS_PATH = 'backend-developer.md';

export interface UpdateDocsInput {
  projectRoot: string;
  config: Config;
  registry: Registry;
  /** The run's time: it dates the changelog entry. */
  now: Date;
  /** Work out what would change and write nothing (`bo docs --check`). */
  dryRun?: boolean;
}

export interface UpdateDocsResult {
  /** The document's absolute path. */
  path: string;
  /** The document's content changed (with `dryRun`: would change). */
  changed: boolean;
  /** What changed in the registry since the previous run: what the changelog entry lists. */
  diff: DocsChanges;
  /** There was no previous snapshot: everything counts as added. */
  firstRun: boolean;
}

export function docsPath(projectRoot: string, config: Config): string {
  return path.resolve(projectRoot, config.docs?.path ?? DEFAULT_DOCS_PATH);
}

export function snapshotPath(projectRoot: string, config: Config): string {
  return path.join(stateLayout(projectRoot, config.stateDir).active, SNAPSHOT_FILE);
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function writeIfChanged(file: string, before: string | undefined, after: string): Promise<boolean> {
  if (before === after) return false;
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, after);
  return true;
}

async function update(input: UpdateDocsInput): Promise<UpdateDocsResult> {
  const { projectRoot, config, registry, now } = input;
  const document = docsPath(projectRoot, config);
  const snapshotFile = snapshotPath(projectRoot, config);
  const snapshotText = await readIfExists(snapshotFile);
  const previous = snapshotText === undefined ? undefined : parseSnapshot(path.relative(projectRoot, snapshotFile), snapshotText);
  const toRoot = path.relative(path.dirname(document), projectRoot).split(path.sep).join('/');
  const plan = planDocs({ registry, previous, time: now.toISOString(), options: { sourceBase: toRoot ? `${toRoot}/` : '' } });

  const existing = await readIfExists(document).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EISDIR') throw error;
    throw new BoError('BO_ERR_CONFIG_INVALID', `docs.path ${path.relative(projectRoot, document)} is a folder: set it to a file, e.g. ${path.join(path.relative(projectRoot, document), DEFAULT_DOCS_PATH)}`);
  });
  // Merging first: a malformed marker stops the run before either file is touched.
  const merged = mergeDocument(existing, plan.sections, { title: DOCS_TITLE, file: path.relative(projectRoot, document) || document });
  const changed = merged !== existing;
  if (!input.dryRun) {
    // The document is derived from the snapshot alone, so a crash between the two writes heals
    // on the next run: the same entry is rendered again, never added twice.
    await writeIfChanged(document, existing, merged);
    await writeIfChanged(snapshotFile, snapshotText, serializeSnapshot(plan.snapshot));
  }
  return { path: document, changed, diff: plan.changes, firstRun: plan.firstRun };
}

/**
 * Regenerates the developer docs (path from config `docs.path`, default `backend-developer.md`
 * at the project root). Runs under the state lock `docs`, so `bo docs` and a task finishing at
 * the same moment do not interleave their writes: the document and the snapshot on disk always
 * come from the same run.
 */
export async function updateDeveloperDocs(input: UpdateDocsInput): Promise<UpdateDocsResult> {
  if (input.dryRun) return update(input);
  const { locks } = stateLayout(input.projectRoot, input.config.stateDir);
  return withLock(locks, 'docs', () => update(input));
}
