/**
 * Resolves an import specifier to a project file without touching the disk: relative paths,
 * extensionless and `.js`-for-`.ts` imports, index files, and tsconfig `baseUrl`/`paths`.
 * Package imports (`express`, `@aws-sdk/client-s3`) resolve to undefined: they are not ours.
 */
import path from 'node:path';
import { SOURCE_EXTENSIONS } from './parse.js';

export interface TsPaths {
  /** Directory (relative to the root, posix) that `paths` targets are relative to. */
  baseUrl: string;
  paths: Record<string, string[]>;
}

export interface Resolver {
  resolve(fromFile: string, specifier: string): string | undefined;
}

const posix = path.posix;

/** `files` are project-relative posix paths. */
export function createResolver(files: Iterable<string>, tsPaths?: TsPaths): Resolver {
  const known = new Set(files);
  const tryFile = (candidate: string): string | undefined => {
    const clean = posix.normalize(candidate).replace(/^\.\//, '');
    if (known.has(clean)) return clean;
    // `./user.js` in TypeScript source means `./user.ts`.
    const stripped = clean.replace(/\.(m|c)?jsx?$/, '');
    for (const ext of SOURCE_EXTENSIONS) if (known.has(stripped + ext)) return stripped + ext;
    for (const ext of SOURCE_EXTENSIONS) if (known.has(`${clean}${ext}`)) return `${clean}${ext}`;
    for (const ext of SOURCE_EXTENSIONS) if (known.has(`${clean}/index${ext}`)) return `${clean}/index${ext}`;
    return undefined;
  };
  const aliases = Object.entries(tsPaths?.paths ?? {}).map(([pattern, targets]) => {
    const star = pattern.indexOf('*');
    return { prefix: star < 0 ? pattern : pattern.slice(0, star), suffix: star < 0 ? '' : pattern.slice(star + 1), exact: star < 0, targets };
  });
  return {
    resolve(fromFile, specifier) {
      if (specifier.startsWith('.')) return tryFile(posix.join(posix.dirname(fromFile), specifier));
      if (specifier.startsWith('/')) return undefined;
      for (const alias of aliases) {
        const matches = alias.exact
          ? specifier === alias.prefix
          : specifier.startsWith(alias.prefix) && specifier.endsWith(alias.suffix) && specifier.length >= alias.prefix.length + alias.suffix.length;
        if (!matches) continue;
        const middle = alias.exact ? '' : specifier.slice(alias.prefix.length, specifier.length - alias.suffix.length);
        for (const target of alias.targets) {
          const found = tryFile(posix.join(tsPaths?.baseUrl ?? '.', target.replace('*', middle)));
          if (found) return found;
        }
      }
      if (tsPaths?.baseUrl && tsPaths.baseUrl !== '.') {
        const found = tryFile(posix.join(tsPaths.baseUrl, specifier));
        if (found) return found;
      }
      return undefined;
    },
  };
}

/** The package an import names: `@aws-sdk/client-s3/x` → `@aws-sdk/client-s3`, `stripe` → `stripe`. */
export function packageName(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}
