/**
 * Building the events this orchestrator emits: a CloudEvents 1.0 envelope with a fresh id, the
 * time of creation and JSON data (spec: events.md, "Event format"), and this project's `source`.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/schema.js';
import { CLOUDEVENTS_SPECVERSION, type CloudEvent } from './types.js';

export const JSON_CONTENT_TYPE = 'application/json';
export const SOURCE_PREFIX = 'urn:backend-orchestrator:';

export interface NewEvent {
  type: string;
  source: string;
  data?: unknown;
  subject?: string;
  /** Default: a random UUID. Give one to make a retried emit a duplicate instead of a second event. */
  id?: string;
  /** Default: now. */
  time?: Date;
}

export function createEvent(input: NewEvent): CloudEvent {
  return {
    specversion: CLOUDEVENTS_SPECVERSION,
    id: input.id ?? randomUUID(),
    source: input.source,
    type: input.type,
    time: (input.time ?? new Date()).toISOString(),
    datacontenttype: JSON_CONTENT_TYPE,
    ...(input.subject !== undefined ? { subject: input.subject } : {}),
    ...(input.data !== undefined ? { data: input.data } : {}),
  };
}

/**
 * `config.events.source`, else `urn:backend-orchestrator:<name>` with the name from package.json
 * (else the project folder's name). Characters a URN may not hold are percent-encoded, so a
 * folder called "my shop" still gives a valid URI.
 */
export function defaultSource(projectRoot: string, config: Pick<Config, 'events'>): string {
  const configured = config.events?.source;
  if (configured) return configured;
  return `${SOURCE_PREFIX}${uriSafe(packageName(projectRoot) ?? path.basename(path.resolve(projectRoot)))}`;
}

function packageName(projectRoot: string): string | undefined {
  try {
    const name = (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { name?: unknown }).name;
    return typeof name === 'string' && name.trim() !== '' ? name.trim() : undefined;
  } catch {
    return undefined; // no package.json, or not JSON: the folder name will do
  }
}

/** Keeps URN-safe characters (RFC 8141 pchar plus `/`), percent-encodes the rest. */
export function uriSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9._~@/:!$&'()*+,;=-]/gu, (char) => encodeURIComponent(char));
}
