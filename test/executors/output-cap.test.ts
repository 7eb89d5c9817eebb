/** The log's size cap: the first and last halves kept, the middle counted and noted. */
import { describe, expect, it } from 'vitest';
import { lastLines, OutputCap } from '../../src/executors/output-cap.js';

function run(cap: OutputCap, chunks: string[]): string {
  return chunks.map((c) => cap.accept(Buffer.from(c)).toString()).join('') + cap.finish().toString();
}

describe('OutputCap', () => {
  it('passes output under the cap through whole', () => {
    const cap = new OutputCap(20);
    expect(run(cap, ['hello ', 'world'])).toBe('hello world');
    expect(cap.summary()).toEqual({ produced: 11, omitted: 0 });
  });

  it('over the cap keeps the beginning and the end, and says how much is left out', () => {
    const cap = new OutputCap(10);
    const text = run(cap, ['01234', '56789', 'abcdefghij', 'KLMNO']);
    expect(text.startsWith('01234\n[bo: 15 bytes of output left out here; the log keeps the first and last 10 bytes]\n')).toBe(true);
    expect(text.endsWith('KLMNO')).toBe(true);
    expect(cap.summary()).toEqual({ produced: 25, omitted: 15 });
  });

  it('trims the held tail inside a chunk', () => {
    const cap = new OutputCap(4);
    const text = run(cap, ['ab', 'cdefgh']);
    expect(text).toBe('ab\n[bo: 4 bytes of output left out here; the log keeps the first and last 4 bytes]\ngh');
  });

  it('refuses a cap too small to keep anything', () => {
    expect(() => new OutputCap(1)).toThrow(/at least 2 bytes/);
  });
});

describe('lastLines', () => {
  it('the last lines, trailing blank lines dropped', () => {
    expect(lastLines('a\nb\nc\n\n', 2)).toEqual(['b', 'c']);
    expect(lastLines('only', 5)).toEqual(['only']);
    expect(lastLines('  \n', 3)).toEqual([]);
  });
});
