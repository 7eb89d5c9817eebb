import { describe, expect, it } from 'vitest';
import { diffRegistry } from '../../src/registry/diff.js';
import { Endpoint, type Registry } from '../../src/registry/schema.js';

const endpoint = (id: string, extra: object = {}) => {
  const [method, path] = id.split(' ');
  return Endpoint.parse({ id, method, path, ...extra });
};

describe('diffRegistry', () => {
  it('lists added, removed and changed entries, ignoring moved sources', () => {
    const before: Registry = {
      endpoints: [endpoint('GET /a', { source: { file: 'x.ts', line: 1 } }), endpoint('GET /b'), endpoint('GET /c', { auth: 'none' })],
      models: [{ name: 'User', kind: 'prisma', fields: [], indexes: [] }],
      services: [],
    };
    const after: Registry = {
      endpoints: [endpoint('GET /a', { source: { file: 'x.ts', line: 9 } }), endpoint('GET /c', { auth: 'required' }), endpoint('POST /d')],
      models: [{ name: 'User', kind: 'prisma', fields: [], indexes: [] }],
      services: [{ name: 'Mailer', kind: 'integration', dependsOn: [], integrations: ['sendgrid'] }],
    };
    const diff = diffRegistry(before, after);
    expect(diff.endpoints).toEqual({ added: ['POST /d'], removed: ['GET /b'], changed: ['GET /c'] });
    expect(diff.models).toEqual({ added: [], removed: [], changed: [] });
    expect(diff.services.added).toEqual(['Mailer']);
    const none = { added: [], removed: [], changed: [] };
    expect(diffRegistry(after, after)).toEqual({ endpoints: none, models: none, services: none });
  });
});
