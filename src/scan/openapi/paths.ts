/**
 * Full request paths from a document: the server's base path (3.x `servers[0].url`, 2.0 `basePath`)
 * joined to each path key, so `https://x.com/api/v1` + `/users` compares with code's `/api/v1/users`.
 */
import { isRecord } from './tree.js';

/** The path part of the first server's URL, with its variables replaced by their defaults. */
export function serverPathPrefix(servers: unknown): string {
  const first = Array.isArray(servers) ? servers[0] : undefined;
  if (!isRecord(first) || typeof first.url !== 'string') return '';
  const variables = isRecord(first.variables) ? first.variables : {};
  let url = first.url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const variable = variables[name];
    return isRecord(variable) && typeof variable.default === 'string' ? variable.default : whole;
  });
  // Drop `scheme://host`, `//host` (scheme-relative), then any query or fragment.
  url = url.replace(/^[^/?#]*:\/\/[^/?#]*|^\/\/[^/?#]*/, '').replace(/[?#].*$/, '');
  // A relative server URL (`api/v1`, `./v1`) is relative to where the document is served from.
  url = url.replace(/^\.\//, '/').replace(/^\.$/, '');
  return trimPrefix(url);
}

/** Swagger 2.0 `basePath`. */
export function basePathPrefix(basePath: unknown): string {
  return typeof basePath === 'string' ? trimPrefix(basePath) : '';
}

function trimPrefix(prefix: string): string {
  const withSlash = prefix === '' || prefix.startsWith('/') ? prefix : `/${prefix}`;
  return withSlash.replace(/\/+$/, '');
}

/** `prefix` + `path`, with one slash between segments and no trailing slash (except the root). */
export function joinPath(prefix: string, path: string): string {
  let full = `${prefix}/${path}`.replace(/\/{2,}/g, '/');
  if (full.length > 1 && full.endsWith('/')) full = full.slice(0, -1);
  return full;
}
