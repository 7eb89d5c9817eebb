/**
 * Which PostgreSQL failures are the connection's (the server went away, or was never reached) and
 * which are conflicts the server resolved by aborting one side: both may simply be tried again.
 */

const CONNECTION_CODES = new Set(['57P01', '57P02', '57P03', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
const CONNECTION_MESSAGES = /Connection terminated|not queryable|Client was closed|timeout exceeded when trying to connect|Connection ended|server closed the connection/i;

/** Did the connection (not the statement) fail? */
export function isConnectionLoss(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | undefined;
  if (typeof e?.code === 'string' && (e.code.startsWith('08') || CONNECTION_CODES.has(e.code))) return true;
  return typeof e?.message === 'string' && CONNECTION_MESSAGES.test(e.message);
}

/** A serialization failure or a deadlock: the transaction did nothing and may run again. */
export const isTransient = (error: unknown): boolean => ['40001', '40P01'].includes(String((error as { code?: unknown } | undefined)?.code));
