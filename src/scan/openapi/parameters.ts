/**
 * Parameters and request-body fields of an operation. Path-level parameters merge into the
 * operation's (the operation wins on the same name and location); `$ref`s are resolved one by one.
 */
import type { RefResolver } from './refs.js';
import { isRecord } from './tree.js';
import type { DocFile, ParameterLocation, SpecParameter } from './types.js';

/** A value with the file it was read from, so references inside it resolve from the right place. */
export interface Located {
  value: unknown;
  file: DocFile;
}

const LOCATIONS = new Set<string>(['path', 'query', 'header', 'cookie', 'body', 'formData']);

export interface ParameterSet {
  parameters: SpecParameter[];
  /** The schema of a Swagger 2.0 `in: body` parameter, for its field names. */
  bodySchema?: Located;
}

/** `lists`: the path item's `parameters`, then the operation's. */
export function readParameters(lists: readonly Located[], refs: RefResolver): ParameterSet {
  const merged = new Map<string, SpecParameter>();
  let bodySchema: Located | undefined;
  for (const list of lists) {
    if (!Array.isArray(list.value)) continue;
    for (const raw of list.value) {
      const resolved = refs.deref(raw, list.file);
      if (!resolved.ok || !isRecord(resolved.value)) continue;
      const { name, in: location, required, schema } = resolved.value;
      if (typeof name !== 'string' || typeof location !== 'string' || !LOCATIONS.has(location)) continue;
      // Path parameters are always required, whatever the document says.
      merged.set(`${location} ${name}`, { name, in: location as ParameterLocation, required: location === 'path' || required === true });
      if (location === 'body') bodySchema = { value: schema, file: resolved.file };
    }
  }
  return { parameters: [...merged.values()], ...(bodySchema ? { bodySchema } : {}) };
}

/** Field names of an OpenAPI 3.x `requestBody`: JSON first, then forms, then whatever is there. */
export function requestBodyFields(requestBody: Located, refs: RefResolver): string[] {
  const body = refs.deref(requestBody.value, requestBody.file);
  if (!body.ok || !isRecord(body.value) || !isRecord(body.value.content)) return [];
  const content = body.value.content;
  const types = Object.keys(content);
  const chosen =
    types.find((type) => /json/i.test(type)) ??
    types.find((type) => type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data') ??
    types[0];
  const media = chosen === undefined ? undefined : content[chosen];
  return isRecord(media) ? schemaFields({ value: media.schema, file: body.file }, refs) : [];
}

/** Top-level property names of a schema, including those it gathers with `allOf`. */
export function schemaFields(schema: Located, refs: RefResolver): string[] {
  const fields = new Set<string>();
  const visit = (value: unknown, file: DocFile, depth: number) => {
    const resolved = refs.deref(value, file);
    if (depth > 4 || !resolved.ok || !isRecord(resolved.value)) return;
    const { properties, allOf } = resolved.value;
    if (isRecord(properties)) for (const name of Object.keys(properties)) fields.add(name);
    if (Array.isArray(allOf)) for (const part of allOf) visit(part, resolved.file, depth + 1);
  };
  visit(schema.value, schema.file, 0);
  return [...fields];
}
