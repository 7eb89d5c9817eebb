/**
 * Response codes as a document writes them (`'200'`, `'2XX'`, `'default'`, `'4XX'`): which count
 * as a success, and whether a given error code is declared, exactly or by a range or `default`.
 */

/** 1xx (switching protocols), 2xx and 3xx (a redirecting endpoint) are all ways to succeed. */
export const isSuccessCode = (code: string): boolean => /^[123](?:\d\d|XX)$/i.test(code);

/** `codes` declares `code` itself, its range (`4XX`) or a `default` response that stands for every error. */
export function declares(codes: readonly string[], code: string): boolean {
  const range = `${code[0]}XX`;
  return codes.some((c) => c === code || c.toUpperCase() === range || c === 'default');
}
