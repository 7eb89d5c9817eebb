/**
 * The vocabulary of the OpenAPI diff: a value read in one file of a document, where a change is,
 * and the changes themselves (what broke, and which operations it reaches).
 */
import type { RefResolver } from '../../../scan/openapi/refs.js';
import type { DocFile, SpecVersion } from '../../../scan/openapi/types.js';

/** A value of a parsed document and the file it was read in (references resolve relative to it). */
export interface Node {
  value: unknown;
  file: DocFile;
}

/** A line in the new document, or in the base (for what was removed). */
export interface Spot {
  side: 'base' | 'new';
  file: DocFile;
  line: number;
}

export type ChangeKind =
  | 'operation-removed'
  | 'base-path-changed'
  | 'parameter-required'
  | 'parameter-moved'
  | 'request-body-required'
  | 'request-media-type-removed'
  | 'response-removed'
  | 'response-media-type-removed'
  | 'type-changed'
  | 'enum-value-removed'
  | 'enum-value-added'
  | 'property-required'
  | 'property-removed'
  | 'property-optional'
  | 'constraint-narrowed';

/** One change, free of the operation it was reached from (a shared schema is compared once). */
export interface Change {
  kind: ChangeKind;
  /** `warning` for what breaks strict clients only (a new enum value in a response). */
  level: 'error' | 'warning';
  /** What changed, naming the schema property or parameter: "`Pet.name` type changed from string to integer". */
  message: string;
  spot: Spot;
}

/** A change with the operations it reaches (`"GET /pets"`). */
export interface ReachedChange extends Change {
  operations: string[];
}

/** One side of the comparison: a loaded document and a resolver over its files. */
export interface Document {
  root: DocFile;
  version: SpecVersion;
  refs: RefResolver;
}
