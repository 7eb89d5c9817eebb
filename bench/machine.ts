/**
 * What the machine itself gives, reported beside the latency figures that depend on it:
 * - CPU steal: the share of this machine's CPU time its host gave to someone else (Linux
 *   /proc/stat); on a shared virtual machine latency swings with it;
 * - the disk's flush latency: a claim waits for one atomic task write (temp file, fdatasync,
 *   rename), so a claim's p99 cannot be below the disk's.
 */
import { closeSync, fdatasyncSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { percentile } from './figure.js';

interface CpuTicks {
  steal: number;
  total: number;
}

/** The machine-wide CPU tick counters, or undefined where /proc/stat is not there. */
export function readCpuTicks(text?: string): CpuTicks | undefined {
  let stat = text;
  if (stat === undefined) {
    try {
      stat = readFileSync('/proc/stat', 'utf8');
    } catch {
      return undefined;
    }
  }
  const line = stat.split('\n', 1)[0] ?? '';
  if (!line.startsWith('cpu ')) return undefined;
  // user nice system idle iowait irq softirq steal [guest guest_nice: already in user and nice]
  const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (fields.length < 8 || fields.some((n) => !Number.isFinite(n))) return undefined;
  return { steal: fields[7] as number, total: fields.reduce((sum, n) => sum + n, 0) };
}

/** The steal between two readings, in percent of all CPU time (one decimal); undefined if unknown. */
export function stealPercent(before: CpuTicks | undefined, after: CpuTicks | undefined): number | undefined {
  if (!before || !after || after.total <= before.total) return undefined;
  return Math.round((1000 * (after.steal - before.steal)) / (after.total - before.total)) / 10;
}

/** Runs `work` and says how much CPU steal there was meanwhile. */
export async function measuringSteal<T>(work: () => Promise<T>): Promise<{ result: T; steal: number | undefined }> {
  const before = readCpuTicks();
  const result = await work();
  return { result, steal: stealPercent(before, readCpuTicks()) };
}

/**
 * p50 and p99 (ms) of `count` atomic writes of a task-sized file in `parent` (temp file, write,
 * fdatasync, rename over the last one): the flush every claim on the file store waits for.
 */
export function flushLatency(parent: string, count = 400): { p50: number; p99: number } {
  const dir = mkdtempSync(path.join(parent, 'bo-flush-'));
  const content = `${'x'.repeat(1500)}\n`;
  const times: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      const fd = openSync(path.join(dir, 'task.json.tmp'), 'w');
      writeSync(fd, content);
      fdatasyncSync(fd);
      closeSync(fd);
      renameSync(path.join(dir, 'task.json.tmp'), path.join(dir, 'task.json'));
      times.push(performance.now() - started);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => Math.round(100 * percentile(times, p)) / 100;
  return { p50: at(50), p99: at(99) };
}

/** ", CPU steal 12.5 %" for a figure's detail, or nothing when unknown or none. */
export const stealNote = (steal: number | undefined): string => (steal === undefined || steal === 0 ? '' : `, CPU steal ${steal} % (time the host gave to others)`);
