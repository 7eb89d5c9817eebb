/**
 * The dashboard of `bo serve`: the files of the package's `dashboard/` folder (plain HTML, CSS and
 * ES modules: nothing to build) at `/` and `/dashboard/*`. The files are public — they hold no
 * data; the page asks for the token and sends it with every API call. They are read once when the
 * server starts and kept in memory with an ETag, so a reload costs a 304; `Cache-Control:
 * no-cache` makes the browser ask every time, so an upgraded package is picked up at once. The
 * Content-Security-Policy allows only the server's own scripts, styles and connections: no inline
 * script can run even if some text slipped into the page as markup.
 *
 * The folder is found by walking up from this module to the package root (the package.json named
 * backend-orchestrator): that is `src/server/` in a checkout and `dist/` (or `dist/chunks/`) when
 * installed. Without the folder the API still serves; `/` answers 404 saying what is missing.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { RouteFlags } from './auth.js';
import { ProblemError } from './problem.js';

export const PACKAGE_NAME = 'backend-orchestrator';

/** What the page may load: its own files and the API, nothing inline, nothing from elsewhere. */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Replace the API's `no-store` and `default-src 'none'` (set app-wide) on the dashboard's files. */
export const DASHBOARD_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': DASHBOARD_CSP,
  'cache-control': 'no-cache',
};

const MEDIA_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticFile {
  body: Buffer;
  type: string;
  etag: string;
}

/** The directory at or above `from` whose package.json is named `name`, or undefined. */
export function findPackageRoot(from: string, name = PACKAGE_NAME): string | undefined {
  let dir = path.resolve(from);
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === name) return dir;
      } catch {
        // an unreadable package.json is not ours: keep walking up
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Where this installation's dashboard files are. */
export function defaultDashboardDir(): string | undefined {
  const root = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));
  return root ? path.join(root, 'dashboard') : undefined;
}

/** A strong ETag: the content's hash, so equal files have equal tags across restarts. */
export const etagOf = (body: Buffer) => `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;

/**
 * The servable files under `dir`, by their path relative to it with `/` separators. Only files of
 * a known media type are taken (no dotfiles, no source maps nor editor files): what a request
 * can reach is exactly this table, so no path it sends can lead outside the folder.
 */
export function loadStaticFiles(dir: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const walk = (current: string, prefix: string) => {
    for (const name of readdirSync(current).sort()) {
      if (name.startsWith('.')) continue;
      const full = path.join(current, name);
      if (statSync(full).isDirectory()) {
        walk(full, `${prefix}${name}/`);
        continue;
      }
      const type = MEDIA_TYPES[path.extname(name).toLowerCase()];
      if (!type) continue;
      const body = readFileSync(full);
      files.set(`${prefix}${name}`, { body, type, etag: etagOf(body) });
    }
  };
  walk(dir, '');
  return files;
}

/** RFC 9110 If-None-Match: `*`, or a list of tags (weak ones compare by their opaque part). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

export interface DashboardOptions {
  /** The folder to serve (default: `dashboard/` of this package). */
  dir?: string | undefined;
}

/** The Fastify plugin: `await app.register(registerDashboard, {})`. Its routes need no token. */
export async function registerDashboard(app: FastifyInstance, options: DashboardOptions): Promise<void> {
  const dir = options.dir ?? defaultDashboardDir();
  const files = dir && existsSync(path.join(dir, 'index.html')) ? loadStaticFiles(dir) : new Map<string, StaticFile>();
  const missing = `the dashboard files are not installed (looked for ${dir ? path.join(dir, 'index.html') : 'the backend-orchestrator package root'}); the API under /v1 works without them`;

  // Runs after the app-wide security headers (a child's hooks follow its parent's): files that
  // were served get the dashboard's own policy; errors keep the API's.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (reply.statusCode < 400) reply.headers(DASHBOARD_HEADERS);
    return payload;
  });

  /** The file a request names, and whether the browser has it already (its ETag matched). */
  const lookup = (name: string, ifNoneMatch: string | undefined): { file: StaticFile; fresh: boolean } => {
    const file = files.get(name);
    if (!file) {
      if (files.size === 0) throw new ProblemError(404, missing, { title: 'Dashboard not installed' });
      throw new ProblemError(404, `no dashboard file ${name}`, { title: 'Not Found' });
    }
    return { file, fresh: etagMatches(ifNoneMatch, file.etag) };
  };

  app.get('/', { config: { public: true } }, async (request, reply) => {
    const { file, fresh } = lookup('index.html', request.headers['if-none-match']);
    reply.header('etag', file.etag);
    return fresh ? reply.code(304).send() : reply.type(file.type).send(file.body);
  });
  // The page's own files: no API endpoint, so neither in the OpenAPI document nor under /v1.
  // bo-ignore api/*: static files of the dashboard, served beside the API
  app.get<{ Params: { '*': string } }, RouteFlags>('/dashboard/*', { config: { public: true } }, async (request, reply) => { // bo-ignore sec/input-validated: only a key into the files loaded at start, never a path on disk
    const { file, fresh } = lookup(request.params['*'], request.headers['if-none-match']);
    reply.header('etag', file.etag);
    return fresh ? reply.code(304).send() : reply.type(file.type).send(file.body);
  });
}
