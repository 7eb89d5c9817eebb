/**
 * What a module's path says about it: test code (skipped), a role by file name
 * (`users.service.ts`) or else by folder (`repositories/`), and whether its shape may be judged
 * at all (not in entry points, route or model folders).
 */
import {
  ENTRY_STEMS,
  HELPER_FOLDERS,
  NON_SERVICE_FOLDERS,
  NON_SERVICE_STEM_WORDS,
  ROLE_FOLDERS,
  ROLE_WORDS,
  TEST_FOLDERS,
  TEST_STEM_WORDS,
  type ServiceKind,
} from './conventions.js';
import { lastWord } from './naming.js';

export interface PathRole {
  test: boolean;
  /** The kind the file name or folder gives every module-level service in it. */
  kind: ServiceKind | undefined;
  /** Whether jobs, middleware and SDK wrappers may be recognised by what the code does. */
  shapes: boolean;
}

export function pathRole(path: string): PathRole {
  const parts = path.split('/');
  const folders = parts.slice(0, -1).map((folder) => folder.toLowerCase());
  const stem = (parts.at(-1) ?? '').replace(/\.[cm]?[jt]sx?$/, '');
  const dotted = stem.toLowerCase().split('.');
  if (folders.some((folder) => TEST_FOLDERS.has(folder)) || dotted.slice(1).some((part) => TEST_STEM_WORDS.has(part))) {
    return { test: true, kind: undefined, shapes: false };
  }
  const last = lastWord(stem) ?? '';
  const entry = ENTRY_STEMS.has(stem.toLowerCase()) || (stem === 'index' && folders.filter((f) => f !== 'src').length === 0);
  const shapes = !entry && !folders.some((folder) => NON_SERVICE_FOLDERS.has(folder));
  if (NON_SERVICE_STEM_WORDS.has(last)) return { test: false, kind: undefined, shapes: false };
  const byName = ROLE_WORDS[last];
  if (byName) return { test: false, kind: byName, shapes };
  for (let i = folders.length - 1; i >= 0; i--) {
    const folder = folders[i] as string;
    if (NON_SERVICE_FOLDERS.has(folder) || HELPER_FOLDERS.has(folder)) break;
    const kind = ROLE_FOLDERS[folder];
    if (kind) return { test: false, kind, shapes };
  }
  return { test: false, kind: undefined, shapes };
}
