import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  json<T = any>(): T;
}

/** Runs the CLI in-process (no child process, so coverage counts) with captured output. */
export async function bo(cwd: string, args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    env: { NO_COLOR: '1', ...env },
  };
  const code = await main(args, io, cwd);
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}
