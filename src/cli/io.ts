/** Where the CLI writes, and how: plain text or colour (TTY, NO_COLOR honoured), JSON, tables. */
import { stableStringify } from '../core/json.js';

export interface Io {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
}

const CODES = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39] } as const;
export type Style = keyof typeof CODES;

export function colorEnabled(io: Io, stream: 'stdout' | 'stderr' = 'stdout'): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return Boolean(io[stream].isTTY) && io.env.TERM !== 'dumb';
}

export type Paint = (style: Style, text: string) => string;

export function painter(enabled: boolean): Paint {
  return (style, text) => (enabled ? `\u001b[${CODES[style][0]}m${text}\u001b[${CODES[style][1]}m` : text);
}

export function printJson(io: Io, value: unknown): void {
  io.stdout.write(value === null ? 'null\n' : stableStringify(value));
}

/** A plain text table: columns padded to the widest cell, the last column left ragged. */
export function table(headers: string[], rows: string[][], paint?: Paint): string {
  const width = (text: string) => text.replace(/\u001b\[\d+m/g, '').length;
  const widths = headers.map((header, i) => Math.max(width(header), ...rows.map((row) => width(row[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - width(cell))))
      .join('  ')
      .trimEnd();
  const head = line(headers);
  return [paint ? paint('bold', head) : head, ...rows.map(line)].join('\n') + '\n';
}
