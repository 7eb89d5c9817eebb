/** The CPU steal the benchmarks report beside their latency figures (bench/machine.ts). */
import { describe, expect, it } from 'vitest';
import { readCpuTicks, stealNote, stealPercent } from '../../bench/machine.js';

const stat = (steal: number, idle: number) => `cpu  1000 10 500 ${idle} 20 0 30 ${steal} 0 0\ncpu0 500 5 250 ${idle / 2} 10 0 15 ${steal / 2} 0 0\n`;

describe('CPU steal', () => {
  it('reads the machine-wide counters and gives the share stolen between two readings', () => {
    const before = readCpuTicks(stat(100, 8000));
    expect(before).toEqual({ steal: 100, total: 1000 + 10 + 500 + 8000 + 20 + 30 + 100 });
    const after = readCpuTicks(stat(300, 8800));
    // 200 of the 1,000 ticks between the readings were stolen.
    expect(stealPercent(before, after)).toBe(20);
    expect(stealNote(20)).toBe(', CPU steal 20 % (time the host gave to others)');
  });

  it('says nothing when it cannot tell', () => {
    expect(readCpuTicks('intr 1 2 3\n')).toBeUndefined();
    expect(readCpuTicks('cpu  1 2 x\n')).toBeUndefined();
    expect(stealPercent(undefined, readCpuTicks(stat(1, 1)))).toBeUndefined();
    const same = readCpuTicks(stat(1, 1));
    expect(stealPercent(same, same)).toBeUndefined();
    expect(stealNote(undefined)).toBe('');
    expect(stealNote(0)).toBe('');
  });

  it('reads this machine where /proc/stat exists', () => {
    const ticks = readCpuTicks();
    if (ticks) expect(ticks.total).toBeGreaterThan(0);
  });
});

describe('disk flush latency', () => {
  it('times atomic task-sized writes and leaves nothing behind', async () => {
    const { mkdtempSync, readdirSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { flushLatency } = await import('../../bench/machine.js');
    const dir = mkdtempSync(path.join(tmpdir(), 'bo-flush-test-'));
    try {
      const { p50, p99 } = flushLatency(dir, 20);
      expect(p50).toBeGreaterThan(0);
      expect(p99).toBeGreaterThanOrEqual(p50);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('percentile', () => {
  it('is the nearest rank of the sorted values', async () => {
    const { percentile } = await import('../../bench/figure.js');
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});
