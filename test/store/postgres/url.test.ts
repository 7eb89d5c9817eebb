/** Which store a setting names (pure: runs without a server). */
import { describe, expect, it } from 'vitest';
import { typeFilter } from '../../../src/store/postgres/pg-event-log.js';
import { parseStoreLocation, redact, storeSetting } from '../../../src/store/postgres/url.js';

describe('the store setting', () => {
  it('is the file store by default, and BO_STORE_URL wins over the config', () => {
    expect(storeSetting(undefined, {})).toBe('file');
    expect(storeSetting('postgres://a/b', {})).toBe('postgres://a/b');
    expect(storeSetting('file', { BO_STORE_URL: 'postgres://team/db' })).toBe('postgres://team/db');
    expect(storeSetting('file', { BO_STORE_URL: '  ' })).toBe('file');
    expect(parseStoreLocation('file')).toEqual({ kind: 'file' });
  });

  it('reads a PostgreSQL URL with its schema, and labels it without credentials', () => {
    expect(parseStoreLocation('postgres://bo:secret@db.internal:5433/backend?schema=shop&sslmode=require')).toEqual({
      kind: 'postgres',
      url: 'postgres://bo:secret@db.internal:5433/backend?sslmode=require',
      schema: 'shop',
      label: 'db.internal:5433/backend?schema=shop',
    });
    expect(parseStoreLocation('postgresql://db/backend')).toMatchObject({ schema: 'public', label: 'db/backend' });
  });

  it('refuses other schemes and schema names that are not plain SQL names, saying what to write', () => {
    expect(() => parseStoreLocation('mysql://u:pw@db/x')).toThrow(/use "file" or a PostgreSQL URL such as postgres:\/\/user@host:5432\/database/);
    expect(() => parseStoreLocation('mysql://u:pw@db/x')).not.toThrow(/pw/);
    expect(() => parseStoreLocation('postgres://db/x?schema=Robert%27);DROP')).toThrow(/schema "Robert'\);DROP" must be a lower-case SQL name/);
    expect(redact('postgres://bo:hunter2@db/x')).toBe('postgres://bo:***@db/x');
  });
});

describe('event type patterns in SQL', () => {
  it('are exact names and LIKE prefixes with LIKE characters escaped; `*` or none is no filter', () => {
    expect(typeFilter(undefined)).toBeUndefined();
    expect(typeFilter(['*'])).toBeUndefined();
    expect(typeFilter(['backend.api.ready', 'backend.task.*', 'odd_%name*'])).toEqual({ exact: ['backend.api.ready'], prefixes: ['backend.task.%', 'odd\\_\\%name%'] });
  });
});
