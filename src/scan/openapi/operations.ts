/**
 * The operations of a document's `paths`, normalised for comparison with code: one entry per
 * method and path, with the base path in front, security, parameters, body and status codes.
 */
import { HTTP_METHODS } from '../../registry/schema.js';
import type { ScanProblem } from '../types.js';
import { readParameters, requestBodyFields, schemaFields, type Located } from './parameters.js';
import { basePathPrefix, joinPath, serverPathPrefix } from './paths.js';
import { isRefObject, type RefResolver } from './refs.js';
import { securityOf } from './security.js';
import { isRecord, lineOf } from './tree.js';
import type { DocFile, SpecOperation, SpecVersion } from './types.js';

/** The methods the registry knows, as path item keys (`trace` is left out on purpose). */
const METHODS = HTTP_METHODS.map((method) => method.toLowerCase());

export interface OperationsResult {
  operations: SpecOperation[];
  problems: ScanProblem[];
}

interface Context {
  root: DocFile;
  doc: Record<string, unknown>;
  version: SpecVersion;
  refs: RefResolver;
}

/** One path item: where each of its fields comes from, and the base path of its operations. */
interface PathItem {
  template: string;
  pick(key: string): Located | undefined;
  prefix: string;
}

export function readOperations(root: DocFile, version: SpecVersion, refs: RefResolver): OperationsResult {
  const doc = root.tree.value as Record<string, unknown>;
  const problems: ScanProblem[] = [];
  const operations: SpecOperation[] = [];
  // 3.1 documents may have no paths at all (only webhooks or components).
  if (doc.paths === undefined) return { operations, problems };
  if (!isRecord(doc.paths)) {
    problems.push({ file: root.rel, line: lineOf(root.tree, doc, 'paths'), message: '`paths` is not a mapping', severity: 'error' });
    return { operations, problems };
  }
  const context: Context = { root, doc, version, refs };
  const documentPrefix = version === '2.0' ? basePathPrefix(doc.basePath) : serverPathPrefix(doc.servers);
  const ids = new Set<string>();
  for (const [template, rawItem] of Object.entries(doc.paths)) {
    if (!template.startsWith('/')) {
      if (!template.startsWith('x-')) {
        const line = lineOf(root.tree, doc.paths, template);
        problems.push({ file: root.rel, ...(line ? { line } : {}), message: `path "${template}" does not start with "/"; skipped`, severity: 'warning' });
      }
      continue;
    }
    const item = pathItem(context, template, rawItem, documentPrefix);
    if (!item) continue;
    for (const method of METHODS) {
      const holder = item.pick(method);
      const operation = holder && readOperation(context, item, method, holder);
      if (!operation) continue;
      if (ids.has(operation.id)) {
        const where = { file: holder.file.rel, ...(operation.line ? { line: operation.line } : {}) };
        problems.push({ ...where, message: `${operation.id} is described twice; the first one is used`, severity: 'warning' });
        continue;
      }
      ids.add(operation.id);
      operations.push(operation);
    }
  }
  return { operations, problems };
}

function pathItem(context: Context, template: string, rawItem: unknown, documentPrefix: string): PathItem | undefined {
  const target = context.refs.deref(rawItem, context.root);
  // A broken reference is reported by the reference check, where it is written.
  if (!target.ok || !isRecord(target.value)) return undefined;
  // Fields written beside a path item's `$ref` take precedence over the referenced ones.
  const sources: Located[] = isRefObject(rawItem) && Object.keys(rawItem).length > 1 ? [{ value: rawItem, file: context.root }, target] : [target];
  const pick = (key: string) => sources.find((source) => Object.hasOwn(source.value as object, key));
  const servers = field(pick('servers'), 'servers');
  const prefix = context.version !== '2.0' && hasEntries(servers) ? serverPathPrefix(servers) : documentPrefix;
  return { template, pick, prefix };
}

function readOperation(context: Context, item: PathItem, method: string, holder: Located): SpecOperation | undefined {
  const { refs, version } = context;
  const raw = field(holder, method);
  const resolved = refs.deref(raw, holder.file);
  const readable = resolved.ok && isRecord(resolved.value);
  // An operation kept in a file we could not read still exists: its method and path are known.
  if (!readable && !isRefObject(raw)) return undefined;
  const op = readable ? (resolved.value as Record<string, unknown>) : {};
  const opFile = resolved.ok ? resolved.file : holder.file;
  const prefix = version !== '2.0' && hasEntries(op.servers) ? serverPathPrefix(op.servers) : item.prefix;
  const path = joinPath(prefix, item.template);
  const pathParameters = item.pick('parameters');
  const lists: Located[] = [
    ...(pathParameters ? [{ value: field(pathParameters, 'parameters'), file: pathParameters.file }] : []),
    { value: op.parameters, file: opFile },
  ];
  const { parameters, bodySchema } = readParameters(lists, refs);
  const { security, schemes } = readable ? securityOf(op.security, context.doc.security) : { security: 'unknown' as const, schemes: [] };
  const bodyFields =
    version === '2.0'
      ? [...parameters.filter((p) => p.in === 'formData').map((p) => p.name), ...(bodySchema ? schemaFields(bodySchema, refs) : [])]
      : op.requestBody === undefined ? [] : requestBodyFields({ value: op.requestBody, file: opFile }, refs);
  const line = lineOf(holder.file.tree, holder.value, method);
  return {
    id: `${method.toUpperCase()} ${path}`,
    method: method.toUpperCase() as SpecOperation['method'],
    path,
    ...texts(op),
    ...(Array.isArray(op.tags) ? { tags: op.tags.filter((tag): tag is string => typeof tag === 'string') } : {}),
    security,
    securitySchemes: schemes,
    parameters,
    requestBody: version === '2.0' ? parameters.some((p) => p.in === 'body' || p.in === 'formData') : op.requestBody !== undefined,
    ...(bodyFields.length > 0 ? { bodyFields } : {}),
    responses: isRecord(op.responses) ? Object.keys(op.responses).filter((code) => !code.startsWith('x-')) : [],
    ...(line ? { line } : {}),
    ...(holder.file !== context.root ? { file: holder.file.rel } : {}),
  };
}

function field(source: Located | undefined, key: string): unknown {
  return source && isRecord(source.value) ? source.value[key] : undefined;
}

const hasEntries = (servers: unknown) => Array.isArray(servers) && servers.length > 0;

function texts(op: Record<string, unknown>): Pick<SpecOperation, 'operationId' | 'summary' | 'description'> {
  const out: Pick<SpecOperation, 'operationId' | 'summary' | 'description'> = {};
  if (typeof op.operationId === 'string') out.operationId = op.operationId;
  if (typeof op.summary === 'string') out.summary = op.summary;
  if (typeof op.description === 'string') out.description = op.description;
  return out;
}
