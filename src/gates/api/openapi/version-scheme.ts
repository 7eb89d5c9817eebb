/**
 * How an API shows its version: a `/v1` path segment, a version header, or a versioned media type.
 * Path versions are read per endpoint; headers and media types are read once for the project (a
 * middleware or the document names them), since no single route shows them.
 */
import type { Endpoint } from '../../../registry/schema.js';
import { isTestFile } from '../../../scan/code/index.js';
import type { CheckContext } from '../../types.js';
import { specDocument } from './document.js';

/**
 * A whole path segment that is a version: `/v1`, `/v2.1`, `/v1beta`, `/v3-alpha2`, `/1.0`, a date
 * (`/2024-01-15`), or a bare number as the first or second segment (`/2/tweets`, `/api/2/users`).
 */
const PATH_VERSION = /\/(?:v\d+(?:\.\d+)*(?:-?(?:alpha|beta|rc)\d*)?|\d+(?:\.\d+)+|\d{4}-\d{2}-\d{2})(?=\/|$)|^(?:\/[^/{}]+)?\/\d+(?=\/|$)/i;
export const hasPathVersion = (path: string): boolean => PATH_VERSION.test(path);

/** Paths a client or provider calls at a fixed address, versioned by someone else if at all. */
const FIXED_ADDRESS = /\/(?:webhooks?|graphql|callback|oauth2?)(?:\/|$)/i;
export const isFixedAddress = (path: string): boolean => FIXED_ADDRESS.test(path);

const VERSION_HEADER_IN_CODE = /['"`](?:accept-version|(?:x-)?api-version|x-version)['"`]|VersioningType\.HEADER/i;
const VERSION_MEDIA_TYPE = /vnd\.[\w.+-]*v\d|;\s*version=|VersioningType\.MEDIA_TYPE/i;

function codeMentions(context: CheckContext, pattern: RegExp): boolean {
  return context.modules.some((m) => !isTestFile(m.file.path) && pattern.test(m.file.text));
}

/** Whether the project shows a version header: code that reads one, Nest/Fastify version constraints, or a documented header parameter. */
export function usesVersionHeader(context: CheckContext, endpoints: readonly Endpoint[]): boolean {
  if (endpoints.some((e) => e.version)) return true;
  const spec = specDocument(context);
  if (spec?.input.summary.operations.some((op) => op.parameters.some((p) => p.in === 'header' && /version/i.test(p.name)))) return true;
  return codeMentions(context, VERSION_HEADER_IN_CODE);
}

/** Whether the project shows a versioned media type (`application/vnd.acme.v2+json`, `;version=2`). */
export function usesVersionedMediaType(context: CheckContext, endpoints: readonly Endpoint[]): boolean {
  if (endpoints.some((e) => e.version)) return true;
  const spec = specDocument(context);
  if (spec && spec.input.files.some((file) => VERSION_MEDIA_TYPE.test(context.fileText(file.rel) ?? ''))) return true;
  return codeMentions(context, VERSION_MEDIA_TYPE);
}

const SEMVER = /^(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
export const isSemver = (version: string): boolean => SEMVER.test(version);
