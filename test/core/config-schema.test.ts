import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { Config } from '../../src/config/schema.js';
import { repoRoot } from '../helpers/dist.js';

describe('schema/config.schema.json', () => {
  it('is generated from the config schema and up to date (npm run build regenerates it)', () => {
    const published = JSON.parse(readFileSync(path.join(repoRoot, 'schema', 'config.schema.json'), 'utf8'));
    const generated = z.toJSONSchema(Config, { io: 'input' }) as Record<string, unknown>;
    expect({ ...published, title: undefined, $id: undefined }).toEqual({ ...generated, title: undefined, $id: undefined });
    expect(published.properties.tasks.properties.leaseMinutes.type).toBe('number');
  });
});
