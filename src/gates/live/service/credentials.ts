/**
 * The header authenticated probes send: a configured token (or the environment variable holding
 * it), or the token a configured login request returns (made once per service start).
 */
import type { Config } from '../../../config/schema.js';
import { send } from './http.js';

export type AuthHeaders = Record<string, string>;

export type CredentialsResult = { headers: AuthHeaders | undefined; problem?: string };

export async function credentials(config: Config, baseUrl: string, signal: AbortSignal): Promise<CredentialsResult> {
  const auth = config.service?.auth;
  if (!auth) return { headers: undefined };
  const header = auth.header ?? 'Authorization';
  const token = auth.token ?? (auth.tokenEnv ? process.env[auth.tokenEnv] : undefined);
  if (token) return { headers: { [header]: asHeaderValue(header, token) } };
  if (auth.tokenEnv && !auth.login) return { headers: undefined, problem: `the environment variable ${auth.tokenEnv} (service.auth.tokenEnv) is not set` };
  if (!auth.login) return { headers: undefined };
  const { method, path, body, tokenPath } = auth.login;
  try {
    const response = await send(baseUrl, { method, path, ...(body ? { body: JSON.stringify(body) } : {}) }, signal);
    const found = readPath(response.json, tokenPath);
    if (response.status >= 400 || typeof found !== 'string' || found === '') {
      return { headers: undefined, problem: `the login request ${method} ${path} answered ${response.status} without a token at "${tokenPath}"` };
    }
    return { headers: { [header]: asHeaderValue(header, found) } };
  } catch (error) {
    return { headers: undefined, problem: `the login request ${method} ${path} failed: ${(error as Error).message}` };
  }
}

/** `Authorization` takes a scheme: a bare token becomes `Bearer <token>`. */
function asHeaderValue(header: string, token: string): string {
  return header.toLowerCase() === 'authorization' && !/^\w+\s+\S/.test(token) ? `Bearer ${token}` : token;
}

/** A dotted path (`data.accessToken`, `tokens.0`) into a parsed JSON answer. */
export function readPath(value: unknown, dotted: string): unknown {
  let current = value;
  for (const key of dotted.split('.').filter(Boolean)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
