/**
 * The bearer token of `bo serve`: given (`--token`, config `server.token`, `BO_TOKEN`, in that
 * order), or generated on first start into `<stateDir>/server-token` with mode 0600 (32 random
 * bytes, base64url) and reused by later starts. The file is created under a temporary name and
 * linked into place, so it is never seen half-written and two servers starting at once end up
 * with the same token.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { BoError } from '../core/errors.js';
import { tempPathFor } from '../store/file/atomic.js';

export const MIN_TOKEN_LENGTH = 16;
export const TOKEN_FILE = 'server-token';

export interface ResolvedToken {
  token: string;
  source: 'option' | 'config' | 'env' | 'file';
  /** True when this call created the token file (print it once). */
  generated: boolean;
  file?: string;
}

export interface TokenSources {
  option?: string | undefined;
  config?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** The state directory (`<project>/ai-state`). */
  stateRoot: string;
}

function usable(token: string, from: string): string {
  const trimmed = token.trim();
  if (trimmed.length < MIN_TOKEN_LENGTH) throw new BoError('BO_ERR_USAGE', `${from} is too short: a bearer token needs at least ${MIN_TOKEN_LENGTH} characters`);
  return trimmed;
}

export const generateToken = () => randomBytes(32).toString('base64url');

export function resolveToken(sources: TokenSources): ResolvedToken {
  if (sources.option !== undefined) return { token: usable(sources.option, '--token'), source: 'option', generated: false };
  if (sources.config !== undefined) return { token: usable(sources.config, 'server.token in the config'), source: 'config', generated: false };
  const env = sources.env?.BO_TOKEN;
  if (env !== undefined && env !== '') return { token: usable(env, 'BO_TOKEN'), source: 'env', generated: false };
  const file = path.join(sources.stateRoot, TOKEN_FILE);
  const existing = readTokenFile(file);
  if (existing !== undefined) return { token: existing, source: 'file', generated: false, file };
  const created = createTokenFile(file);
  return { token: created.token, source: 'file', generated: created.created, file };
}

function readTokenFile(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  // Someone copied it around and widened its mode: the token is a password, only we read it.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return usable(text, `${file} (delete it to have a new token generated)`);
}

/** Writes a new token file; if another process made one first, theirs is used. */
function createTokenFile(file: string): { token: string; created: boolean } {
  mkdirSync(path.dirname(file), { recursive: true });
  const token = generateToken();
  const temp = tempPathFor(file);
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, `${token}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, file);
    return { token, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { token: readTokenFile(file) as string, created: false };
  } finally {
    rmSync(temp, { force: true });
  }
}
