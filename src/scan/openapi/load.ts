/**
 * `loadOpenApi`: one document from disk to an `OpenApiSummary` and the problems met on the way.
 * The I/O edge of this folder: it reads files; everything it calls is pure over parsed values.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ScanProblem } from '../types.js';
import { loadReferencedFiles } from './external.js';
import { normaliseDocument, versionProblem } from './normalise.js';
import { checkRefs, collectRefs } from './ref-check.js';
import { readDocument } from './read-document.js';
import { createRefResolver, refTarget } from './refs.js';
import type { DocFile, OpenApiSummary } from './types.js';

export interface LoadResult {
  document?: OpenApiSummary;
  /** The parsed files of the document, the root file first (for rules that read what the summary leaves out). */
  files?: DocFile[];
  problems: ScanProblem[];
}

export async function loadOpenApi(absPath: string, projectRoot: string): Promise<LoadResult> {
  const abs = path.resolve(absPath);
  const rel = path.relative(projectRoot, abs).split(path.sep).join('/');
  try {
    return await load(abs, rel, projectRoot);
  } catch (error) {
    // A document that breaks the reader (say, nesting deep enough to exhaust the stack) must not
    // stop the scan: it is reported like any other unreadable file.
    return { problems: [{ file: rel, message: `could not read the OpenAPI document: ${(error as Error).message}`, severity: 'error' }] };
  }
}

async function load(abs: string, rel: string, projectRoot: string): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return { problems: [{ file: rel, message: `cannot read the OpenAPI document (${code})`, severity: 'error' }] };
  }
  const parsed = readDocument(text, abs);
  const problems: ScanProblem[] = parsed.problems.map((problem) => ({ file: rel, ...problem }));
  if (!parsed.tree) return { problems };
  const root: DocFile = { abs, rel, tree: parsed.tree };
  // Not OpenAPI: say so before chasing any of its references.
  const notOpenApi = versionProblem(root);
  if (notOpenApi) return { problems: [...problems, notOpenApi] };

  const rootRefs = collectRefs(root.tree.value);
  const split = rootRefs.some(({ ref }) => {
    const target = refTarget(ref, abs);
    return target.kind === 'file' && target.abs !== abs;
  });
  const loaded = split ? await loadReferencedFiles(root, projectRoot) : { files: new Map([[abs, root]]), unreadable: new Map<string, string>(), problems: [] };
  problems.push(...loaded.problems);
  const refs = createRefResolver(loaded.files, loaded.unreadable, projectRoot);
  problems.push(...checkRefs(loaded.files.values(), refs, (file) => (file === root ? rootRefs : collectRefs(file.tree.value))));
  const normalised = normaliseDocument(root, refs);
  problems.push(...normalised.problems);
  const files = [root, ...[...loaded.files.values()].filter((f) => f !== root)];
  return normalised.document ? { document: normalised.document, files, problems } : { problems };
}
