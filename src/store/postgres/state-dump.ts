/**
 * A project's whole state as values, the way `bo migrate-store` moves it between stores: tasks
 * (active and archived), the registry, reports (in the order they were saved), the event outbox
 * (with its sequence numbers) and webhook delivery state. Each part is summarised by its count
 * and a SHA-256 over its items in canonical JSON, so that the copy can be verified against the
 * original whatever the store's own formatting. Pure.
 */
import { createHash } from 'node:crypto';
import { compareText } from '../../core/compare.js';
import { stableStringify } from '../../core/json.js';
import type { DeliveryState } from '../../events/webhooks/delivery-state.js';
import type { StoredEvent } from '../../events/types.js';
import type { RegistryKind } from '../../registry/schema.js';
import type { Task } from '../../tasks/schema.js';

export interface SavedReport {
  scope: string;
  id: string;
  report: unknown;
}

export interface StateDump {
  tasks: Task[];
  /** Each registry kind that was ever written: its stored text. */
  registry: { kind: RegistryKind; text: string }[];
  /** Oldest first: the last of a scope is its `latest`. */
  reports: SavedReport[];
  events: StoredEvent[];
  /** Leases are not part of the state that moves (no dispatcher holds one across the move). */
  deliveries: DeliveryState[];
}

export const SECTIONS = ['tasks', 'registry', 'reports', 'events', 'deliveries'] as const;
export type Section = (typeof SECTIONS)[number];

export interface SectionSummary {
  section: Section;
  count: number;
  checksum: string;
}

/** Registry texts compare by content (a hand-edited file may be formatted differently). */
const canonicalText = (text: string): string => {
  try {
    return stableStringify(JSON.parse(text));
  } catch {
    return text;
  }
};

/** The items of each section in a fixed order, as canonical JSON. */
function canonicalItems(dump: StateDump): Record<Section, string[]> {
  const latest = new Map<string, string>();
  for (const r of dump.reports) latest.set(r.scope, r.id);
  return {
    tasks: [...dump.tasks].sort((a, b) => compareText(a.id, b.id)).map((task) => stableStringify(task)),
    registry: [...dump.registry].sort((a, b) => compareText(a.kind, b.kind)).map((r) => `${r.kind}\n${canonicalText(r.text)}`),
    reports: [...dump.reports]
      .sort((a, b) => compareText(a.scope, b.scope) || compareText(a.id, b.id))
      .map((r) => stableStringify({ scope: r.scope, id: r.id, latest: latest.get(r.scope) === r.id, report: r.report })),
    events: [...dump.events].sort((a, b) => a.seq - b.seq).map((e) => stableStringify(e)),
    deliveries: [...dump.deliveries].sort((a, b) => compareText(a.subscription, b.subscription)).map((d) => stableStringify({ ...d, lease: null })),
  };
}

export function summarise(dump: StateDump): SectionSummary[] {
  const items = canonicalItems(dump);
  return SECTIONS.map((section) => {
    const hash = createHash('sha256');
    for (const item of items[section]) hash.update(item).update('\u0000');
    return { section, count: items[section].length, checksum: hash.digest('hex') };
  });
}

/** What differs between the original's summary and the copy's, as sentences (none: verified). */
export function differences(original: readonly SectionSummary[], copy: readonly SectionSummary[]): string[] {
  return original.flatMap((o) => {
    const c = copy.find((s) => s.section === o.section);
    if (!c) return [`${o.section}: missing from the copy`];
    if (c.count !== o.count) return [`${o.section}: ${o.count} in the original, ${c.count} in the copy`];
    if (c.checksum !== o.checksum) return [`${o.section}: same count (${o.count}) but different content (checksum ${o.checksum.slice(0, 12)} ≠ ${c.checksum.slice(0, 12)})`];
    return [];
  });
}
