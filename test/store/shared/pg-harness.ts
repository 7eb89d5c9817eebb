/**
 * The shared suite's PostgreSQL store: a schema of its own per test on the server named by
 * BO_TEST_DATABASE_URL (`.ci/run` sets it when 127.0.0.1:5432 is up), dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore, type OpenedStore } from '../../../src/store/open.js';
import { tempDir } from '../../helpers/tasks.js';
import type { StoreHarness, StoreInstance } from './harness.js';

export const PG_URL = process.env.BO_TEST_DATABASE_URL;
export const PG_SKIP = PG_URL ? undefined : 'no PostgreSQL server: set BO_TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test; .ci/run does when the server is up)';

/** A new schema name and the store URL that uses it. */
export function scratchSchema(): { schema: string; url: string } {
  const schema = `bo_test_${randomBytes(5).toString('hex')}`;
  const url = new URL(PG_URL as string);
  url.searchParams.set('schema', schema);
  return { schema, url: url.toString() };
}

/** A plain client on the test server, its search path on `schema`. */
export async function adminClient(schema?: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: PG_URL, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

export async function dropSchema(schema: string): Promise<void> {
  const client = await adminClient();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

/** Waits until `opened`'s store is listening for other instances' changes. */
export async function untilListening(opened: OpenedStore): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (opened.store.readyVersion?.().startsWith('offline:')) {
    if (Date.now() > deadline) throw new Error('the store did not start listening within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const pgHarness: StoreHarness = {
  name: 'PostgreSQL store',
  skip: PG_SKIP,
  async open(): Promise<StoreInstance> {
    const { schema, url } = scratchSchema();
    const t = tempDir('bo-shared-pg-');
    const config = { stateDir: 'ai-state', store: url };
    const all: OpenedStore[] = [];
    const open = async () => {
      const opened = await openStore({ projectRoot: t.dir, config, env: {}, postgres: { max: 4, retryMs: 5_000, events: { pollMs: 200 } } });
      all.push(opened);
      return opened;
    };
    const opened = await open();
    await opened.store.init();
    return {
      opened,
      another: open,
      holdTask: async (id) => {
        const client = await adminClient(schema);
        await client.query('BEGIN');
        await client.query('SELECT 1 FROM bo_tasks WHERE id = $1 FOR UPDATE', [id]);
        return {
          release: async () => {
            await client.query('COMMIT');
            await client.end();
          },
        };
      },
      damageTask: async (id) => {
        const client = await adminClient(schema);
        await client.query(`UPDATE bo_tasks SET doc = '{"id": "oops"}', version = version + 1 WHERE id = $1`, [id]);
        await client.end();
      },
      damageRegistry: async (kind) => {
        const client = await adminClient(schema);
        await client.query(`INSERT INTO bo_registry_snapshots (kind, body) VALUES ($1, '{ "endpoints": [ oops')`, [kind]);
        await client.end();
      },
      listening: async (which = opened) => untilListening(which),
      cleanup: async () => {
        for (const o of all) await o.close();
        await dropSchema(schema);
        t.cleanup();
      },
    };
  },
};
