/** The API's OpenAPI document: generated from the routes, complete, and valid OpenAPI 3.1. */
import { Document, Spectral } from '@stoplight/spectral-core';
import * as Parsers from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentRefs, openApiPath } from '../../src/server/openapi.js';
import { makeServer, type TestServer } from './helpers.js';

let server: TestServer;
let doc: any;
beforeAll(async () => {
  server = await makeServer();
  doc = (await server.app.inject({ url: '/v1/openapi.json' })).json();
});
afterAll(async () => {
  await server.close();
});

/** Every operation the document lists, as `METHOD /path`. */
function documentedRoutes(): string[] {
  return Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
}

const EXPECTED = [
  'GET /v1/tasks', 'POST /v1/tasks', 'GET /v1/tasks/{id}', 'PATCH /v1/tasks/{id}', 'DELETE /v1/tasks/{id}',
  'GET /v1/tasks/next', 'POST /v1/tasks/next/claim', 'POST /v1/tasks/{id}/claim', 'POST /v1/tasks/{id}/heartbeat',
  'GET /v1/tasks/{id}/logs', 'GET /v1/tasks/{id}/logs/{attempt}',
  'POST /v1/tasks/{id}/release', 'POST /v1/tasks/{id}/progress', 'POST /v1/tasks/{id}/submit', 'GET /v1/tasks/{id}/context',
  'GET /v1/tasks/{id}/reports/{report}', 'GET /v1/registry/endpoints', 'GET /v1/registry/models', 'GET /v1/registry/services',
  'POST /v1/checks', 'GET /v1/checks/{id}', 'GET /v1/checks/{id}/events', 'GET /v1/reports/{id}',
  'POST /v1/events', 'GET /v1/events', 'GET /v1/events/stream', 'GET /v1/health', 'GET /v1/openapi.json',
];

describe('GET /v1/openapi.json', () => {
  it('documents every route of the API, each with its responses', () => {
    expect(documentedRoutes().sort()).toEqual([...EXPECTED].sort());
    for (const route of EXPECTED) {
      const [method, path] = route.split(' ') as [string, string];
      expect(server.app.hasRoute({ method: method as 'GET', url: path.replace(/\{(\w+)\}/g, ':$1') }), route).toBe(true);
    }
    for (const [path, operations] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, operation] of Object.entries(operations)) {
        const statuses = Object.keys(operation.responses);
        const where = `${method} ${path}`;
        expect(statuses.some((s) => s.startsWith('2')), where).toBe(true);
        expect(statuses, where).toContain('429');
        if (path === '/v1/health' || path === '/v1/openapi.json') expect(operation.security, where).toEqual([]);
        else expect(statuses, where).toContain('401');
        for (const status of statuses.filter((s) => Number(s) >= 400)) {
          expect(operation.responses[status].content['application/problem+json'].schema, `${where} ${status}`).toEqual({ $ref: '#/components/schemas/Problem' });
        }
        for (const name of path.match(/\{(\w+)\}/g) ?? []) {
          expect(operation.parameters.find((p: { in: string; name: string }) => p.in === 'path' && `{${p.name}}` === name), `${where} ${name}`).toBeDefined();
        }
      }
    }
    expect(doc.paths['/v1/tasks'].post.responses['201'].headers.Location).toBeDefined();
    expect(doc.paths['/v1/tasks/{id}'].delete.responses['204'].content).toBeUndefined();
    expect(Object.keys(doc.paths['/v1/events'].post.requestBody.content)).toContain('application/cloudevents+json');
    expect(doc.paths['/v1/events/stream'].get.responses['200'].content['text/event-stream']).toBeDefined();
  });

  it('refers only to schemas it defines, derived from the same definitions the server uses', () => {
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of new Set(refs)) {
      const name = /#\/components\/schemas\/(\w+)"/.exec(ref)?.[1];
      expect(name, ref).toBeDefined();
      expect(doc.components.schemas[name as string], ref).toBeDefined();
    }
    expect(doc.components.schemas.Task.properties.status.enum).toContain('in_progress');
    expect(doc.paths['/v1/tasks'].post.requestBody.content['application/json'].schema.required).toEqual(['title']);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('is valid OpenAPI 3.1 by Spectral\'s OAS ruleset (only the contact is left out: there is none to give)', async () => {
    const spectral = new Spectral();
    spectral.setRuleset({ extends: [[oas as never, 'all']] } as never);
    const results = await spectral.run(new Document(JSON.stringify(doc, null, 2), Parsers.Json));
    expect(results.filter((r) => r.code !== 'info-contact').map((r) => `${r.code} ${r.path.join('.')}: ${r.message}`)).toEqual([]);
  });
});

describe('generator pieces', () => {
  it('turns Fastify parameters into OpenAPI ones and shared ids into component refs', () => {
    expect(openApiPath('/v1/tasks/:id/reports/:report')).toBe('/v1/tasks/{id}/reports/{report}');
    expect(componentRefs({ $id: 'X', items: [{ $ref: 'Task#' }], other: { $ref: '#/local' } })).toEqual({ items: [{ $ref: '#/components/schemas/Task' }], other: { $ref: '#/local' } });
  });
});
