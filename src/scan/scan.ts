/**
 * `bo scan`, the pipeline: discover files → (cache?) → parse once → endpoints from code, models,
 * services, the OpenAPI document and its drift → one registry. Every scanner is pure over the
 * files it is given; a file that fails is reported and skipped, never fatal.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/schema.js';
import { parseJson, stableStringify } from '../core/json.js';
import type { Endpoint, Registry } from '../registry/schema.js';
import { writeFileAtomicSync } from '../store/file/atomic.js';
import { createIndex } from './code/graph.js';
import { scanCodeEndpoints } from './code/index.js';
import { readTsPaths } from './code/tsconfig.js';
import { contentFingerprint, discoverFiles, readSourceFile, statFingerprint } from './files.js';
import { scanModels } from './models/index.js';
import { compareEndpoints, findOpenApiDocuments, loadOpenApi, toEndpoint } from './openapi/index.js';
import { isParsed, isSourceFile, parseModule, type ParsedModule } from './parse.js';
import { createResolver } from './resolve.js';
import { scanServices } from './services/index.js';
import type { ScanProblem, SourceFile } from './types.js';

export interface Drift {
  /** The OpenAPI document compared against, or undefined when the project has none. */
  document: string | undefined;
  onlyInCode: string[];
  onlyInSpec: string[];
}

export interface ScanResult {
  registry: Registry;
  drift: Drift;
  problems: ScanProblem[];
  frameworks: string[];
  stats: { files: number; sourceFiles: number; durationMs: number; cache: 'unchanged files' | 'unchanged contents' | 'none' };
}

export interface ScanOptions {
  root: string;
  config: Config;
  /** Where the scan cache lives (the state dir); no cache when undefined. */
  cacheDir?: string | undefined;
  onProgress?: (phase: string, done: number, total: number) => void;
}

const CACHE_VERSION = 1;

interface CacheFile {
  version: number;
  statFingerprint: string;
  contentFingerprint: string;
  result: Omit<ScanResult, 'stats'> & { stats: Omit<ScanResult['stats'], 'cache' | 'durationMs'> };
}

function readCache(file: string | undefined): CacheFile | undefined {
  if (!file) return undefined;
  try {
    const cache = parseJson(readFileSync(file, 'utf8')) as CacheFile;
    return cache.version === CACHE_VERSION ? cache : undefined;
  } catch {
    return undefined; // missing or damaged: a cache is only ever an optimisation
  }
}

export async function scanProject(options: ScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const { root, config } = options;
  const cacheFile = options.cacheDir ? path.join(options.cacheDir, 'scan.json') : undefined;
  const progress = options.onProgress ?? (() => undefined);

  const discovered = discoverFiles({ root, stateDir: config.stateDir, patterns: config.sources });
  const cache = readCache(cacheFile);
  const stats = statFingerprint(discovered.files);
  const finish = (result: CacheFile['result'], how: ScanResult['stats']['cache']): ScanResult => ({
    ...result,
    stats: { ...result.stats, cache: how, durationMs: Math.round(performance.now() - started) },
  });
  if (cache && cache.statFingerprint === stats) return finish(cache.result, 'unchanged files');

  const files: SourceFile[] = [];
  discovered.files.forEach((entry, index) => {
    files.push(readSourceFile(entry));
    if (index % 200 === 0) progress('reading', index, discovered.files.length);
  });
  const contents = contentFingerprint(files);
  if (cache && cache.contentFingerprint === contents) {
    writeCache(cacheFile, { ...cache, statFingerprint: stats });
    return finish(cache.result, 'unchanged contents');
  }

  const result = await analyse(root, files, config, progress);
  result.problems.unshift(...discovered.problems);
  const saved: CacheFile['result'] = { ...result, stats: { files: files.length, sourceFiles: result.sourceFiles } };
  delete (saved as { sourceFiles?: number }).sourceFiles;
  writeCache(cacheFile, { version: CACHE_VERSION, statFingerprint: stats, contentFingerprint: contents, result: saved });
  return finish(saved, 'none');
}

function writeCache(file: string | undefined, cache: CacheFile): void {
  if (!file) return;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomicSync(file, stableStringify(cache));
  } catch {
    // a read-only state dir scans without a cache
  }
}

async function analyse(
  root: string,
  files: readonly SourceFile[],
  config: Config,
  progress: (phase: string, done: number, total: number) => void,
): Promise<Omit<ScanResult, 'stats'> & { sourceFiles: number }> {
  const problems: ScanProblem[] = [];
  const modules: ParsedModule[] = [];
  const sources = files.filter((f) => isSourceFile(f.path));
  sources.forEach((file, index) => {
    const parsed = parseModule(file);
    if (isParsed(parsed)) modules.push(parsed);
    else problems.push(parsed);
    if (index % 100 === 0) progress('parsing', index, sources.length);
  });

  const tsconfig = files.find((f) => f.path === 'tsconfig.json');
  const resolver = createResolver(
    files.map((f) => f.path),
    tsconfig ? readTsPaths(tsconfig.text) : undefined,
  );
  progress('endpoints', 0, 1);
  const index = createIndex(modules, resolver);
  const code = scanCodeEndpoints(index);
  problems.push(...code.problems);

  progress('models', 0, 1);
  const models = scanModels({ files, config });
  problems.push(...models.problems);

  progress('services', 0, 1);
  const services = scanServices({ modules, resolver });
  problems.push(...services.problems);

  progress('openapi', 0, 1);
  const { endpoints, drift, openapiProblems } = await withSpec(root, code.endpoints, files, config);
  problems.push(...openapiProblems);

  return {
    registry: { endpoints, models: models.models, services: services.services },
    drift,
    problems,
    frameworks: [...new Set(code.endpoints.map((e) => e.framework).filter((f): f is string => Boolean(f)))].sort(),
    sourceFiles: sources.length,
  };
}

/** Marks documented endpoints and lists the drift; a project with no endpoints in code but a spec gets the spec's. */
async function withSpec(
  root: string,
  codeEndpoints: Endpoint[],
  files: readonly SourceFile[],
  config: Config,
): Promise<{ endpoints: Endpoint[]; drift: Drift; openapiProblems: ScanProblem[] }> {
  const [document] = findOpenApiDocuments(
    root,
    files.map((f) => f.path),
    config.openapi,
  );
  if (!document) return { endpoints: codeEndpoints, drift: { document: undefined, onlyInCode: [], onlyInSpec: [] }, openapiProblems: [] };
  const loaded = await loadOpenApi(path.join(root, document), root);
  const spec = loaded.document;
  if (!spec) return { endpoints: codeEndpoints, drift: { document, onlyInCode: [], onlyInSpec: [] }, openapiProblems: loaded.problems };
  if (codeEndpoints.length === 0) {
    return {
      endpoints: spec.operations.map((op) => toEndpoint(op, document)),
      drift: { document, onlyInCode: [], onlyInSpec: [] },
      openapiProblems: loaded.problems,
    };
  }
  const compared = compareEndpoints(codeEndpoints, spec.operations);
  return {
    endpoints: codeEndpoints.map((e) => ({ ...e, documented: compared.documented.has(e.id) })),
    drift: { document, onlyInCode: compared.onlyInCode, onlyInSpec: compared.onlyInSpec },
    openapiProblems: loaded.problems,
  };
}
