/**
 * The raw operation objects of a document, each joined to the scanner's normalised operation.
 * The summary says which codes, parameters and security an operation has; rules that judge how
 * it is written (a media type without a schema, the line of a `content` key) need the object itself.
 * Walked the way the scanner walks `paths` (same base path, same first-wins on duplicates), so the
 * ids are the same and the join is exact.
 */
import { HTTP_METHODS } from '../../../registry/schema.js';
import { basePathPrefix, joinPath, serverPathPrefix } from '../../../scan/openapi/paths.js';
import { isRefObject, type RefResolver } from '../../../scan/openapi/refs.js';
import { isRecord, lineOf } from '../../../scan/openapi/tree.js';
import type { DocFile, OpenApiSummary, SpecOperation } from '../../../scan/openapi/types.js';
import type { Reporter } from '../../types.js';

export interface RawOperation {
  /** The scanner's view of it: codes, parameters, security, operationId… */
  op: SpecOperation;
  /** The path key as written (without the server's base path). */
  template: string;
  /** The operation object, `$ref` followed; absent when it lives in a file that could not be read. */
  value: Record<string, unknown> | undefined;
  /** The file `value` was read from: where its nested keys have their lines and its `$ref`s resolve from. */
  doc: DocFile;
  /** Where the operation's method key is (project-relative file, 1-based line). */
  file: string;
  line: number;
}

const METHODS = HTTP_METHODS.map((method) => method.toLowerCase());

const hasEntries = (value: unknown) => Array.isArray(value) && value.length > 0;

export function rawOperations(root: DocFile, summary: OpenApiSummary, refs: RefResolver): RawOperation[] {
  const doc = root.tree.value;
  if (!isRecord(doc) || !isRecord(doc.paths)) return [];
  const byId = new Map(summary.operations.map((op) => [op.id, op]));
  const documentPrefix = summary.version === '2.0' ? basePathPrefix(doc.basePath) : serverPathPrefix(doc.servers);
  const out: RawOperation[] = [];
  const seen = new Set<string>();
  for (const [template, rawItem] of Object.entries(doc.paths)) {
    if (!template.startsWith('/')) continue;
    const target = refs.deref(rawItem, root);
    if (!target.ok || !isRecord(target.value)) continue;
    // Fields written beside a path item's `$ref` win over the referenced ones, as in the scanner.
    const holders: { value: Record<string, unknown>; file: DocFile }[] =
      isRefObject(rawItem) && Object.keys(rawItem).length > 1 ? [{ value: rawItem, file: root }, { value: target.value, file: target.file }] : [{ value: target.value, file: target.file }];
    const pick = (key: string) => holders.find((holder) => Object.hasOwn(holder.value, key));
    const itemServers = pick('servers')?.value.servers;
    const itemPrefix = summary.version !== '2.0' && hasEntries(itemServers) ? serverPathPrefix(itemServers) : documentPrefix;
    for (const method of METHODS) {
      const holder = pick(method);
      if (!holder) continue;
      const resolved = refs.deref(holder.value[method], holder.file);
      const value = resolved.ok && isRecord(resolved.value) ? resolved.value : undefined;
      const prefix = summary.version !== '2.0' && value && hasEntries(value.servers) ? serverPathPrefix(value.servers) : itemPrefix;
      const id = `${method.toUpperCase()} ${joinPath(prefix, template)}`;
      const op = byId.get(id);
      if (!op || seen.has(id)) continue;
      seen.add(id);
      out.push({
        op,
        template,
        value,
        doc: resolved.ok ? resolved.file : holder.file,
        file: holder.file.rel,
        line: lineOf(holder.file.tree, holder.value, method) ?? 1,
      });
    }
  }
  return out;
}

/** Runs `check` on each operation; one that breaks it is recorded against its file and the others go on. */
export function forEachOperation(operations: readonly RawOperation[], reporter: Reporter, check: (raw: RawOperation) => void): void {
  for (const raw of operations) {
    try {
      check(raw);
    } catch (error) {
      reporter.internalError(raw.file, error);
    }
  }
}
