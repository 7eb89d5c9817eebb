/**
 * Bodies described without a schema: request bodies and success responses whose media types say
 * nothing about their shape. Each gap comes with where it is written (the media type's key, in the
 * file that holds it) so the finding points at the line to fix.
 */
import { lineOf, isRecord } from '../../../scan/openapi/tree.js';
import type { DocFile } from '../../../scan/openapi/types.js';
import type { Location } from '../../types.js';
import type { SpecDocument } from './document.js';
import type { RawOperation } from './operations.js';
import { isSuccessCode } from './statuses.js';

export interface SchemaGap extends Location {
  /** `request body (application/json)`, `response 200 (application/json)`. */
  what: string;
}

/** Binary and wildcard payloads have no useful schema to write. */
const SCHEMALESS = /octet-stream|^(?:image|audio|video|font)\/|^\*\/\*$|^text\/(?:plain|csv|html)$|^application\/(?:pdf|zip)$/i;

/** The media types of a `content` mapping that have no `schema` (3.x). */
function contentGaps(content: unknown, doc: DocFile, what: string, fallback: Location): SchemaGap[] {
  if (!isRecord(content)) return [];
  const gaps: SchemaGap[] = [];
  for (const [type, media] of Object.entries(content)) {
    if (SCHEMALESS.test(type) || (isRecord(media) && media.schema !== undefined)) continue;
    const line = lineOf(doc.tree, content, type);
    gaps.push({ ...(line ? { file: doc.rel, line } : fallback), what: `${what} (${type})` });
  }
  return gaps;
}

export function schemaGaps(spec: SpecDocument, raw: RawOperation): SchemaGap[] {
  const value = raw.value;
  if (!value) return [];
  const at = (holder: unknown, key: string): Location => {
    const line = lineOf(raw.doc.tree, holder, key);
    return line ? { file: raw.doc.rel, line } : { file: raw.file, line: raw.line };
  };
  const gaps: SchemaGap[] = [];
  if (spec.input.summary.version === '2.0') {
    // 2.0: an `in: body` parameter must have a schema; responses without one simply have no body.
    for (const parameter of Array.isArray(value.parameters) ? value.parameters : []) {
      const resolved = spec.refs.deref(parameter, raw.doc);
      if (resolved.ok && isRecord(resolved.value) && resolved.value.in === 'body' && resolved.value.schema === undefined) {
        gaps.push({ ...at(value, 'parameters'), what: `body parameter "${String(resolved.value.name)}"` });
      }
    }
    return gaps;
  }
  if (value.requestBody !== undefined) {
    const body = spec.refs.deref(value.requestBody, raw.doc);
    if (body.ok && isRecord(body.value)) {
      if (!isRecord(body.value.content) || Object.keys(body.value.content).length === 0) gaps.push({ ...at(value, 'requestBody'), what: 'request body (no content)' });
      else gaps.push(...contentGaps(body.value.content, body.file, 'request body', at(value, 'requestBody')));
    }
  }
  if (isRecord(value.responses)) {
    for (const [code, response] of Object.entries(value.responses)) {
      if (!isSuccessCode(code) || !code.startsWith('2')) continue;
      const resolved = spec.refs.deref(response, raw.doc);
      if (resolved.ok && isRecord(resolved.value)) gaps.push(...contentGaps(resolved.value.content, resolved.file, `response ${code}`, at(value.responses, code)));
    }
  }
  return gaps;
}
