/**
 * What the `store` setting (or BO_STORE_URL) names: the file store, or a PostgreSQL server with the
 * schema that holds this project's tables. Pure and free of the driver, so that deciding which
 * store to open costs nothing on the file store's path.
 */
import { BoError } from '../../core/errors.js';

export type StoreLocation =
  | { kind: 'file' }
  | {
      kind: 'postgres';
      /** The connection string as the driver takes it (the `schema` parameter removed). */
      url: string;
      /** The PostgreSQL schema of the store's tables (`?schema=` in the URL; default `public`). */
      schema: string;
      /** host:port/database, never credentials: for messages and report locations. */
      label: string;
    };

/** Channel names (`<schema>_bo_events`) must stay within PostgreSQL's 63 characters too. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,49}$/;

/** The store setting in force: BO_STORE_URL wins over the config's `store` (default `file`). */
export function storeSetting(configStore: string | undefined, env: NodeJS.ProcessEnv): string {
  const fromEnv = env.BO_STORE_URL?.trim();
  return fromEnv ? fromEnv : (configStore ?? 'file');
}

export function parseStoreLocation(setting: string): StoreLocation {
  const value = setting.trim();
  if (value === '' || value === 'file') return { kind: 'file' };
  if (!/^postgres(?:ql)?:\/\//i.test(value)) {
    throw new BoError('BO_ERR_CONFIG_INVALID', `store "${redact(value)}" is not understood: use "file" or a PostgreSQL URL such as postgres://user@host:5432/database`);
  }
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new BoError('BO_ERR_CONFIG_INVALID', `store URL "${redact(value)}" is not a valid URL: expected postgres://user:password@host:5432/database`);
  }
  const schema = parsed.searchParams.get('schema') ?? 'public';
  if (!SCHEMA_NAME.test(schema)) {
    throw new BoError('BO_ERR_CONFIG_INVALID', `store URL: schema "${schema}" must be a lower-case SQL name (letters, digits, _; at most 50 characters)`);
  }
  parsed.searchParams.delete('schema');
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || '(default database)';
  const label = `${parsed.hostname || 'localhost'}${parsed.port ? `:${parsed.port}` : ''}/${database}${schema === 'public' ? '' : `?schema=${schema}`}`;
  return { kind: 'postgres', url: parsed.toString(), schema, label };
}

/** A URL with its password hidden, for messages. */
export function redact(value: string): string {
  return value.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
}
