/**
 * A parsed document to an `OpenApiSummary`: which OpenAPI it is, its title and version, and its
 * operations. A file that is not OpenAPI, or of a version we do not read, is a problem, not a throw.
 */
import type { ScanProblem } from '../types.js';
import { readOperations } from './operations.js';
import type { RefResolver } from './refs.js';
import { isRecord, lineOf } from './tree.js';
import type { DocFile, OpenApiSummary, SpecVersion } from './types.js';

export type VersionCheck = { version: SpecVersion; warning?: string } | { error: string; key?: 'openapi' | 'swagger' };

/** The version a document declares (`openapi: 3.1.0`, `swagger: "2.0"`). */
export function detectVersion(doc: unknown): VersionCheck {
  if (!isRecord(doc)) return { error: 'not an OpenAPI document: the top level is not a mapping' };
  if (doc.openapi !== undefined) {
    // `openapi: 3.0` unquoted is the number 3 once parsed.
    const declared = typeof doc.openapi === 'number' && Number.isInteger(doc.openapi) ? `${doc.openapi}.0` : String(doc.openapi);
    if (/^3\.0(\.|$)/.test(declared)) return { version: '3.0' };
    if (/^3\.1(\.|$)/.test(declared)) return { version: '3.1' };
    if (/^3\.\d+(\.|$)/.test(declared)) return { version: '3.1', warning: `OpenAPI ${declared} is read as 3.1` };
    return { error: `unsupported OpenAPI version "${declared}" (2.0, 3.0 and 3.1 are read)`, key: 'openapi' };
  }
  if (doc.swagger !== undefined) {
    if (String(doc.swagger) === '2.0' || doc.swagger === 2) return { version: '2.0' };
    return { error: `unsupported Swagger version "${String(doc.swagger)}" (2.0, 3.0 and 3.1 are read)`, key: 'swagger' };
  }
  return { error: 'not an OpenAPI document: no `openapi` or `swagger` key at the top level' };
}

export interface NormaliseResult {
  document?: OpenApiSummary;
  problems: ScanProblem[];
}

/** The problem with a document that is not OpenAPI we read, if it is not. */
export function versionProblem(root: DocFile): ScanProblem | undefined {
  const check = detectVersion(root.tree.value);
  if (!('error' in check)) return undefined;
  const line = (check.key && lineOf(root.tree, root.tree.value, check.key)) || 1;
  return { file: root.rel, line, message: check.error, severity: 'error' };
}

export function normaliseDocument(root: DocFile, refs: RefResolver): NormaliseResult {
  const doc = root.tree.value;
  const check = detectVersion(doc);
  if ('error' in check) return { problems: [versionProblem(root) as ScanProblem] };
  const problems: ScanProblem[] = [];
  if (check.warning) problems.push({ file: root.rel, line: lineOf(root.tree, doc, 'openapi') ?? 1, message: check.warning, severity: 'warning' });
  const info = isRecord((doc as Record<string, unknown>).info) ? ((doc as Record<string, unknown>).info as Record<string, unknown>) : {};
  const { operations, problems: operationProblems } = readOperations(root, check.version, refs);
  const document: OpenApiSummary = {
    file: root.rel,
    version: check.version,
    ...(typeof info.title === 'string' ? { title: info.title } : {}),
    ...(typeof info.version === 'string' || typeof info.version === 'number' ? { apiVersion: String(info.version) } : {}),
    operations,
  };
  return { document, problems: [...problems, ...operationProblems] };
}
