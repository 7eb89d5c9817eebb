/** Where `bo serve`'s bearer token comes from, and the token file made on first start. */
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bearerToken, tokenMatches } from '../../src/server/auth.js';
import { resolveToken, TOKEN_FILE } from '../../src/server/token.js';
import { createHash } from 'node:crypto';
import { tempDir } from '../helpers/tasks.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir('bo-token-'));
});
afterEach(() => cleanup());

const LONG = 'a-long-enough-token-1234';

describe('resolveToken', () => {
  it('takes --token, then server.token, then BO_TOKEN, in that order', () => {
    const env = { BO_TOKEN: `env-${LONG}` };
    expect(resolveToken({ option: `opt-${LONG}`, config: `cfg-${LONG}`, env, stateRoot: dir })).toEqual({ token: `opt-${LONG}`, source: 'option', generated: false });
    expect(resolveToken({ config: `cfg-${LONG}`, env, stateRoot: dir })).toMatchObject({ token: `cfg-${LONG}`, source: 'config' });
    expect(resolveToken({ env, stateRoot: dir })).toMatchObject({ token: `env-${LONG}`, source: 'env' });
  });

  it('refuses a token shorter than 16 characters, saying where it came from', () => {
    expect(() => resolveToken({ option: 'short', stateRoot: dir })).toThrow(/--token is too short/);
    expect(() => resolveToken({ env: { BO_TOKEN: 'short' }, stateRoot: dir })).toThrow(/BO_TOKEN is too short/);
  });

  it('generates one into <stateDir>/server-token (0600, 32 random bytes) once, and reuses it', () => {
    const first = resolveToken({ env: {}, stateRoot: dir });
    const file = path.join(dir, TOKEN_FILE);
    expect(first).toEqual({ token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), source: 'file', generated: true, file });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.token);
    const second = resolveToken({ env: {}, stateRoot: dir });
    expect(second).toEqual({ ...first, generated: false });
    const other = tempDir('bo-token-other-');
    expect(resolveToken({ env: {}, stateRoot: other.dir }).token).not.toBe(first.token);
    other.cleanup();
  });

  it('tightens a token file someone made readable to others, and refuses an empty one', () => {
    const file = path.join(dir, TOKEN_FILE);
    writeFileSync(file, `${LONG}\n`);
    chmodSync(file, 0o644);
    expect(resolveToken({ env: {}, stateRoot: dir }).token).toBe(LONG);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileSync(file, '\n');
    expect(() => resolveToken({ env: {}, stateRoot: dir })).toThrow(/delete it to have a new token generated/);
  });
});

describe('bearer token parsing and comparison', () => {
  it('reads only a well-formed Bearer header', () => {
    expect(bearerToken(`Bearer ${LONG}`)).toBe(LONG);
    expect(bearerToken(`bearer   ${LONG}  `)).toBe(LONG);
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken(`Basic ${LONG}`)).toBeUndefined();
    expect(bearerToken(`Bearer ${LONG} more`)).toBeUndefined();
    expect(bearerToken('Bearer')).toBeUndefined();
  });

  it('compares digests, so tokens of any length are compared without throwing', () => {
    const expected = createHash('sha256').update(LONG).digest();
    expect(tokenMatches(expected, LONG)).toBe(true);
    expect(tokenMatches(expected, `${LONG}x`)).toBe(false);
    expect(tokenMatches(expected, '')).toBe(false);
  });
});
