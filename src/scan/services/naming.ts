/**
 * Names as words: `UsersService`, `users.service`, `user-repository` and `HTTPClient` all split
 * into lower-case words, so one table of role words (`conventions.ts`) covers every spelling.
 */
import { KIND_SUFFIX, ROLE_WORDS, type ServiceKind } from './conventions.js';

const WORD = /[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g;

export function words(name: string): string[] {
  return (name.match(WORD) ?? []).map((word) => word.toLowerCase());
}

/**
 * `words(name).at(-1)` without splitting the whole name: it is asked of every export and class, so it
 * reads backwards from the end with the same rules (`HTTPClient` → `client`, `UserDAO` → `dao`).
 */
export function lastWord(name: string): string | undefined {
  let end = name.length;
  while (end > 0 && kindOf(name.charCodeAt(end - 1)) === OTHER) end--;
  if (end === 0) return undefined;
  let start = end - 1;
  const last = kindOf(name.charCodeAt(start));
  while (start > 0 && kindOf(name.charCodeAt(start - 1)) === last) start--;
  if (last === LOWER && start > 0 && kindOf(name.charCodeAt(start - 1)) === UPPER) start--;
  return name.slice(start, end).toLowerCase();
}

const OTHER = 0;
const LOWER = 1;
const UPPER = 2;
const DIGIT = 3;
function kindOf(code: number): number {
  if (code >= 97 && code <= 122) return LOWER;
  if (code >= 65 && code <= 90) return UPPER;
  return code >= 48 && code <= 57 ? DIGIT : OTHER;
}

/** The role a name's last word gives it, if any (`UsersService` → service, `emailQueue` → job). */
export function roleOfName(name: string): ServiceKind | undefined {
  const last = lastWord(name);
  return last === undefined ? undefined : ROLE_WORDS[last];
}

/** `src/services/users.service.ts` → `users.service`; an `index` file is named by its folder. */
export function fileStem(path: string): string {
  const parts = path.split('/');
  const base = parts.at(-1) ?? path;
  const stem = base.replace(/\.[cm]?[jt]sx?$/, '');
  return stem === 'index' && parts.length > 1 ? (parts.at(-2) as string) : stem;
}

/**
 * The name of a file-level service: the stem in PascalCase, plus the kind's suffix unless the stem
 * already ends in a role word. `services/users.ts` → `UsersService`, `user-repository.ts` →
 * `UserRepository`, `middleware/auth.ts` → `AuthMiddleware`, `workers/email.worker.ts` → `EmailWorker`.
 */
export function fileServiceName(path: string, kind: ServiceKind): string {
  const parts = words(fileStem(path));
  const pascal = parts.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
  const last = parts.at(-1);
  return last !== undefined && ROLE_WORDS[last] ? pascal : pascal + KIND_SUFFIX[kind];
}
