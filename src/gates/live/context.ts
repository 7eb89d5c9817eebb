/** The live context of one `bo check --live` run: resources opened on demand and closed in reverse order. */
import type { LiveContext, LiveOptions, Measurement } from './types.js';

export interface LiveRun extends LiveContext {
  /** Closes every resource opened, newest first; errors are collected, never thrown. */
  close(): Promise<string[]>;
  measurements(): Map<string, Measurement>;
}

export function createLiveContext(options: LiveOptions, signal: AbortSignal, progress: LiveContext['progress'] = () => undefined): LiveRun {
  const opened = new Map<string, { value: Promise<unknown>; close: (value: unknown) => Promise<void> | void }>();
  const measured = new Map<string, Measurement>();
  return {
    options,
    signal,
    progress,
    resource<T>(key: string, open: () => Promise<T>, close: (value: T) => Promise<void> | void): Promise<T> {
      let entry = opened.get(key);
      if (!entry) {
        entry = { value: open(), close: close as (value: unknown) => Promise<void> | void };
        opened.set(key, entry);
      }
      return entry.value as Promise<T>;
    },
    measure(metricId, measurement) {
      measured.set(metricId, measurement);
    },
    measured: (metricId) => measured.get(metricId),
    measurements: () => measured,
    async close() {
      const problems: string[] = [];
      for (const [key, entry] of [...opened.entries()].reverse()) {
        try {
          await entry.close(await entry.value);
        } catch (error) {
          problems.push(`${key}: ${(error as Error).message}`);
        }
      }
      opened.clear();
      return problems;
    },
  };
}
