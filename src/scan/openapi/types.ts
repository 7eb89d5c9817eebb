/**
 * What the OpenAPI reader gives the scanner: each operation of a document, normalised so it compares
 * with endpoints found in code (full path with the server's base path, OpenAPI `{param}` style).
 */
import type { Endpoint } from '../../registry/schema.js';
import type { ParsedTree } from './tree.js';

export type SpecVersion = '2.0' | '3.0' | '3.1';
export type SpecSecurity = 'required' | 'optional' | 'none' | 'unknown';
export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie' | 'body' | 'formData';

export interface SpecParameter {
  name: string;
  in: ParameterLocation;
  required: boolean;
}

export interface SpecOperation {
  /** `"GET /api/v1/users/{id}"`, the registry's endpoint id. */
  id: string;
  method: Endpoint['method'];
  path: string;
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  /** From the operation's `security`, else the document's: `[]` is none, a `{}` entry makes it optional. */
  security: SpecSecurity;
  /** Names of the security schemes the requirements list. */
  securitySchemes: string[];
  /** Path-level and operation-level parameters merged, `$ref`s resolved. */
  parameters: SpecParameter[];
  requestBody: boolean;
  /** Top-level property names of the request body schema (or 2.0 form fields), when they can be read. */
  bodyFields?: string[];
  /** Status codes as written (`'200'`, `'4XX'`, `'default'`). */
  responses: string[];
  /** Line of the operation's method key in the file that defines it. */
  line?: number;
  /** Project-relative file that defines the operation, when not the document itself (split specs). */
  file?: string;
}

export interface OpenApiSummary {
  /** Project-relative path of the document. */
  file: string;
  version: SpecVersion;
  title?: string;
  /** `info.version`. */
  apiVersion?: string;
  operations: SpecOperation[];
}

/** A parsed file of a (possibly split) document. */
export interface DocFile {
  abs: string;
  /** Project-relative posix path, as problems and sources record it. */
  rel: string;
  tree: ParsedTree;
}
