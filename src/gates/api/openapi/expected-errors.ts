/**
 * The client errors an operation should declare, from what it is: 401 where it requires
 * credentials, 404 on an item path, 400 or 422 where it takes a body or parameters.
 */
import type { SpecOperation } from '../../../scan/openapi/types.js';
import { declares } from './statuses.js';

export interface ExpectedError {
  /** One per kind of expectation, for grouping: `401`, `404`, `400`. */
  kind: string;
  /** Codes that satisfy it, the one to suggest first. */
  codes: string[];
  why: string;
}

export function expectedErrors(op: SpecOperation): ExpectedError[] {
  const expected: ExpectedError[] = [];
  if (op.security === 'required') expected.push({ kind: '401', codes: ['401'], why: 'it requires credentials' });
  const itemPath = /\/\{[^/}]+\}$/.test(op.path);
  if (itemPath) expected.push({ kind: '404', codes: ['404'], why: 'it addresses one item' });
  const input = op.requestBody || op.parameters.some((p) => p.in === 'query' || p.in === 'body' || p.in === 'formData');
  if (input) expected.push({ kind: '400', codes: ['400', '422'], why: op.requestBody ? 'it takes a request body' : 'it takes parameters' });
  // A malformed path parameter may fairly be answered 404, so 404 covers it where there is no other input.
  else if (!itemPath && op.parameters.some((p) => p.in === 'path')) expected.push({ kind: '400', codes: ['400', '422', '404'], why: 'it takes path parameters' });
  return expected;
}

export const missingErrors = (op: SpecOperation): ExpectedError[] =>
  expectedErrors(op).filter((expected) => !expected.codes.some((code) => declares(op.responses, code)));

/** `400 or 422` */
export const codesText = (expected: ExpectedError): string => expected.codes.slice(0, 2).join(' or ');
