/**
 * The analysis stage of a scan: parse every source once, then endpoints from code, models,
 * services and the OpenAPI document with its drift. Loaded only when the cache cannot answer.
 */
import path from 'node:path';
import type { Config } from '../config/schema.js';
import type { Endpoint, Registry } from '../registry/schema.js';
import { createIndex, type ProjectIndex } from './code/graph.js';
import { scanCodeEndpoints } from './code/index.js';
import { readTsPaths } from './code/tsconfig.js';
import { scanModels } from './models/index.js';
import { compareEndpoints, findOpenApiDocuments, loadOpenApi, toEndpoint, type OpenApiSummary } from './openapi/index.js';
import type { DocFile } from './openapi/types.js';
import { isParsed, isSourceFile, parseModule, type ParsedModule } from './parse.js';
import { createResolver } from './resolve.js';
import type { Drift } from './scan.js';
import { scanServices } from './services/index.js';
import type { ScanProblem, SourceFile } from './types.js';

export interface Analysis {
  registry: Registry;
  drift: Drift;
  problems: ScanProblem[];
  frameworks: string[];
  sourceFiles: number;
  /** What the analysis built on the way, for the gates: the parsed sources, the code graph, the OpenAPI document. */
  modules: ParsedModule[];
  index: ProjectIndex;
  openapi: { file: string; summary: OpenApiSummary; files: DocFile[] } | undefined;
}

export async function analyse(
  root: string,
  files: readonly SourceFile[],
  config: Config,
  progress: (phase: string, done: number, total: number) => void,
): Promise<Analysis> {
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
  const models = scanModels({ files, config, modules });
  problems.push(...models.problems);

  progress('services', 0, 1);
  const services = scanServices({ modules, resolver });
  problems.push(...services.problems);

  progress('openapi', 0, 1);
  const { endpoints, drift, openapiProblems, openapi } = await withSpec(root, code.endpoints, files, config);
  problems.push(...openapiProblems);

  return {
    registry: { endpoints, models: models.models, services: services.services },
    drift,
    problems,
    frameworks: [...new Set(code.endpoints.map((e) => e.framework).filter((f): f is string => Boolean(f)))].sort(),
    sourceFiles: sources.length,
    modules,
    index,
    openapi,
  };
}

/** Marks documented endpoints and lists the drift; a project with no endpoints in code but a spec gets the spec's. */
async function withSpec(
  root: string,
  codeEndpoints: Endpoint[],
  files: readonly SourceFile[],
  config: Config,
): Promise<{ endpoints: Endpoint[]; drift: Drift; openapiProblems: ScanProblem[]; openapi?: Analysis['openapi'] }> {
  const [document] = findOpenApiDocuments(
    root,
    files.map((f) => f.path),
    config.openapi,
  );
  if (!document) return { endpoints: codeEndpoints, drift: { document: undefined, onlyInCode: [], onlyInSpec: [] }, openapiProblems: [] };
  const loaded = await loadOpenApi(path.join(root, document), root);
  const spec = loaded.document;
  if (!spec) return { endpoints: codeEndpoints, drift: { document, onlyInCode: [], onlyInSpec: [] }, openapiProblems: loaded.problems };
  const openapi = { file: document, summary: spec, files: loaded.files ?? [] };
  if (codeEndpoints.length === 0) {
    return {
      openapi,
      endpoints: spec.operations.map((op) => toEndpoint(op, document)),
      drift: { document, onlyInCode: [], onlyInSpec: [] },
      openapiProblems: loaded.problems,
    };
  }
  const compared = compareEndpoints(codeEndpoints, spec.operations);
  return {
    openapi,
    endpoints: codeEndpoints.map((e) => ({ ...e, documented: compared.documented.has(e.id) })),
    drift: { document, onlyInCode: compared.onlyInCode, onlyInSpec: compared.onlyInSpec },
    openapiProblems: loaded.problems,
  };
}
