/**
 * `$ref` resolution over files already loaded: JSON pointers, chains of references, references into
 * other files of a split document. Pure: what could not be loaded arrives as `unreadable` reasons.
 * Only what the scanner needs is resolved, when it needs it, instead of dereferencing everything
 * (Stripe's description has thousands of schema references the scanner never looks at).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isRecord } from './tree.js';
import type { DocFile } from './types.js';

export type Resolution = { ok: true; value: unknown; file: DocFile } | { ok: false; reason: string; remote?: boolean };

export interface RefResolver {
  /** Follows `ref`, as written in `from`, to its target (through chains of references). */
  resolve(ref: string, from: DocFile): Resolution;
  /** `value` itself, or its target when it is a reference object `{ $ref }`. */
  deref(value: unknown, from: DocFile): Resolution;
}

export interface RefTarget {
  /** `remote`: a URL with a scheme other than file:, never fetched. */
  kind: 'same-file' | 'file' | 'remote';
  /** Absolute path of the target file (absent when remote). */
  abs?: string;
  /** The fragment after `#`, without it (a JSON pointer such as `/components/schemas/User`). */
  fragment: string;
}

const MAX_CHAIN = 32;

export const isRefObject = (value: unknown): value is { $ref: string } => isRecord(value) && typeof value.$ref === 'string';

export function refTarget(ref: string, fromAbs: string): RefTarget {
  const hash = ref.indexOf('#');
  const location = hash < 0 ? ref : ref.slice(0, hash);
  const fragment = hash < 0 ? '' : ref.slice(hash + 1);
  if (location === '') return { kind: 'same-file', abs: fromAbs, fragment };
  if (/^file:/i.test(location)) {
    try {
      return { kind: 'file', abs: fileURLToPath(location), fragment };
    } catch {
      return { kind: 'remote', fragment };
    }
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(location)) return { kind: 'remote', fragment };
  const filePart = location.split('?')[0] as string;
  return { kind: 'file', abs: path.resolve(path.dirname(fromAbs), safeDecode(filePart)), fragment };
}

export function createRefResolver(files: ReadonlyMap<string, DocFile>, unreadable: ReadonlyMap<string, string>, projectRoot: string): RefResolver {
  const display = (abs: string) => path.relative(projectRoot, abs).split(path.sep).join('/');

  const resolve = (ref: string, from: DocFile, seen: Set<string>): Resolution => {
    const target = refTarget(ref, from.abs);
    if (target.kind === 'remote' || !target.abs) return { ok: false, remote: true, reason: 'remote reference not followed (network access is disabled)' };
    const file = files.get(target.abs);
    if (!file) return { ok: false, reason: unreadable.get(target.abs) ?? `${display(target.abs)} was not loaded` };
    const key = `${target.abs}#${target.fragment}`;
    if (seen.has(key) || seen.size >= MAX_CHAIN) return { ok: false, reason: 'circular reference' };
    seen.add(key);
    const found = walk(file, target.fragment, seen);
    if (found.ok && isRefObject(found.value)) return resolve(found.value.$ref, found.file, seen);
    return found;
  };

  const walk = (file: DocFile, fragment: string, seen: Set<string>): Resolution => {
    if (fragment === '' || fragment === '/') return { ok: true, value: file.tree.value, file };
    if (!fragment.startsWith('/')) return { ok: false, reason: `fragment "#${fragment}" is not a JSON pointer` };
    const tokens = fragment.slice(1).split('/').map(decodeToken);
    let current: unknown = file.tree.value;
    let currentFile = file;
    for (let index = 0; index < tokens.length; index++) {
      // A reference on the way is followed before going further down.
      if (isRefObject(current)) {
        const through = resolve(current.$ref, currentFile, seen);
        if (!through.ok) return through;
        current = through.value;
        currentFile = through.file;
      }
      const token = tokens[index] as string;
      const next = Array.isArray(current)
        ? /^(0|[1-9][0-9]*)$/.test(token) ? current[Number(token)] : undefined
        : isRecord(current) && Object.hasOwn(current, token) ? current[token] : undefined;
      if (next === undefined) {
        const missing = `#/${fragment.slice(1).split('/').slice(0, index + 1).join('/')}`;
        return { ok: false, reason: `${missing} does not exist in ${display(file.abs)}` };
      }
      current = next;
    }
    return { ok: true, value: current, file: currentFile };
  };

  return {
    resolve: (ref, from) => resolve(ref, from, new Set()),
    deref: (value, from) => (isRefObject(value) ? resolve(value.$ref, from, new Set()) : { ok: true, value, file: from }),
  };
}

function decodeToken(token: string): string {
  return safeDecode(token).replace(/~1/g, '/').replace(/~0/g, '~');
}

function safeDecode(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
