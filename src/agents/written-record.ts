/**
 * `<stateDir>/.agent-files.json`: the hash of what `bo init --agent` last wrote in each agent
 * file (the whole SKILL.md; our entry in a shared MCP config), so a later run can tell its own
 * output, which it may update, from the user's edits, which it keeps. Kept next to the state
 * rather than as a marker inside the files: a marker would be one more line the user can break,
 * and JSON has no comments. Written only when it changes, so a run that changes nothing leaves
 * every byte as it was.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod/mini';
import { BoError } from '../core/errors.js';
import { JsonParseError, parseJson, stableStringify } from '../core/json.js';
import { check } from '../core/validation.js';
import { writeFileAtomic } from '../store/file/atomic.js';

export const RECORD_FILE = '.agent-files.json';

const WrittenRecord = z.strictObject({
  /** Project-relative path → `sha256:<hex>` of our part as last written. */
  files: z.record(z.string(), z.string()),
});
export type WrittenRecord = z.infer<typeof WrittenRecord>;

export const recordPath = (stateRoot: string): string => path.join(stateRoot, RECORD_FILE);

export function loadWrittenRecord(stateRoot: string): WrittenRecord {
  const file = recordPath(stateRoot);
  if (!existsSync(file)) return { files: {} };
  const fix = `delete it to start over (bo then keeps every agent file that differs from what it would write, until --force)`;
  let raw: unknown;
  try {
    raw = parseJson(readFileSync(file, 'utf8'));
  } catch (error) {
    const e = error as JsonParseError;
    throw new BoError('BO_ERR_STATE_CORRUPT', `${file}:${e.line}:${e.column}: ${e.message}; ${fix}`);
  }
  const result = check(WrittenRecord, raw);
  if (!result.ok) throw new BoError('BO_ERR_STATE_CORRUPT', `${file}: ${result.errors.join('; ')}; ${fix}`);
  return result.value;
}

/** Writes the record if its content changed; returns whether it did. */
export async function saveWrittenRecord(stateRoot: string, before: WrittenRecord, after: WrittenRecord): Promise<boolean> {
  const text = stableStringify(after);
  if (existsSync(recordPath(stateRoot)) && text === stableStringify(before)) return false;
  await writeFileAtomic(recordPath(stateRoot), text);
  return true;
}
