/**
 * The OpenAPI document as the spec rules share it (built once per run through `context.memo`):
 * the root file, a `$ref` resolver over the files the scan already read, the raw operations joined
 * to the normalised ones, and the verdict to return when there is no document to judge.
 */
import { createRefResolver, type RefResolver } from '../../../scan/openapi/refs.js';
import { isRecord } from '../../../scan/openapi/tree.js';
import type { DocFile } from '../../../scan/openapi/types.js';
import type { CheckContext, OpenApiInput, RuleVerdict } from '../../types.js';
import { rawOperations, type RawOperation } from './operations.js';

export interface SpecDocument {
  input: OpenApiInput;
  root: DocFile;
  /** The root document's top-level mapping. */
  top: Record<string, unknown>;
  refs: RefResolver;
  operations: RawOperation[];
}

export function specDocument(context: CheckContext): SpecDocument | undefined {
  return context.memo('api/openapi-document', () => {
    const input = context.openapi;
    const root = input?.files[0];
    if (!input || !root || !isRecord(root.tree.value)) return undefined;
    const refs = createRefResolver(new Map(input.files.map((file) => [file.abs, file])), new Map(), context.root);
    return { input, root, top: root.tree.value, refs, operations: rawOperations(root, input.summary, refs) };
  });
}

/** Why a spec rule has nothing to judge: no document at all, or one the scan could not read. */
export function noDocumentVerdict(context: CheckContext): RuleVerdict {
  if (context.drift.document) {
    return { status: 'skipped', reason: `the OpenAPI document ${context.drift.document} could not be read (see the scan problems)` };
  }
  return { status: 'not-applicable', reason: 'no OpenAPI document in the project' };
}
