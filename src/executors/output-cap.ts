/**
 * Size-capped command output: an agent may print megabytes (a test run, a dependency install).
 * The log keeps the beginning (what was asked, how it started) and the end (how it failed): the
 * first half of the cap is passed through as it comes, the last half is held back in a rolling
 * tail and written at the end after a note saying how much was left out. Pure: it hands back the
 * bytes to write and never touches the disk.
 */

export interface CapSummary {
  /** Bytes the command produced. */
  produced: number;
  /** Bytes left out of the log (0 when nothing was). */
  omitted: number;
}

export class OutputCap {
  private readonly headBytes: number;
  private readonly tailBytes: number;
  private passed = 0;
  private produced = 0;
  private tail: Buffer[] = [];
  private tailSize = 0;
  private dropped = 0;

  constructor(capBytes: number) {
    if (!(capBytes >= 2)) throw new Error(`the log cap must be at least 2 bytes (got ${capBytes})`);
    this.headBytes = Math.floor(capBytes / 2);
    this.tailBytes = capBytes - this.headBytes;
  }

  /** Takes a chunk of output; returns the part to write now (possibly empty). */
  accept(chunk: Buffer): Buffer {
    this.produced += chunk.length;
    const room = this.headBytes - this.passed;
    const now = chunk.subarray(0, Math.max(0, room));
    this.passed += now.length;
    const rest = chunk.subarray(now.length);
    if (rest.length) this.hold(rest);
    return now;
  }

  /** What to write at the end: the note about the left-out part, then the held-back tail. */
  finish(): Buffer {
    const tail = Buffer.concat(this.tail);
    this.tail = [];
    this.tailSize = 0;
    if (this.dropped === 0) return tail;
    return Buffer.concat([Buffer.from(`\n[bo: ${this.dropped} bytes of output left out here; the log keeps the first and last ${this.headBytes + this.tailBytes} bytes]\n`), tail]);
  }

  summary(): CapSummary {
    return { produced: this.produced, omitted: this.dropped };
  }

  private hold(bytes: Buffer): void {
    this.tail.push(Buffer.from(bytes));
    this.tailSize += bytes.length;
    while (this.tailSize > this.tailBytes) {
      const first = this.tail[0] as Buffer;
      const excess = this.tailSize - this.tailBytes;
      if (first.length <= excess) {
        this.tail.shift();
        this.tailSize -= first.length;
        this.dropped += first.length;
      } else {
        this.tail[0] = first.subarray(excess);
        this.tailSize -= excess;
        this.dropped += excess;
      }
    }
  }
}

/** The last `count` lines of a text (for a failure message: how the command ended). */
export function lastLines(text: string, count: number): string[] {
  const trimmed = text.replace(/\s+$/, '');
  if (!trimmed) return [];
  const lines = trimmed.split(/\r?\n/);
  return lines.slice(Math.max(0, lines.length - count));
}
