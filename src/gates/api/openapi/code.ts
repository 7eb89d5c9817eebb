/**
 * Code and document side by side: the endpoints found in code (not those the registry took from the
 * document), which of them are infrastructure rather than the API, and the document's base path.
 */
import { basePathPrefix, serverPathPrefix } from '../../../scan/openapi/paths.js';
import { isOperational } from '../../support/endpoints.js';
import type { CheckContext } from '../../types.js';
import { specDocument } from './document.js';

/** The API's own documentation and discovery URLs: they serve the document, they are not in it. */
const DOCS =
  /^(?:\/api)?\/(?:api-docs|docs|swagger(?:-ui)?|redoc|openapi)(?:\.(?:json|ya?ml|html))?(?:\/.*)?$|\/(?:api-docs|swagger|openapi)\.(?:json|ya?ml)$|^\/\.well-known\//i;
/** Probes under a prefix (`/api/health`, `/api/v1/_admin/healthz`): the shared check only knows them at the root. */
const NESTED_PROBE = /\/(?:_?health(?:z|check|-check)?|livez|readyz|liveness|readiness|ping)$/i;
/** `/robots.txt`, `/sitemap.xml`, `/favicon.ico`: files a site serves, not API resources. */
const SITE_FILE = /^\/[\w.-]+\.(?:txt|xml|ico|png|svg|webmanifest)$/i;

/**
 * The root page, health probes, metrics, docs pages, `/.well-known/…`, site files: exempt from
 * versioning, documentation and rate limiting.
 */
export const isInfrastructure = (path: string): boolean =>
  path === '/' || isOperational(path) || DOCS.test(path) || NESTED_PROBE.test(path) || SITE_FILE.test(path);

/** The base path the document puts before its path keys (`servers[0].url`, 2.0 `basePath`), for hints. */
export function documentBasePath(context: CheckContext): string {
  const spec = specDocument(context);
  if (!spec) return '';
  return spec.input.summary.version === '2.0' ? basePathPrefix(spec.top.basePath) : serverPathPrefix(spec.top.servers);
}

/** `/api/v1/admin/stats` as a path key of a document whose base path is `/api/v1`: `/admin/stats`. */
export function pathKeyFor(context: CheckContext, path: string): string {
  const base = documentBasePath(context);
  return base && path.startsWith(`${base}/`) ? path.slice(base.length) : path;
}
