/**
 * contract/breaking-change on fixture pairs (test/fixtures/openapi-diff): the base is base.yaml,
 * the project's document is the named variant. Each failing pair plants one kind of change, marked
 * with a `# comment` on its line; compatible changes, deprecated-first removals and a major version
 * bump pass. The git-ref cases are in git-base.test.ts, the public pairs in shared-pairs.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { exactLine, fixture, lineWith, located, runBreaking, runPair, writeProject } from './helpers.js';

const base = fixture('base.yaml');
const messages = (run: { findings: { message: string }[] }) => run.findings.map((f) => f.message.replace('breaking change against base.yaml: ', ''));

describe('contract/breaking-change: when it runs', () => {
  it('is skipped without --base, and says what it needs', async () => {
    const run = await runBreaking(writeProject({ 'openapi.yaml': base }), undefined);
    expect(run).toMatchObject({ status: 'skipped', reason: 'needs --base <git ref|file>' });
  });

  it('does not apply to a project without an OpenAPI document', async () => {
    const run = await runBreaking(writeProject({ 'src/app.js': 'export {};\n', 'base.yaml': base }), 'base.yaml');
    expect(run).toMatchObject({ status: 'not-applicable', reason: 'no OpenAPI document to compare' });
  });

  it('is skipped with the reason when the base is neither a file nor a git ref', async () => {
    const run = await runBreaking(writeProject({ 'openapi.yaml': base }), 'no-such-ref');
    expect(run.status).toBe('skipped');
    expect(run.reason).toMatch(/^--base no-such-ref is neither a file nor a readable git ref/);
  });

  it('is skipped when the base file is not an OpenAPI document', async () => {
    const run = await runBreaking(writeProject({ 'openapi.yaml': base, 'old.yaml': 'title: not an api\n' }), 'old.yaml');
    expect(run.status).toBe('skipped');
    expect(run.reason).toMatch(/^the base old\.yaml is not an OpenAPI document we read/);
  });

  it('passes a document compared with itself', async () => {
    expect(await runPair('base')).toEqual({ status: 'pass', findings: [] });
  });
});

describe('contract/breaking-change: one failing pair per kind of change', () => {
  it('a removed operation, at its line in the base', async () => {
    const run = await runPair('operation-removed');
    expect(run.status).toBe('fail');
    expect(located(run.findings)).toEqual([`error base.yaml:${lineWith(base, 'operationId: getPet') - 1}`]);
    expect(messages(run)).toEqual(['GET /pets/{petId} removed']);
    expect(run.findings[0]?.hint).toMatch(/deprecated: true/);
  });

  it('new required parameters (header and query); a new optional one is fine', async () => {
    const run = await runPair('new-required-parameter');
    const text = fixture('new-required-parameter.yaml');
    expect(located(run.findings)).toEqual([`error openapi.yaml:${lineWith(text, '# new required header')}`, `error openapi.yaml:${lineWith(text, '# new required query')}`]);
    expect(messages(run)).toEqual(['new required header parameter `X-Tenant` in GET /pets', 'new required query parameter `owner` in GET /pets']);
  });

  it('a parameter that becomes required', async () => {
    const run = await runPair('parameter-becomes-required');
    expect(located(run.findings)).toEqual([`error openapi.yaml:${lineWith(fixture('parameter-becomes-required.yaml'), '# now required')}`]);
    expect(messages(run)).toEqual(['query parameter `limit` is now required in GET /pets']);
  });

  it('a parameter moved to another location', async () => {
    const run = await runPair('parameter-moved');
    expect(located(run.findings)).toEqual([`error openapi.yaml:${lineWith(fixture('parameter-moved.yaml'), '# moved')}`]);
    expect(messages(run)).toEqual(['parameter `limit` moved from query to header in GET /pets']);
  });

  it('a request body that becomes required', async () => {
    const run = await runPair('request-body-required');
    expect(located(run.findings)).toEqual([`error openapi.yaml:${lineWith(fixture('request-body-required.yaml'), '# now required')}`]);
    expect(messages(run)).toEqual(['the request body is now required in POST /pets']);
  });

  it('a new required request property, named after the schema that declares it (allOf members included)', async () => {
    const run = await runPair('new-required-property');
    expect(located(run.findings)).toEqual([`error openapi.yaml:${lineWith(fixture('new-required-property.yaml'), '        tag:')}`]);
    expect(messages(run)).toEqual(['`NewPet` property `tag` is now required in POST /pets']);
  });

  it('type changes of a parameter, a request property and a response property', async () => {
    const run = await runPair('type-changed');
    const text = fixture('type-changed.yaml');
    expect(located(run.findings)).toEqual([
      `error openapi.yaml:${lineWith(text, '# path param narrowed')}`,
      `error openapi.yaml:${lineWith(text, '# request property changed')}`,
      `error openapi.yaml:${lineWith(text, '# response widened')}`,
    ]);
    expect(messages(run)).toEqual([
      'path parameter `petId` type changed from string to integer in GET /pets/{petId}',
      '`NewPet.tag` type changed from string to array in GET /pets, POST /pets, GET /pets/{petId}',
      '`Pet.id` type changed from integer (int64) to string (uuid) in GET /pets, POST /pets, GET /pets/{petId}',
    ]);
  });

  it('a removed enum value is an error where clients send it (the query parameter, the request body through a $ref cycle), not in responses', async () => {
    const run = await runPair('enum-value-removed');
    expect(located(run.findings)).toEqual([`error openapi.yaml:${lineWith(fixture('enum-value-removed.yaml'), '# sold removed')}`]);
    expect(messages(run)).toEqual(['`Status` no longer accepts the value "sold" in GET /pets, POST /pets']);
  });

  it('an added enum value is a warning where clients read it (responses), nothing where they send it', async () => {
    const run = await runPair('enum-value-added');
    expect(run.status).toBe('warn');
    expect(located(run.findings)).toEqual([`warning openapi.yaml:${lineWith(fixture('enum-value-added.yaml'), '# adopted added')}`]);
    expect(messages(run)).toEqual(['`Status` may now return the value "adopted" in GET /pets, POST /pets, GET /pets/{petId}']);
  });

  it('a removed success response, at its line in the base (a new 202 does not replace it)', async () => {
    const run = await runPair('response-removed');
    expect(located(run.findings)).toEqual([`error base.yaml:${exactLine(base, 'description: the pet') - 1}`]);
    expect(messages(run)).toEqual(['success response 200 removed in GET /pets/{petId}']);
  });

  it('a removed response property (at the base) and one no longer required (at the new document)', async () => {
    const run = await runPair('response-property-removed');
    expect(located(run.findings)).toEqual([`error base.yaml:${exactLine(base, 'tag:')}`, `error openapi.yaml:${exactLine(fixture('response-property-removed.yaml'), 'id:')}`]);
    expect(messages(run)).toEqual([
      '`NewPet` property `tag` removed in GET /pets, POST /pets, GET /pets/{petId}',
      '`Pet` property `id` is no longer required (clients may not get it) in GET /pets, POST /pets, GET /pets/{petId}',
    ]);
  });

  it('narrowed request constraints: a lower maximum and maxLength, a new pattern', async () => {
    const run = await runPair('constraint-narrowed');
    const text = fixture('constraint-narrowed.yaml');
    expect(located(run.findings)).toEqual([
      `error openapi.yaml:${lineWith(text, 'maximum: 50  # lowered')}`,
      `error openapi.yaml:${lineWith(text, 'maxLength: 20  # lowered')}`,
      `error openapi.yaml:${lineWith(text, '# added')}`,
    ]);
    expect(messages(run)).toEqual([
      'query parameter `limit` maximum lowered from 100 to 50 in GET /pets',
      '`NewPet.name` maxLength lowered from 50 to 20 in POST /pets',
      '`NewPet.tag` pattern "^[a-z]+$" added in POST /pets',
    ]);
  });

  it('removed request and response media types, at their lines in the base', async () => {
    const run = await runPair('media-type-removed');
    expect(located(run.findings)).toEqual([`error base.yaml:${exactLine(base, 'description: the pets') + 2}`, `error base.yaml:${lineWith(base, 'requestBody:') + 2}`]);
    expect(messages(run)).toEqual(['response 200 no longer returns application/json in GET /pets', 'request body type application/json is no longer accepted in POST /pets']);
  });

  it('a change inside a $ref cycle (Pet → NewPet → Owner → Pet) is found once, with every operation it reaches', async () => {
    const run = await runPair('cycle-change');
    expect(located(run.findings)).toEqual([`error openapi.yaml:${lineWith(fixture('cycle-change.yaml'), '# changed inside the cycle')}`]);
    expect(messages(run)).toEqual(['`Owner.name` type changed from string to integer in GET /pets, POST /pets, GET /pets/{petId}']);
  });

  it('Swagger 2.0: a new basePath, a form field made required, a raised minimum in the body; a wider request format is fine', async () => {
    const run = await runPair('swagger', 'swagger-base.yaml');
    const text = fixture('swagger.yaml');
    expect(located(run.findings)).toEqual([
      `error openapi.yaml:${lineWith(text, '# moved')}`,
      `error openapi.yaml:${lineWith(text, '# now required')}`,
      `error openapi.yaml:${lineWith(text, '# raised')}`,
    ]);
    expect(messages(run)).toEqual([
      'basePath changed from /v1 to /v2: every operation moved',
      'formData parameter `note` is now required in POST /orders/{id}/receipt',
      '`Order.quantity` minimum raised from 1 to 2 in POST /orders',
    ]);
  });

  it('OpenAPI 3.1: type lists (null no longer accepted, null now returned) and a numeric exclusiveMinimum', async () => {
    const run = await runPair('v31', 'v31-base.yaml');
    const text = fixture('v31.yaml');
    expect(located(run.findings)).toEqual([
      `error openapi.yaml:${lineWith(text, '# null no longer accepted')}`,
      `error openapi.yaml:${lineWith(text, '# raised')}`,
      `error openapi.yaml:${lineWith(text, '# may now be null')}`,
    ]);
    expect(messages(run)).toEqual([
      'request body `title` type changed from string | null to string in POST /notes',
      'request body `rank` exclusiveMinimum raised from 0 to 1 in POST /notes',
      'response 200 `score` type changed from integer to integer | null in POST /notes',
    ]);
  });
});

describe('contract/breaking-change: passing pairs', () => {
  it('compatible changes: an optional parameter, response properties, an operation, an optional request property, a higher maximum, an error response', async () => {
    expect(await runPair('compatible')).toEqual({ status: 'pass', findings: [] });
  });

  it('removing an operation the base had deprecated is info only', async () => {
    const run = await runPair('deprecated-removed');
    expect(run.status).toBe('pass');
    expect(located(run.findings)).toEqual([`info base.yaml:${lineWith(base, 'operationId: deletePet') - 1}`]);
    expect(messages(run)).toEqual(['DELETE /pets/{petId} removed (allowed: deprecated in the base first)']);
  });

  it('breaking changes with a major version bump are info only', async () => {
    const run = await runPair('major-bump');
    expect(run.status).toBe('pass');
    expect(located(run.findings)).toEqual([`info base.yaml:${lineWith(base, 'operationId: getPet') - 1}`, `info openapi.yaml:${lineWith(fixture('major-bump.yaml'), '# lowered in 2.0.0')}`]);
    expect(messages(run)).toEqual([
      'GET /pets/{petId} removed (allowed: info.version went from 1.2.0 to 2.0.0)',
      '`NewPet.name` maxLength lowered from 50 to 20 in POST /pets (allowed: info.version went from 1.2.0 to 2.0.0)',
    ]);
  });
});

describe('contract/breaking-change: odd documents', () => {
  const odd = `openapi: 3.0.3
info: {title: Odd, version: 1.0.0}
paths:
  /odd:
    get:
      parameters: 5
      requestBody: just text
      responses: [1, 2]
    post:
      parameters: [7, {name: 3, in: query}, {$ref: '#/nowhere'}]
      requestBody:
        content:
          application/json:
            schema:
              properties: 3
              required: name
              allOf: {}
              enum: x
              items: [1]
      responses:
        '200':
          content: [x]
  /loop:
    get:
      responses:
        '200':
          description: a reference to itself
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Loop'
components:
  schemas:
    Loop:
      $ref: '#/components/schemas/Loop'
`;
  it('compares documents with unexpected shapes and self-referencing schemas without failing', async () => {
    const root = writeProject({ 'openapi.yaml': odd.replace('properties: 3', 'properties: {a: {type: string}}').replace('enum: x', 'enum: [x]'), 'base.yaml': odd });
    const run = await runBreaking(root, 'base.yaml');
    expect(run.status).toBe('fail');
    expect(messages(run)).toEqual(['request body is now limited to the values ["x"] in POST /odd']);
  });
});
