/**
 * The base document of the comparison (`--base`): a file under the project root, or the document's
 * file as it was at a git ref (`git show <ref>:./<path>`, git spawned with argv, no shell). A split
 * document is read the same way: every file its `$ref`s reach, at the same ref, inside the project.
 * The I/O edge of the diff: everything after it is pure.
 */
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { loadOpenApi } from '../../../scan/openapi/load.js';
import { detectVersion } from '../../../scan/openapi/normalise.js';
import { readDocument } from '../../../scan/openapi/read-document.js';
import { collectRefs } from '../../../scan/openapi/ref-check.js';
import { createRefResolver, refTarget } from '../../../scan/openapi/refs.js';
import type { DocFile } from '../../../scan/openapi/types.js';
import type { Document } from './types.js';

export type BaseOutcome =
  | { ok: true; document: Document; /** How the base is named in messages: a path, or `ref:path`. */ label: string }
  | { ok: false; status: 'skipped' | 'not-applicable'; reason: string };

/** Split documents rarely have more; a bound keeps a runaway reference graph from reading a whole history. */
const MAX_FILES = 500;

export async function loadBase(root: string, base: string, documentRel: string, signal?: AbortSignal): Promise<BaseOutcome> {
  const candidate = path.resolve(root, base);
  if (await isFile(candidate)) return fromFile(root, candidate);
  return fromGit(root, base, documentRel, signal);
}

/** Builds one side of the comparison from its parsed files (the root first). */
export function documentOf(files: readonly DocFile[], root: string, unreadable: ReadonlyMap<string, string> = new Map()): Document | undefined {
  const first = files[0];
  if (!first) return undefined;
  const check = detectVersion(first.tree.value);
  if ('error' in check) return undefined;
  return { root: first, version: check.version, refs: createRefResolver(new Map(files.map((f) => [f.abs, f])), unreadable, root) };
}

async function fromFile(root: string, abs: string): Promise<BaseOutcome> {
  const rel = path.relative(root, abs).split(path.sep).join('/');
  const loaded = await loadOpenApi(abs, root);
  const document = loaded.files && documentOf(loaded.files, root);
  if (!document) return { ok: false, status: 'skipped', reason: `the base ${rel} is not an OpenAPI document we read: ${loaded.problems[0]?.message ?? 'unknown problem'}` };
  return { ok: true, document, label: rel };
}

async function fromGit(root: string, ref: string, documentRel: string, signal?: AbortSignal): Promise<BaseOutcome> {
  // A ref starting with "-" would be read by git as an option.
  if (ref.startsWith('-') || ref.includes(':')) return { ok: false, status: 'skipped', reason: `--base ${ref} is neither a file nor a git ref` };
  const first = await gitShow(root, ref, documentRel, signal);
  if (!first.ok) {
    if (/exists on disk, but not in|does not exist in/.test(first.error)) return { ok: false, status: 'not-applicable', reason: `${documentRel} did not exist at ${ref}: nothing to break` };
    return { ok: false, status: 'skipped', reason: `--base ${ref} is neither a file nor a readable git ref: ${first.error}` };
  }
  const files: DocFile[] = [];
  const unreadable = new Map<string, string>();
  const queue = [{ rel: documentRel, text: first.text as string | undefined }];
  const queued = new Set([path.resolve(root, documentRel)]);
  while (queue.length && files.length < MAX_FILES) {
    const { rel, text: known } = queue.shift() as { rel: string; text: string | undefined };
    const abs = path.resolve(root, rel);
    const shown = known === undefined ? await gitShow(root, ref, rel, signal) : { ok: true as const, text: known };
    if (!shown.ok) {
      unreadable.set(abs, `${rel} could not be read at ${ref}: ${shown.error}`);
      continue;
    }
    const tree = readDocument(shown.text, abs).tree;
    if (!tree) {
      unreadable.set(abs, `${rel} could not be parsed at ${ref}`);
      continue;
    }
    files.push({ abs, rel: `${ref}:${rel}`, tree });
    for (const { ref: reference } of collectRefs(tree.value)) {
      const target = refTarget(reference, abs);
      if (target.kind !== 'file' || !target.abs || queued.has(target.abs)) continue;
      queued.add(target.abs);
      const targetRel = path.relative(root, target.abs).split(path.sep).join('/');
      if (targetRel.startsWith('../') || path.isAbsolute(targetRel)) unreadable.set(target.abs, `${targetRel} is outside the project root (not read)`);
      else queue.push({ rel: targetRel, text: undefined });
    }
  }
  const document = documentOf(files, root, unreadable);
  if (!document) return { ok: false, status: 'skipped', reason: `${documentRel} at ${ref} is not an OpenAPI document we read` };
  return { ok: true, document, label: `${ref}:${documentRel}` };
}

type Shown = { ok: true; text: string } | { ok: false; error: string };

function gitShow(root: string, ref: string, rel: string, signal?: AbortSignal): Promise<Shown> {
  return new Promise((resolve) => {
    execFile('git', ['show', `${ref}:./${rel}`], { cwd: root, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8', ...(signal ? { signal } : {}) }, (error, stdout, stderr) => {
      if (!error) return resolve({ ok: true, text: stdout });
      const code = (error as NodeJS.ErrnoException).code;
      const message = code === 'ENOENT' ? 'git is not installed' : (stderr.trim().split('\n')[0] ?? '') || error.message;
      resolve({ ok: false, error: message });
    });
  });
}

async function isFile(abs: string): Promise<boolean> {
  try {
    return (await stat(abs)).isFile();
  } catch {
    return false;
  }
}
