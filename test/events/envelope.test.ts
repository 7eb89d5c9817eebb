import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/schema.js';
import { createEvent, defaultSource, uriSafe } from '../../src/events/envelope.js';
import { CloudEvent } from '../../src/events/types.js';

describe('createEvent', () => {
  it('builds a valid CloudEvents 1.0 envelope with a fresh id, an RFC 3339 time and JSON data', () => {
    const event = createEvent({ type: 'backend.task.done', source: 'urn:backend-orchestrator:shop', data: { task: 'task-001-x' }, subject: 'task-001-x' });
    expect(CloudEvent.safeParse(event).success).toBe(true);
    expect(event).toMatchObject({ specversion: '1.0', type: 'backend.task.done', source: 'urn:backend-orchestrator:shop', datacontenttype: 'application/json', subject: 'task-001-x', data: { task: 'task-001-x' } });
    expect(event.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives every event its own id unless one is given', () => {
    const a = createEvent({ type: 't', source: 's' });
    const b = createEvent({ type: 't', source: 's' });
    expect(a.id).not.toBe(b.id);
    expect(createEvent({ type: 't', source: 's', id: 'fixed', time: new Date('2026-01-02T03:04:05Z') })).toMatchObject({ id: 'fixed', time: '2026-01-02T03:04:05.000Z' });
  });

  it('leaves out subject and data when there are none', () => {
    const event = createEvent({ type: 't', source: 's' });
    expect('subject' in event).toBe(false);
    expect('data' in event).toBe(false);
  });
});

describe('defaultSource', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bo-envelope-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('uses events.source from the config when set', () => {
    const config = { ...defaultConfig(), events: { source: 'https://shop.example/backend' } };
    expect(defaultSource(dir, config)).toBe('https://shop.example/backend');
  });

  it('uses the package.json name, else the folder name', () => {
    const withPackage = path.join(dir, 'with-package');
    mkdirSync(withPackage);
    writeFileSync(path.join(withPackage, 'package.json'), JSON.stringify({ name: '@acme/shop-api' }));
    expect(defaultSource(withPackage, defaultConfig())).toBe('urn:backend-orchestrator:@acme/shop-api');

    const bare = path.join(dir, 'my shop');
    mkdirSync(bare);
    writeFileSync(path.join(bare, 'package.json'), '{ not json');
    expect(defaultSource(bare, defaultConfig())).toBe('urn:backend-orchestrator:my%20shop');
  });

  it('percent-encodes only what a URN may not hold', () => {
    expect(uriSafe('shop-api_v2.1')).toBe('shop-api_v2.1');
    expect(uriSafe('café bar')).toBe('caf%C3%A9%20bar');
  });
});
