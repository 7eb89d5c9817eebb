/**
 * Crash-safe file writes: the new content goes to a temp file in the same directory, is flushed
 * to disk, then renamed over the target. A reader sees the old file or the new one, never half.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

export const TEMP_SUFFIX = '.tmp';

export function tempPathFor(target: string): string {
  const dir = path.dirname(target);
  return path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
}

export async function writeFileAtomic(target: string, content: string): Promise<void> {
  const temp = tempPathFor(target);
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** `.name.json.<pid>.<rand>.tmp`: the pid of the writer that left a temp file behind. */
export function tempFileOwner(fileName: string): number | undefined {
  const match = /\.(\d+)\.[0-9a-f]+\.tmp$/.exec(fileName);
  return match ? Number(match[1]) : undefined;
}
