/**
 * `bo scan`, the pipeline: discover files → cache? → analyse (parse once; endpoints, models,
 * services, OpenAPI drift) → one registry. The cache answers a scan of unchanged files without
 * reading them, and without loading the parsers at all.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/schema.js';
import { parseJson, stableStringify } from '../core/json.js';
import { REGISTRY_KINDS, type Registry } from '../registry/schema.js';
import { writeFileAtomicSync } from '../store/file/atomic.js';
import { contentFingerprint, discoverFiles, readSourceFile, statFingerprint } from './files.js';
import type { ScanProblem, SourceFile } from './types.js';

export interface Drift {
  /** The OpenAPI document compared against, or undefined when the project has none. */
  document: string | undefined;
  onlyInCode: string[];
  onlyInSpec: string[];
}

/** What a scan found, without the registry itself: small enough to cache and print. */
export interface ScanSummary {
  drift: Drift;
  problems: ScanProblem[];
  frameworks: string[];
  counts: { endpoints: number; models: number; services: number };
  files: number;
  sourceFiles: number;
}

export interface ScanResult {
  summary: ScanSummary;
  /** The registry found; undefined when the registry on disk already is exactly this scan's. */
  registry: Registry | undefined;
  stats: { durationMs: number; cache: 'unchanged files' | 'unchanged contents' | 'none' };
}

export interface ScanOptions {
  root: string;
  config: Config;
  /** Where the scan cache lives (in the state dir); no cache when undefined. */
  cacheDir?: string | undefined;
  /** `registryStamp` of the registry files as they are on disk now (see below). */
  currentRegistryStamp?: string | undefined;
  onProgress?: (phase: string, done: number, total: number) => void;
}

const CACHE_VERSION = 2;

interface CacheFile {
  version: number;
  statFingerprint: string;
  contentFingerprint: string;
  registryStamp: string;
  summary: ScanSummary;
}

/** The registry files' texts, as the store writes them (stable JSON), for `registryStamp`. */
export const registryTexts = (registry: Registry): string[] => REGISTRY_KINDS.map((kind) => stableStringify({ [kind]: registry[kind] }));

/** One hash of the three registry files' texts: equal stamps mean equal registries on disk. */
export function registryStamp(texts: readonly string[]): string {
  const hash = createHash('sha1');
  for (const text of texts) hash.update(`${text}\0`);
  return hash.digest('hex');
}

function readJson<T>(file: string): T | undefined {
  try {
    return parseJson(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined; // missing or damaged: a cache is only ever an optimisation
  }
}

function writeJson(file: string, value: unknown): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomicSync(file, stableStringify(value));
  } catch {
    // a read-only state dir scans without a cache
  }
}

export async function scanProject(options: ScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const { root, config } = options;
  const summaryFile = options.cacheDir ? path.join(options.cacheDir, 'scan.json') : undefined;
  const registryFile = options.cacheDir ? path.join(options.cacheDir, 'scan-registry.json') : undefined;
  const progress = options.onProgress ?? (() => undefined);
  const done = (summary: ScanSummary, registry: Registry | undefined, cache: ScanResult['stats']['cache']): ScanResult => ({
    summary,
    registry,
    stats: { cache, durationMs: Math.round(performance.now() - started) },
  });

  const discovered = discoverFiles({ root, stateDir: config.stateDir, patterns: config.sources });
  const stats = statFingerprint(discovered.files);
  const cached = summaryFile ? readJson<CacheFile>(summaryFile) : undefined;
  const cache = cached?.version === CACHE_VERSION ? cached : undefined;
  // The registry is only needed when the one on disk is not this scan's (someone edited it).
  const fromCache = (how: ScanResult['stats']['cache']) => {
    const current = cache?.registryStamp === options.currentRegistryStamp;
    const registry = current ? undefined : registryFile ? readJson<Registry>(registryFile) : undefined;
    return current || registry ? done((cache as CacheFile).summary, registry, how) : undefined;
  };
  if (cache && cache.statFingerprint === stats) {
    const answer = fromCache('unchanged files');
    if (answer) return answer;
  }

  const files: SourceFile[] = [];
  discovered.files.forEach((entry, index) => {
    files.push(readSourceFile(entry));
    if (index % 200 === 0) progress('reading', index, discovered.files.length);
  });
  const contents = contentFingerprint(files);
  if (cache && cache.contentFingerprint === contents) {
    const answer = fromCache('unchanged contents');
    if (answer && summaryFile) writeJson(summaryFile, { ...cache, statFingerprint: stats });
    if (answer) return answer;
  }

  const { analyse } = await import('./analyse.js');
  const result = await analyse(root, files, config, progress);
  const summary: ScanSummary = {
    drift: result.drift,
    problems: [...discovered.problems, ...result.problems],
    frameworks: result.frameworks,
    counts: { endpoints: result.registry.endpoints.length, models: result.registry.models.length, services: result.registry.services.length },
    files: files.length,
    sourceFiles: result.sourceFiles,
  };
  if (summaryFile && registryFile) {
    writeJson(registryFile, result.registry);
    const stamp = registryStamp(registryTexts(result.registry));
    writeJson(summaryFile, { version: CACHE_VERSION, statFingerprint: stats, contentFingerprint: contents, registryStamp: stamp, summary });
  }
  return done(summary, result.registry, 'none');
}
