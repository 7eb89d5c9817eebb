/**
 * `contract/response-schema`: every JSON answer the probes got, for a status the OpenAPI document
 * describes with a schema, validated against that schema (ajv; 3.0 schemas translated, 3.1 as JSON
 * Schema 2020-12). One finding per operation and status, with the first mismatch.
 */
import { createRequire } from 'node:module';
import type { FindingInput } from '../../types.js';
import type { ProbeModel } from './endpoints.js';
import { excerpt } from './findings.js';
import type { JsonSchema } from './json-schema.js';
import type { Exchange } from './session.js';

export interface SchemaCheck {
  validated: number;
  findings: FindingInput[];
  /** Why nothing could be validated, when that is the case. */
  skipped?: string;
}

interface Validator {
  (data: unknown): boolean;
  errors?: { instancePath: string; message?: string }[] | null;
}
interface AjvLike {
  compile(schema: JsonSchema): Validator;
}

const require = createRequire(import.meta.url);

/** ajv is loaded on first use: the static gates never need it. */
function createAjv(openapi31: boolean): AjvLike {
  // Both are CommonJS packages whose default export TypeScript cannot see through an ESM import.
  const Ajv = (openapi31 ? require('ajv/dist/2020') : require('ajv')) as { default: new (options: object) => AjvLike };
  const addFormats = require('ajv-formats') as { default: (ajv: AjvLike) => void };
  const ajv = new Ajv.default({ strict: false, allErrors: false, validateFormats: true, logger: false });
  addFormats.default(ajv);
  return ajv;
}

export function checkResponseSchemas(model: ProbeModel, log: readonly Exchange[]): SchemaCheck {
  if (!model.spec) return { validated: 0, findings: [], skipped: 'no OpenAPI document to validate against' };
  let ajv: AjvLike;
  try {
    ajv = createAjv(model.spec.input.summary.version === '3.1');
  } catch (error) {
    return { validated: 0, findings: [], skipped: `the JSON Schema validator (ajv) could not be loaded: ${(error as Error).message}` };
  }
  const compiled = new Map<string, Validator | undefined>();
  const failures = new Map<string, { exchange: Exchange; error: string; count: number; location: FindingInput }>();
  let validated = 0;
  for (const exchange of log) {
    const response = exchange.response;
    if (!response || response.json === undefined || response.status === 429 || exchange.purpose === 'burst') continue;
    const key = `${exchange.plan.endpoint.id} ${response.status}`;
    const documented = model.responseSchema(exchange.plan, response.status);
    if (!documented) continue;
    if (!compiled.has(key)) {
      try {
        compiled.set(key, ajv.compile(documented.schema));
      } catch {
        compiled.set(key, undefined);
      }
    }
    const validate = compiled.get(key);
    if (!validate) continue;
    validated++;
    if (validate(response.json)) continue;
    const first = validate.errors?.[0];
    const error = first ? `${first.instancePath || '(root)'} ${first.message ?? 'does not match'}` : 'does not match';
    const seen = failures.get(key);
    if (seen) seen.count++;
    else failures.set(key, { exchange, error, count: 1, location: { ...documented.location, message: '', hint: '' } });
  }
  const findings = [...failures.values()].map(({ exchange, error, count, location }) => ({
    file: location.file,
    line: location.line,
    subject: exchange.plan.endpoint.id,
    message: `${exchange.method} ${exchange.path} answered ${exchange.response?.status} with a body that does not match the documented schema: ${error}${count > 1 ? ` (${count} answers)` : ''}; body: ${excerpt(exchange.response?.text ?? '', 120)}`,
    hint: `Make the ${exchange.response?.status} answer of ${exchange.plan.endpoint.method} ${exchange.plan.endpoint.path} match its schema in the OpenAPI document, or correct the schema if the answer is right.`,
  }));
  return { validated, findings };
}
