/**
 * The other files a split document refers to, found and read by json-schema-ref-parser's crawler
 * with our own resolver and parser plugged in: files only, inside the project only (symlinks
 * included), never the network, and parsed by our reader so their lines are known too.
 */
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileInfo } from '@apidevtools/json-schema-ref-parser';
import type { ScanProblem } from '../types.js';
import { readDocument } from './read-document.js';
import type { DocFile } from './types.js';

export interface ReferencedFiles {
  /** Every file read, by absolute path, the root document included. */
  files: Map<string, DocFile>;
  /** Why a referenced file could not be used, by absolute path. */
  unreadable: Map<string, string>;
  /** Syntax problems found in the referenced files. */
  problems: ScanProblem[];
}

export async function loadReferencedFiles(root: DocFile, projectRoot: string): Promise<ReferencedFiles> {
  const files = new Map<string, DocFile>([[root.abs, root]]);
  const unreadable = new Map<string, string>();
  const problems: ScanProblem[] = [];
  const rel = (abs: string) => path.relative(projectRoot, abs).split(path.sep).join('/');
  const realRoot = await realpath(projectRoot).catch(() => path.resolve(projectRoot));

  const fail = (abs: string, reason: string): never => {
    unreadable.set(abs, reason);
    throw new Error(reason);
  };
  const read = async (url: string): Promise<string> => {
    const abs = toPath(url);
    if (!inside(path.resolve(projectRoot), abs)) return fail(abs, `${rel(abs)} is outside the project root (not read)`);
    let real: string;
    try {
      real = await realpath(abs);
    } catch {
      return fail(abs, `${rel(abs)} does not exist`);
    }
    if (!inside(realRoot, real)) return fail(abs, `${rel(abs)} leads outside the project root (not read)`);
    return readFile(real, 'utf8').catch((error: NodeJS.ErrnoException) => fail(abs, `${rel(abs)} could not be read (${error.code ?? error.message})`));
  };
  const parse = (url: string, data: unknown): unknown => {
    const abs = toPath(url);
    // A file read once (the root document, reached again from a split file) keeps its identity.
    const known = files.get(abs);
    if (known) return known.tree.value;
    const text = Buffer.isBuffer(data) ? data.toString('utf8') : String(data);
    const outcome = readDocument(text, abs);
    for (const problem of outcome.problems) problems.push({ file: rel(abs), ...problem });
    if (!outcome.tree) return fail(abs, `${rel(abs)} could not be parsed`);
    files.set(abs, { abs, rel: rel(abs), tree: outcome.tree });
    return outcome.tree.value;
  };

  // Loaded lazily: most documents are not split, and the library takes a while to import.
  const { $RefParser } = await import('@apidevtools/json-schema-ref-parser');
  try {
    await new $RefParser().resolve(root.abs, root.tree.value as object, {
      continueOnError: true,
      resolve: {
        external: true,
        file: false,
        http: false,
        project: { order: 1, canRead: (file: FileInfo) => isLocal(file.url), read: (file: FileInfo) => read(file.url) },
      },
      parse: {
        json: false,
        yaml: false,
        text: false,
        binary: false,
        project: { order: 1, allowEmpty: true, canParse: true, parse: (file: FileInfo) => parse(file.url, file.data) },
      },
    });
  } catch {
    // Each failure is already in `unreadable`, and is reported where the reference is written.
  }
  return { files, unreadable, problems };
}

const isLocal = (url: string) => /^file:/i.test(url) || !/^[a-z][a-z0-9+.-]*:/i.test(url);

/** The library hands us absolute paths, percent-encoded like URLs (or file: URLs). */
function toPath(url: string): string {
  if (/^file:/i.test(url)) return fileURLToPath(url);
  try {
    return path.resolve(decodeURIComponent(url));
  } catch {
    return path.resolve(url);
  }
}

function inside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}
