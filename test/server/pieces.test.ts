/** The small pure parts of the server: field problems, problems from errors, SSE framing, intake statuses. */
import { describe, expect, it } from 'vitest';
import { BoError } from '../../src/core/errors.js';
import { problemType, ProblemError, toProblem } from '../../src/server/problem.js';
import { refusalStatus } from '../../src/server/routes/events.js';
import { formatSse } from '../../src/server/sse.js';
import { compileValidator, fieldProblems } from '../../src/server/validation.js';

describe('validation', () => {
  it('checks bodies strictly and query strings with coercion', () => {
    const schema = { type: 'object', properties: { n: { type: 'integer' } }, additionalProperties: false };
    const body = compileValidator({ schema, httpPart: 'body' });
    const query = compileValidator({ schema, httpPart: 'querystring' });
    expect(body({ n: '5' })).toBe(false);
    const coerced = { n: '5' };
    expect(query(coerced)).toBe(true);
    expect(coerced.n).toBe(5);
  });

  it('names each field: nested paths, missing and unknown fields, the whole body', () => {
    const validate = compileValidator({
      schema: { type: 'object', required: ['title'], properties: { title: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } }, additionalProperties: false },
      httpPart: 'body',
    });
    validate({ tags: ['a', 3], colour: 'red' });
    expect(fieldProblems(validate.errors ?? [], 'body')).toEqual([
      { in: 'body', path: 'title', message: 'required' },
      { in: 'body', path: 'colour', message: expect.stringContaining('unknown field') },
      { in: 'body', path: 'tags[1]', message: 'must be string' },
    ]);
    validate(undefined);
    expect(fieldProblems(validate.errors ?? [], 'body')).toEqual([{ in: 'body', path: '(body)', message: 'must be object: send a JSON object' }]);
  });
});

describe('toProblem', () => {
  it('a BoError: its status and title from the error table, its code as type, its details as members', () => {
    const { problem } = toProblem(new BoError('BO_ERR_TASK_CLAIMED', 'task-1 is claimed by a', { claimedBy: 'a', status: 'spoofed' }), '/v1/x');
    expect(problem).toEqual({
      type: problemType('BO_ERR_TASK_CLAIMED'),
      title: 'Task claimed by another agent',
      status: 409,
      detail: 'task-1 is claimed by a',
      instance: '/v1/x',
      code: 'BO_ERR_TASK_CLAIMED',
      claimedBy: 'a',
    });
    expect(toProblem(new BoError('BO_ERR_LOCK_TIMEOUT', 'busy')).problem.status).toBe(503);
  });

  it('a ProblemError keeps its headers apart; an unknown error is a bare 500; a client error keeps its status', () => {
    const { problem, headers } = toProblem(new ProblemError(401, 'no token', { headers: { 'www-authenticate': 'Bearer' } }));
    expect(problem).toEqual({ type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'no token' });
    expect(headers).toEqual({ 'www-authenticate': 'Bearer' });
    const internal = toProblem(Object.assign(new Error('at /src/secret.ts:1'), { stack: 'Error\n    at x' })).problem;
    expect(internal).toEqual({ type: 'about:blank', title: 'Internal Server Error', status: 500, detail: expect.not.stringContaining('secret') });
    expect(toProblem(Object.assign(new Error('Request body is too large'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' })).problem).toMatchObject({ status: 413, title: 'Payload Too Large', code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
  });
});

describe('formatSse', () => {
  it('frames a message with id and event, and splits multi-line data over data: lines', () => {
    expect(formatSse({ id: 7, event: 'backend.task.created', data: { a: 1 } })).toBe('id: 7\nevent: backend.task.created\ndata: {"a":1}\n\n');
    expect(formatSse({ data: 'one\ntwo' })).toBe('data: one\ndata: two\n\n');
    expect(formatSse({ event: 'x\ny', data: '' })).toBe('event: xy\ndata: \n\n');
  });
});

describe('refusalStatus', () => {
  it('400 when the body is not events at all, 422 for a field or type, 413 when too large', () => {
    expect(refusalStatus([{ path: '(body)', message: 'not JSON' }], '{')).toBe(400);
    expect(refusalStatus([{ path: '[1]', message: 'not an event' }], '[]')).toBe(400);
    expect(refusalStatus([{ path: 'content-type', message: 'unsupported' }], 'x')).toBe(400);
    expect(refusalStatus([{ path: 'data.endpoint', message: 'bad' }], '{}')).toBe(422);
    expect(refusalStatus([{ path: '(body)', message: 'too large' }], 'x'.repeat(300 * 1024))).toBe(413);
  });
});

describe('withTypeNullables (the JSON Schemas the serialiser writes without a validator)', () => {
  it('turns zod nullables into a type with null, and leaves every other anyOf alone', async () => {
    const { withTypeNullables } = await import('../../src/server/schemas.js');
    expect(
      withTypeNullables({
        properties: {
          claim: { default: null, anyOf: [{ type: 'object', properties: { agent: { type: 'string' } } }, { type: 'null' }] },
          from: { anyOf: [{ type: 'null' }, { type: 'string', enum: ['ready', 'done'] }] },
          either: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
          ref: { anyOf: [{ $ref: 'Task#' }, { type: 'null' }] },
        },
      }),
    ).toEqual({
      properties: {
        claim: { default: null, type: ['object', 'null'], properties: { agent: { type: 'string' } } },
        from: { type: ['string', 'null'], enum: ['ready', 'done', null] },
        either: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
        ref: { anyOf: [{ $ref: 'Task#' }, { type: 'null' }] },
      },
    });
  });

  it('leaves no nullable anyOf in the Task schema the API sends', async () => {
    const { SHARED_SCHEMAS } = await import('../../src/server/schemas.js');
    const task = SHARED_SCHEMAS.find((schema) => schema.$id === 'Task');
    expect(JSON.stringify(task)).not.toContain('anyOf');
  });
});
