/**
 * contract/breaking-change on the public pairs in ../shared/data/openapi (read there, never copied
 * into the project): petstorev2-complete and burgershop, original as the base and -modified as the
 * project's document, with every change listed. The changes the diff leaves out on purpose (error
 * responses, security, tags, descriptions, servers, callbacks and webhooks, unused components) are
 * named beside each list. Stripe's description compared with itself has no change.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { documentOf } from '../../../src/gates/contract/diff/base.js';
import { diffDocuments } from '../../../src/gates/contract/diff/compare.js';
import type { Document } from '../../../src/gates/contract/diff/types.js';
import { loadOpenApi } from '../../../src/scan/openapi/index.js';
import { runBreaking, writeProject, type BreakingRun } from './helpers.js';

const dataDir = process.env.BO_OPENAPI_DATA ?? fileURLToPath(new URL('../../../../shared/data/openapi/', import.meta.url));
const available = existsSync(dataDir);
if (!available) console.warn(`[contract] skipping the shared OpenAPI pairs: ${dataDir} is absent (set BO_OPENAPI_DATA to run them)`);

const read = (name: string) => readFileSync(path.join(dataDir, name), 'utf8');
const listed = (run: BreakingRun) => run.findings.map((f) => `${f.severity} ${f.file}:${f.line} ${f.message.replace('breaking change against base.yaml: ', '')}`);
async function loadSide(root: string, name: string): Promise<Document> {
  const loaded = await loadOpenApi(path.join(root, name), root);
  const document = loaded.files && documentOf(loaded.files, root);
  if (!document) throw new Error(`${name} did not load: ${loaded.problems[0]?.message}`);
  return document;
}
const pair = (original: string, modified: string) => runBreaking(writeProject({ 'openapi.yaml': read(modified), 'base.yaml': read(original) }), 'base.yaml');

describe.skipIf(!available)(`public OpenAPI pairs (${dataDir})`, () => {
  it('petstorev2-complete → -modified (Swagger 2.0)', async () => {
    const run = await pair('petstorev2-complete.yaml', 'petstorev2-complete-modified.yaml');
    expect(run.status).toBe('fail');
    // Not listed: host, schemes, tags, descriptions, operationIds; 405→406 and 400→401 (error
    // responses); security scopes; the unused global "200" response and the new unused parameter;
    // the petId enum's new value and higher maximum (a request accepting more); new produces types.
    expect(listed(run)).toEqual([
      'error base.yaml:62 request body type multipart/form-data is no longer accepted in POST /pet/{petId}/uploadImage',
      'error base.yaml:114 POST /pet removed',
      'error base.yaml:195 success response 200 removed in GET /pet/findByStatus',
      'error base.yaml:768 `Category` property `name` removed in GET /pet/findByTags, GET /pet/{petId}',
      'error openapi.yaml:15 basePath changed from /v2 to /v999: every operation moved',
      'error openapi.yaml:74 path parameter `petId` type changed from integer (int64) to float (int64) in POST /pet/{petId}/uploadImage',
      'error openapi.yaml:79 path parameter `petId` minLength raised from 1 to 11 in POST /pet/{petId}/uploadImage',
      'error openapi.yaml:182 parameter `status` moved from query to head in GET /pet/findByStatus',
      'error openapi.yaml:708 `ApiResponse.code` type changed from integer (int32) to integer (int64) in POST /pet/{petId}/uploadImage',
      'error openapi.yaml:718 `Category.id` type changed from integer (int64) to float (int64) in PUT /pet, GET /pet/findByTags, GET /pet/{petId}',
      'error openapi.yaml:727 `Pet.id` type changed from integer (int64) to float (int64) in PUT /pet, GET /pet/findByTags, GET /pet/{petId}',
      'error openapi.yaml:777 `Order.quantity` type changed from integer (int32) to integer (float) in POST /store/order, GET /store/order/{orderId}',
      'error openapi.yaml:780 `Order.shipDate` type changed from string (date-time) to string (pizza) in POST /store/order, GET /store/order/{orderId}',
    ]);
  });

  it('burgershop → -modified (OpenAPI 3.1)', async () => {
    const run = await pair('burgershop.openapi.yaml', 'burgershop.openapi-modified.yaml');
    expect(run.status).toBe('fail');
    // Not listed: the removed 422 and the json→xml 500 (error responses), new response media types
    // and codes, security scopes, servers, links, callbacks, webhooks, examples, descriptions; the
    // `type: string` dropped from Drink.drinkType (a wider schema, only a type that changes counts);
    // SomePayload's changes (no operation uses it).
    expect(listed(run)).toEqual([
      'error base.yaml:354 response 200 no longer returns application/json in GET /burgers/{burgerId}/dressings',
      'error openapi.yaml:192 parameter `burgerId` moved from path to query in GET /burgers/{burgerId}/dressings',
      'error openapi.yaml:491 `Fries` property `seasoning` is now required in POST /burgers',
      'warning openapi.yaml:528 `Drink.drinkType` may now return the value "sprite" in POST /burgers, GET /burgers/{burgerId}',
    ]);
  });

  // Over the scan's 2 MB file limit, so compared at the diff level, from two separate readings.
  it('stripe-old.yaml compared with itself has no change; a renamed path is two removed operations', async () => {
    const text = read('stripe-old.yaml');
    const root = writeProject({ 'same.yaml': text, 'renamed.yaml': text.replace('\n  "/v1/charges":\n', '\n  "/v1/charges-renamed":\n') });
    const base = await loadSide(dataDir, 'stripe-old.yaml');
    const same = await loadSide(root, 'same.yaml');
    const renamed = await loadSide(root, 'renamed.yaml');
    expect(diffDocuments(base, same).changes).toEqual([]);
    const lines = text.split('\n');
    const pathLine = lines.indexOf('  "/v1/charges":') + 1;
    const methodLine = (key: string) => pathLine + lines.slice(pathLine).indexOf(key) + 1;
    expect(diffDocuments(base, renamed).changes.map((c) => `${c.kind} ${c.spot.side}:${c.spot.line} ${c.message}`)).toEqual([
      `operation-removed base:${methodLine('    get:')} GET /v1/charges removed`,
      `operation-removed base:${methodLine('    post:')} POST /v1/charges removed`,
    ]);
  });
});
